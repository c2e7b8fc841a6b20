import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Alert } from '../../alerts/alert.ts';
import { ingestAlerts } from '../../alerts/ingest.ts';
import type { IngestOptions, PostableAlert } from '../../alerts/ingest.ts';
import { decodePostableAlerts } from './decode-alerts.ts';
import { decodeResends } from './decode-resends.ts';
import { prng, randomBelow } from '../../common/prng.ts';

const enc = new TextEncoder();
const NOW = Date.parse('2026-11-21T10:00:00Z');
const OPTIONS: IngestOptions = { now: NOW, resolveTimeoutMs: 300_000, labelNameMode: 'fallback' };

/** What the general path stores for `body`. */
function ingested(body: string): Alert[] {
  const posted = decodePostableAlerts(enc.encode(body));
  assert.ok(Array.isArray(posted), body);
  const { valid, errors } = ingestAlerts(posted, OPTIONS);
  assert.deepEqual(errors, [], body);
  return valid;
}

function storeOf(body: string): (fp: string) => Alert | undefined {
  const held = new Map(ingested(body).map((a) => [a.fingerprint, a]));
  return (fp) => held.get(fp);
}

// Prometheus' shape: fields in struct order, label and annotation names sorted.
function prometheusAlert(i: number, endsAt: string, extra = ''): string {
  return (
    `{"labels":{"alertname":"Alert${i % 7}","instance":"host-${i}:9100","job":"node","severity":"warning"},` +
    `"annotations":{"description":"Down for 5 minutes.","summary":"Instance host-${i} is down"},` +
    `"startsAt":"2026-11-21T09:00:00.123Z","endsAt":"${endsAt}",` +
    `"generatorURL":"http://prometheus:9090/graph?g0.expr=up%3D%3D0&g0.tab=1"${extra}}`
  );
}

const batch = (n: number, endsAt: string): string => `[${Array.from({ length: n }, (_, i) => prometheusAlert(i, endsAt)).join(',')}]`;
const FIRST = batch(20, '2026-11-21T10:04:00Z');
const RESENT = batch(20, '2026-11-21T10:05:00Z');

/** The alerts both paths make of `body` against the store; undefined when the re-send path declines. */
function bothPaths(body: string, stored: (fp: string) => Alert | undefined): { resent: Alert[] | undefined; general: unknown } {
  const bytes = enc.encode(body);
  const general = decodePostableAlerts(bytes);
  const fast = decodeResends(bytes, stored);
  const generalAlerts = Array.isArray(general) ? ingestAlerts(general, OPTIONS) : general;
  return { resent: fast === undefined ? undefined : ingestAlerts(fast, OPTIONS).valid, general: Array.isArray(general) ? (generalAlerts as { valid: Alert[] }).valid : general };
}

test('a re-sent Prometheus batch reads as the general path reads it, reusing the stored maps', () => {
  const stored = storeOf(FIRST);
  const { resent, general } = bothPaths(RESENT, stored);
  assert.ok(resent !== undefined, 'the re-send path takes a plain re-sent batch');
  assert.deepEqual(resent, general);
  for (const alert of resent) {
    const known = stored(alert.fingerprint) as Alert;
    assert.equal(alert.labels, known.labels);
    assert.equal(alert.annotations, known.annotations);
    assert.equal(alert.endsAt, Date.parse('2026-11-21T10:05:00Z'));
  }
});

test('whitespace between tokens, absent times and missing optional fields are read alike', () => {
  const bodies = [
    ' [ {\n\t"labels" : { "a" : "1" , "b" : "2" } ,\r\n "startsAt" : "2026-11-21T09:00:00Z" } ]\n',
    '[{"labels":{"a":"1","b":"2"},"annotations":{},"generatorURL":""}]',
    '[{"generatorURL":"","annotations":{},"labels":{"a":"1","b":"2"},"endsAt":"0001-01-01T00:00:00Z"}]',
    '[{"labels":{"a":"1","b":"2"},"startsAt":""}]',
  ];
  const stored = storeOf('[{"labels":{"a":"1","b":"2"}}]');
  for (const body of bodies) {
    const { resent, general } = bothPaths(body, stored);
    assert.ok(resent !== undefined, body);
    assert.deepEqual(resent, general, body);
  }
});

