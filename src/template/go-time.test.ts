/**
 * time.Time / time.Duration printing, layouts, JSON and parsing against Go: the lines of
 * test/fixtures/templates/go/time/expected.txt, produced by go/time/main.go.
 */
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GoDuration, GoTime } from './go-time.ts';
import { parseTime } from './go-time-parse.ts';
import { UTC, fixedZone, loadLocation } from './go-zone.ts';

const expected = readFileSync(new URL('../../test/fixtures/templates/go/time/expected.txt', import.meta.url), 'utf8').split('\n');

const LAYOUTS = [
  'Mon Jan _2 15:04:05 2006', 'Mon Jan _2 15:04:05 MST 2006', 'Mon Jan 02 15:04:05 -0700 2006', '02 Jan 06 15:04 MST',
  '02 Jan 06 15:04 -0700', 'Monday, 02-Jan-06 15:04:05 MST', 'Mon, 02 Jan 2006 15:04:05 MST', 'Mon, 02 Jan 2006 15:04:05 -0700',
  '2006-01-02T15:04:05Z07:00', '2006-01-02T15:04:05.999999999Z07:00', '3:04PM', 'Jan _2 15:04:05', 'Jan _2 15:04:05.000',
  'Jan _2 15:04:05.000000', 'Jan _2 15:04:05.000000000',
  '2006-01-02 15:04:05.000 Z07 -07 Z070000 -07:00:00 __2 002 _2 pm PM 3 03 4 5 06 Monday',
  'Jan January Janx Mon Monx .9 ,000 .99 .0 _2006 05.999',
];

function ours(): string[] {
  const out: string[] = [];
  const t = GoTime.date(2026, 11, 21, 0, 29, 41, 451541418, UTC);
  out.push(t.String(), GoTime.zero().String());
  const paris = loadLocation('Europe/Paris');
  const times = [
    t, t.In(paris), t.In(loadLocation('America/New_York')), t.In(loadLocation('Asia/Kolkata')),
    GoTime.date(2026, 7, 4, 13, 5, 9, 120000000, paris), GoTime.date(2040, 7, 4, 13, 5, 9, 0, paris),
    GoTime.date(1, 1, 1, 0, 0, 0, 0, UTC), GoTime.date(2026, 1, 3, 0, 0, 0, 500, fixedZone('', 5 * 3600 + 1800)),
  ];
  for (const tt of times) {
    out.push(tt.String());
    for (const l of LAYOUTS) out.push(tt.Format(l));
    out.push(JSON.stringify(tt));
  }
  for (const d of [0n, 1n, 999n, 1000n, 1500n, 1500000n, 1000000000n, 3723500000000n, -90000000000n, 120000000000n, 3600000000000n, (1n << 63n) - 1n, -(1n << 63n)]) {
    out.push(new GoDuration(d).String());
  }
  const parses: Array<[string, string]> = [
    ['2006-01-02T15:04:05Z07:00', '2026-11-21T00:29:41.451541418Z'], ['2006-01-02T15:04:05Z07:00', '2026-11-21T02:29:41+02:00'],
    ['2006-01-02', '2026-02-30'], ['2006-01-02', 'x'], ['2006-01-02', '2026-01-02x'], ['15:04', '25:00'],
    ['Jan 2 2006 3:04PM MST', 'Feb 3 2024 4:05PM CET'], ['02/01/2006 15:04:05.000', '03/02/2024 10:11:12.345'],
    ['2006-01-02 15:04:05 -0700', '2024-03-02 10:11:12 +0530'], ['Mon, 02 Jan 2006 15:04:05 MST', 'Sat, 21 Nov 2026 00:29:41 UTC'],
  ];
  for (const [l, v] of parses) {
    try {
      out.push(`${parseTime(l, v, UTC).String()} <nil>`);
    } catch (e) {
      out.push(`0001-01-01 00:00:00 +0000 UTC ${(e as Error).message}`);
    }
  }
  return out;
}

test('String, Format (every layout element), MarshalJSON, Duration.String and Parse print as Go does', () => {
  const got = ours();
  assert.deepEqual(got, expected.slice(0, got.length));
  assert.equal(expected.length, got.length + 1);
});

test('Sub saturates, Add and Unix agree, IsZero only for the zero time', () => {
  const t = GoTime.date(2026, 11, 21, 0, 29, 41, 451541418, UTC);
  assert.equal(t.Sub(GoTime.zero()).ns, (1n << 63n) - 1n);
  assert.equal(t.Add(new GoDuration(-1_451_541_418n)).String(), '2026-11-21 00:29:40 +0000 UTC');
  assert.equal(t.Unix(), 1795220981n);
  assert.equal(GoTime.zero().IsZero(), true);
  assert.equal(t.IsZero(), false);
  assert.equal(GoTime.fromUnixNano(-1n).String(), '1969-12-31 23:59:59.999999999 +0000 UTC');
});

test('Parse names what follows a bad year and a bad fraction as Go does, and takes a fraction with a sign', () => {
  const outcome = (layout: string, value: string): string => {
    try {
      return String(parseTime(layout, value, UTC).nsec);
    } catch (e) {
      return (e as Error).message;
    }
  };
  // Printed by Go 1.19's time.Parse for the same inputs.
  assert.equal(outcome('2006-01-02', '20x6-01-02'), 'parsing time "20x6-01-02" as "2006-01-02": cannot parse "-01-02" as "2006"');
  assert.equal(outcome('15:04:05.000', '10:00:00.1x2'), 'parsing time "10:00:00.1x2" as "15:04:05.000": cannot parse "" as ".000"');
  assert.equal(outcome('15:04:05.000', '10:00:00.-12'), 'parsing time "10:00:00.-12": fractional second out of range');
  assert.equal(outcome('15:04:05.000', '10:00:00.+12'), '12000000');
});
