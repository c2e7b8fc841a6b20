// Silence matching with 1,000 silences against 100,000 alerts: the matching index, the cached
// Silencer (cold and warm) and, for scale, a brute-force scan.
// Run: node --import tsx bench/silences-match.ts
import { performance } from 'node:perf_hooks';
import { fingerprint } from '../src/labels/label-set.ts';
import type { LabelSet } from '../src/labels/label-set.ts';
import { Matcher, matchesLabels } from '../src/labels/matcher.ts';
import { FakeClock } from '../src/common/fake-clock.ts';
import { MemorySilenceStore } from '../src/silences/memory-silence-store.ts';
import { prng } from '../src/common/prng.ts';
import { matcherOperator } from '../src/silences/silence.ts';
import type { SilenceMatcher } from '../src/silences/silence.ts';
import { Silencer } from '../src/silences/silencer.ts';

const SILENCES = 1000;
const ALERTS = 100_000;
const rand = prng(1);
const int = (n: number): number => Math.floor(rand() * n);
const eq = (name: string, value: string): SilenceMatcher => ({ name, value, isRegex: false, isEqual: true });
const re = (name: string, value: string, isEqual = true): SilenceMatcher => ({ name, value, isRegex: true, isEqual });

function alertLabels(i: number): LabelSet {
  return {
    alertname: `Alert${i % 500}`,
    namespace: `ns-${i % 200}`,
    instance: `host-${i}`,
    job: `job-${i % 50}`,
    severity: i % 3 === 0 ? 'critical' : 'warning',
    cluster: `c${i % 5}`,
  };
}

// A realistic mix: mostly alertname/namespace equality, some literal alternations, a few open regexes.
function silenceMatchers(): SilenceMatcher[] {
  const kind = rand();
  if (kind < 0.5) return [eq('alertname', `Alert${int(500)}`), eq('namespace', `ns-${int(200)}`)];
  if (kind < 0.7) return [eq('namespace', `ns-${int(200)}`), re('severity', 'critical|warning')];
  if (kind < 0.85) return [re('instance', `host-${int(ALERTS)}|host-${int(ALERTS)}|host-${int(ALERTS)}`)];
  if (kind < 0.95) return [eq('cluster', `c${int(5)}`), eq('job', `job-${int(50)}`), re('alertname', 'Alert1.*')];
  return [re('alertname', `Alert${int(500)}.*`), re('severity', 'info', false)];
}

const clock = new FakeClock();
const store = new MemorySilenceStore({ clock, retentionMs: 0, matcherMode: 'fallback' });
const now = clock.now();
for (let i = 0; i < SILENCES; i++) {
  await store.set({ matchers: silenceMatchers(), startsAt: now, endsAt: now + 3_600_000, createdBy: 'bench', comment: '' });
}
const alerts = Array.from({ length: ALERTS }, (_, i) => alertLabels(i));
const fps = alerts.map((ls) => fingerprint(ls));

function time(label: string, n: number, fn: () => number): void {
  const start = performance.now();
  const hits = fn();
  const ms = performance.now() - start;
  console.log(`${label.padEnd(44)} ${ms.toFixed(1).padStart(8)} ms  ${((ms * 1e6) / n).toFixed(0).padStart(7)} ns/alert  (${hits} muted)`);
}

console.log(`${SILENCES} silences (${store.indexStats.unanchored} unanchored), ${ALERTS} alerts`);
time('index query (store.query matches+active)', ALERTS, () => {
  let hits = 0;
  for (const labels of alerts) if (store.query({ matches: labels, states: ['active'] }).length > 0) hits++;
  return hits;
});
const silencer = new Silencer(store, { clock });
time('Silencer.mutes, cold cache', ALERTS, () => alerts.reduce((n, ls, i) => n + (silencer.mutes(ls, fps[i] as string).length > 0 ? 1 : 0), 0));
time('Silencer.mutes, warm cache', ALERTS, () => alerts.reduce((n, ls, i) => n + (silencer.mutes(ls, fps[i] as string).length > 0 ? 1 : 0), 0));
await store.set({ matchers: [eq('alertname', 'Alert7')], startsAt: now, endsAt: now + 3_600_000, createdBy: 'bench', comment: '' });
time('Silencer.mutes after one new silence', ALERTS, () => alerts.reduce((n, ls, i) => n + (silencer.mutes(ls, fps[i] as string).length > 0 ? 1 : 0), 0));

const compiled = store.query().map((s) => s.matchers.map((m) => Matcher.create(m.name, matcherOperator(m), m.value)));
const sample = alerts.slice(0, 10_000);
time('brute-force scan (10k alerts sample)', sample.length, () => {
  let hits = 0;
  for (const labels of sample) if (compiled.some((ms) => matchesLabels(ms, labels))) hits++;
  return hits;
});