test('anything but a plain re-send of stored alerts is left to the general decoder', () => {
  const stored = storeOf(FIRST);
  const one = (extra: string, endsAt = '2026-11-21T10:05:00Z'): string => `[${prometheusAlert(3, endsAt, extra)}]`;
  const declined: Record<string, string> = {
    'a new alert in the batch': `[${prometheusAlert(3, '2026-11-21T10:05:00Z')},${prometheusAlert(99, '2026-11-21T10:05:00Z')}]`,
    'changed annotation': RESENT.replace('Down for 5 minutes.', 'Down for 6 minutes.'),
    'an annotation more': one('').replace('"annotations":{', '"annotations":{"a":"x",'),
    'an annotation less': one('').replace('"description":"Down for 5 minutes.",', ''),
    'changed generator URL': one('').replace('g0.tab=1', 'g0.tab=0'),
    'no generator URL where one is stored': one('').replace(/,"generatorURL":"[^"]*"/, ''),
    'labels in another order than stored': one('').replace('"job":"node","severity":"warning"', '"severity":"warning","job":"node"'),
    'a repeated label': one('').replace('"job":"node",', '"job":"node","job":"node",'),
    'a repeated annotation': one('').replace('"description":"Down for 5 minutes.",', '"description":"Down for 5 minutes.","description":"Down for 5 minutes.",'),
    'an escape in a string': one('').replace('Down for', 'Down\\u0020for'),
    'non-ASCII text': one('').replace('Down for', 'Down für'),
    'an unknown field (Flux status)': one(',"status":"firing"'),
    'a field spelled in another case': one('').replace('"generatorURL"', '"generatorUrl"'),
    'a repeated field': one(',"endsAt":"2026-11-21T10:06:00Z"'),
    'an empty label value': one('').replace('"job":"node"', '"job":""'),
    'a time that does not parse': one('', '2026-11-21T25:00:00Z'),
    'a number for a string': one('').replace('"job":"node"', '"job":7'),
    'null for a time': one('').replace(/"endsAt":"[^"]*"/, '"endsAt":null'),
    'no labels': '[{"annotations":{}}]',
    'empty labels': '[{"labels":{}}]',
    'an empty batch': '[]',
    'trailing bytes': `${RESENT} x`,
    'a truncated body': RESENT.slice(0, -1),
    'not an array': prometheusAlert(1, '2026-11-21T10:05:00Z'),
  };
  for (const [why, body] of Object.entries(declined)) assert.equal(decodeResends(enc.encode(body), stored), undefined, why);
});

test('maps in the order the sender wrote them before are re-sends too, sorted or not', () => {
  const first = '[{"labels":{"zone":"b","alertname":"A"},"annotations":{"summary":"s","description":"d"}}]';
  const stored = storeOf(first);
  const { resent, general } = bothPaths(first.replace('}}]', '},"endsAt":"2026-11-21T10:05:00Z"}]'), stored);
  assert.ok(resent !== undefined);
  assert.deepEqual(resent, general);
});

test('a stored alert with the same fingerprint but other labels is not taken for the posted one', () => {
  const body = '[{"labels":{"a":"1"}}]';
  const real = ingested(body)[0] as Alert;
  const impostor: Alert = { ...real, labels: { a: '2' } };
  assert.equal(decodeResends(enc.encode(body), () => impostor), undefined);
  assert.ok(decodeResends(enc.encode(body), () => real) !== undefined);
});

test('a raw control character is declined even where the stored string holds it', () => {
  // Stored from escapes, which JSON allows; written raw, the same characters make a body invalid.
  const stored = storeOf('[{"labels":{"alertname":"A","note":"a\\u0001b"}},{"labels":{"alertname":"B"},"annotations":{"summary":"s\\tt"}}]');
  const inLabel = '[{"labels":{"alertname":"A","note":"a\u0001b"}}]';
  const inAnnotation = '[{"labels":{"alertname":"B"},"annotations":{"summary":"s\tt"}}]';
  for (const body of [inLabel, inAnnotation]) {
    assert.ok(!Array.isArray(decodePostableAlerts(enc.encode(body))), 'the general path rejects the raw character');
    assert.equal(decodeResends(enc.encode(body), stored), undefined, JSON.stringify(body));
  }
  assert.ok(decodeResends(enc.encode('[{"labels":{"alertname":"B"}}]'), storeOf('[{"labels":{"alertname":"B"}}]')) !== undefined);
});

// Random single-byte edits of a re-sent batch: whatever the re-send path accepts, the general
// path must accept with the very same alerts.
test('edited bodies: the re-send path never accepts what the general path reads differently', () => {
  const stored = storeOf(FIRST);
  const base = batch(3, '2026-11-21T10:05:00Z');
  const alphabet = ' \t\n"\\:,{}[]01aZ-.é\u0001\u007f';
  const rand = prng(42);
  const random = (n: number): number => randomBelow(rand, n);
  let accepted = 0;
  for (let round = 0; round < 15_000; round++) {
    let body = base;
    for (let edits = 1 + random(2); edits > 0; edits--) {
      const at = random(body.length);
      const kind = random(3);
      const c = alphabet[random(alphabet.length)] as string;
      body = kind === 0 ? body.slice(0, at) + body.slice(at + 1) : kind === 1 ? body.slice(0, at) + c + body.slice(at) : body.slice(0, at) + c + body.slice(at + 1);
    }
    const { resent, general } = bothPaths(body, stored);
    if (resent === undefined) continue;
    accepted++;
    assert.deepEqual(resent, general, body);
  }
  assert.ok(accepted > 100, `only ${accepted} edited bodies were taken by the re-send path`);
});

test('the posted times and their defaults are those of the general path', () => {
  const stored = storeOf('[{"labels":{"a":"1"}}]');
  const cases: PostableAlert[][] = [];
  for (const times of ['', ',"endsAt":"2026-11-21T09:00:00Z"', ',"startsAt":"2026-11-21T11:00:00Z","endsAt":"2026-11-21T10:30:00Z"']) {
    const body = `[{"labels":{"a":"1"}${times}}]`;
    const fast = decodeResends(enc.encode(body), stored);
    assert.ok(fast !== undefined, body);
    cases.push(fast);
    assert.deepEqual(ingestAlerts(fast, OPTIONS), ingestAlerts(decodePostableAlerts(enc.encode(body)) as PostableAlert[], OPTIONS), body);
  }
  assert.deepEqual(ingestAlerts(cases[2] as PostableAlert[], OPTIONS).errors, ['start time must be before end time']);
});
