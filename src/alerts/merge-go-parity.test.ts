import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { findProgram, runGoProgram } from '../../test/support/programs.ts';
import type { Alert } from './alert.ts';
import { combineAlerts } from './merge.ts';

// Debian's golang-github-prometheus-alertmanager-dev ships the 0.25 source in GOPATH layout.
const GOPATH = '/usr/share/gocode';
const SOURCE = `${GOPATH}/src/github.com/prometheus/alertmanager/provider/mem`;
const skip =
  findProgram('go') === undefined || !existsSync(SOURCE)
    ? 'needs go and golang-github-prometheus-alertmanager-dev (Alertmanager 0.25 source)'
    : false;

interface Side {
  readonly startsAt: number;
  readonly endsAt: number;
  readonly updatedAt: number;
  readonly timeout: boolean;
  readonly note: string;
}

const MINUTE = 60_000;
const NOW = Date.UTC(2026, 0, 1);

function toAlert(s: Side): Alert {
  return {
    fingerprint: 'f',
    labels: { alertname: 'A' },
    annotations: { note: s.note },
    startsAt: NOW + s.startsAt * MINUTE,
    endsAt: NOW + s.endsAt * MINUTE,
    generatorURL: '',
    updatedAt: NOW + s.updatedAt * MINUTE,
    timeout: s.timeout,
  };
}

function fromAlert(a: Alert): Side {
  return {
    startsAt: (a.startsAt - NOW) / MINUTE,
    endsAt: (a.endsAt - NOW) / MINUTE,
    updatedAt: (a.updatedAt - NOW) / MINUTE,
    timeout: a.timeout,
    note: a.annotations['note'] as string,
  };
}

/** Every combination of start/end offsets around now, update order and timeout flags. */
function cases(): { old: Side; new: Side }[] {
  const offsets = [-20, -10, -5, 0, 5, 10, 20];
  const out: { old: Side; new: Side }[] = [];
  for (const os of offsets)
    for (const oe of offsets)
      for (const ns of offsets)
        for (const ne of offsets) {
          if (oe < os || ne < ns) continue;
          for (const [ou, nu] of [
            [-2, -1],
            [-1, -2],
            [-1, -1],
          ] as const)
            for (const ot of [false, true])
              for (const nt of [false, true]) {
                out.push({
                  old: { startsAt: os, endsAt: oe, updatedAt: ou, timeout: ot, note: 'old' },
                  new: { startsAt: ns, endsAt: ne, updatedAt: nu, timeout: nt, note: 'new' },
                });
              }
        }
  return out;
}

test('put/merge matches Alertmanager 0.25 provider/mem for every overlap, order and timeout combination', { skip, timeout: 600_000 }, () => {
  const all = cases();
  const program = fileURLToPath(new URL('./testdata/merge_parity.go', import.meta.url));
  const expected = runGoProgram(program, all, GOPATH) as Side[];
  assert.equal(expected.length, all.length);
  const mismatches: string[] = [];
  all.forEach((c, i) => {
    const got = fromAlert(combineAlerts(toAlert(c.old), toAlert(c.new), NOW));
    const want = expected[i] as Side;
    if (JSON.stringify(got) !== JSON.stringify(want)) {
      mismatches.push(`${JSON.stringify(c)}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
    }
  });
  assert.deepEqual(mismatches.slice(0, 5), [], `${mismatches.length} of ${all.length} cases differ`);
});
