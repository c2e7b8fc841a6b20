/**
 * Alertmanager's template functions: string, regexp, URL, base64 and date functions against Go
 * (test/fixtures/templates/go/functions/expected.json from go/functions/main.go), humanizeDuration
 * against prometheus/common's own test table, and the 0.30+ list/dict/toJson helpers.
 */
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { alertmanagerFuncs, humanizeDuration } from './functions.ts';
import { goTitle } from './go-strings.ts';
import { GoDuration, GoTime } from './go-time.ts';
import { loadTemplates } from './alertmanager-templates.ts';
import { buildTemplateData } from './data.ts';

type Fn = (...args: unknown[]) => unknown;
const f = alertmanagerFuncs as Readonly<Record<string, Fn>>;
const call = (name: string, ...args: unknown[]): unknown => (f[name] as Fn)(...args);

interface GoRow {
  readonly fn: string;
  readonly in: string[];
  readonly out: string;
  readonly err?: string;
}

const rows = JSON.parse(readFileSync(new URL('../../test/fixtures/templates/go/functions/expected.json', import.meta.url), 'utf8')) as GoRow[];

for (const r of rows.filter((x) => x.fn !== 'toJson')) {
  test(`${r.fn}(${r.in.map((s) => JSON.stringify(s)).join(', ')}) as Go`, () => {
    const run = (): string => {
      switch (r.fn) {
        case 'titleNoLower':
          return goTitle(r.in[0] as string, true);
        case 'mustToDate':
          return (call('mustToDate', ...r.in) as GoTime).String();
        default:
          return String(call(r.fn, ...r.in));
      }
    };
    if (r.err !== undefined) assert.throws(run, { message: r.err });
    else assert.equal(run(), r.out);
  });
}

test('toJson encodes as Go json.Marshal (sorted keys, HTML-safe, Go floats)', () => {
  const byIn = new Map(rows.filter((x) => x.fn === 'toJson').map((x) => [x.in[0], x.out]));
  assert.equal(call('toJson', { b: 1n, a: ['x<y', 2.5, null, true] }), byIn.get('map[string]interface {}{"a":[]interface {}{"x<y", 2.5, interface {}(nil), true}, "b":1}'));
  assert.equal(call('toJson', 'a&b'), byIn.get('"a&b"'));
  assert.equal(call('toJson', 1e21), byIn.get('1e+21'));
  assert.equal(call('toJson', 1e-7), byIn.get('1e-07'));
  assert.equal(call('toJson', 100), byIn.get('100'));
  assert.equal(call('toJson', []), byIn.get('[]string{}'));
  assert.equal(call('toJson', { 'é': '\u2028' }), byIn.get('map[string]string{"é":"\\u2028"}'));
  // The fixtures come from Go 1.19, which wrote \u0008 and \u000c; Go 1.22+ (Alertmanager 0.34's) writes \b and \f.
  assert.equal(call('toJson', '\b\f\u0001'), '"\\b\\f\\u0001"');
});

test('humanizeDuration follows prometheus/common', () => {
  const table: Array<[unknown, string]> = [
    [0n, '0s'], [1n, '1s'], [60n, '1m 0s'], [3600n, '1h 0m 0s'], [86400n, '1d 0h 0m 0s'], [90000n, '1d 1h 0m 0s'],
    [-(86400n * 2n + 3600n * 3n + 60n * 4n + 5n), '-2d 3h 4m 5s'], [899.99, '14m 59s'], [0.1, '100ms'], [0.0001, '100us'],
    [0.12345, '123.5ms'], [60.1, '1m 0s'], [60.5, '1m 0s'], [1.2345, '1.234s'], [12.345, '12.35s'], ['0', '0s'], ['1', '1s'],
    ['60', '1m 0s'], ['86400', '1d 0h 0m 0s'], ['.1', '100ms'], ['.0001', '100us'], ['12.345', '12.35s'], [-1n, '-1s'],
    [1234567n, '14d 6h 56m 7s'], [new GoDuration(90_000_000_000n), '1m 30s'], [NaN, 'NaN'], [Infinity, '+Inf'],
  ];
  for (const [input, want] of table) assert.equal(humanizeDuration(input), want, String(input));
  assert.throws(() => humanizeDuration('one'), { message: 'strconv.ParseFloat: parsing "one": invalid syntax' });
});

test('date, tz, toDate and since work on Go times', () => {
  const t = GoTime.date(2026, 11, 21, 0, 29, 41, 451541418, GoTime.zero().loc);
  assert.equal(call('date', '2006-01-02 15:04 MST', t), '2026-11-21 00:29 UTC');
  assert.equal(call('date', '15:04 MST', call('tz', 'Europe/Paris', t)), '01:29 CET');
  assert.throws(() => call('tz', 'Mars/Olympus', t), { message: 'unknown time zone Mars/Olympus' });
  assert.equal((call('toDate', '2006-01-02', 'bad') as GoTime).IsZero(), true);
  assert.ok((call('since', GoTime.zero()) as GoDuration).ns > 0n);
  assert.throws(() => call('date', '2006', 'not a time'), { message: 'wrong type for value; expected time.Time; got string' });
});

test('list, append and dict build Go slices and maps', () => {
  assert.deepEqual(call('list'), []);
  assert.deepEqual(call('append', ['a'], 'b', 1n), ['a', 'b', 1n]);
  assert.deepEqual(call('dict', 'a', 1n, 'b', 'x'), { a: 1n, b: 'x' });
  assert.throws(() => call('dict', 'a'), { message: 'dict requires an even number of arguments' });
  assert.throws(() => call('dict', 1n, 'a'), { message: 'dict keys must be strings' });
  const t = loadTemplates([]);
  assert.equal(t.executeText('{{ $d := dict "k" (list 1 "two") }}{{ $d }} {{ index $d "k" }} {{ toJson $d }}', null), 'map[k:[1 two]] [1 two] {"k":[1,"two"]}');
});

test('routeLabels renders route labels as templates once, and detects cycles', () => {
  const t = loadTemplates([]);
  const data = buildTemplateData({
    receiver: 'r', groupLabels: { team: 'db' }, alerts: [], externalURL: '', now: new Date(0),
    routeLabels: { owner: 'team-{{ .GroupLabels.team }}', page: '{{ routeLabels "owner" }}-oncall', a: '{{ routeLabels "b" }}', b: '{{ routeLabels "a" }}' },
  });
  assert.equal(t.executeText('{{ routeLabels "page" }}|{{ routeLabels "missing" }}', data), 'team-db-oncall|');
  assert.throws(() => t.executeText('{{ routeLabels "a" }}', data), /route label cycle detected: a -> b -> a/);
});
