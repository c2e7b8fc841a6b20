import assert from 'node:assert/strict';
import { test } from 'node:test';
import { prng, randomBelow } from '../../common/prng.ts';
import { goJsonMarshal } from '../../template/go-json.ts';
import { decodeYaml, renderWebhookPayload } from './webhook-payload.ts';

const STRINGS = ['', 'a', 'host-0:9100', 'yes', 'no', 'null', '~', 'true', '1e3', '0x1F', '012', '.inf', '- x', 'k: v', '#c', '"q"', "'s'", 'back\\slash', 'line\nbreak', 'tab\t', ' padded ', 'é日本😀', '<a & b>', '\u2028', '{x}', '[1]', '*ref', '&anchor', '!tag', '%dir', '@', '`'];
const NUMBERS = [0, -0, 1, -7, 42, 123456789, 2 ** 53, -(2 ** 31), 1.5, -0.25, 3.14159, 1e21, 2.5e-7, 1e-300, 6.02e23];

function value(random: () => number, depth: number): unknown {
  const r = random();
  if (depth > 3 || r < 0.45) {
    const s = random();
    if (s < 0.5) return STRINGS[randomBelow(random, STRINGS.length)];
    if (s < 0.8) return NUMBERS[randomBelow(random, NUMBERS.length)];
    if (s < 0.9) return random() < 0.5;
    return null;
  }
  const size = randomBelow(random, 5);
  if (r < 0.7) return Array.from({ length: size }, () => value(random, depth + 1));
  const out: Record<string, unknown> = {};
  for (let i = 0; i < size; i++) out[STRINGS[randomBelow(random, STRINGS.length)] as string] = value(random, depth + 1);
  return out;
}

test('a rendered JSON object or array is decoded as the YAML decoder reads it', () => {
  const random = prng(20261122);
  for (let i = 0; i < 3000; i++) {
    const v = value(random, 0);
    if (v === null || typeof v !== 'object') continue;
    // As toJson renders it (Go's escapes of <, >, & and U+2028), and as a person might write it.
    for (const text of [goJsonMarshal(v), JSON.stringify(v, null, random() < 0.5 ? 2 : undefined)]) {
      const viaYaml = decodeYaml(text);
      assert.ok(viaYaml !== undefined, `YAML failed on ${text}`);
      assert.equal(renderWebhookPayload({ v: text }, (t) => t), `${goJsonMarshal({ v: viaYaml.value })}\n`, `differs for ${text}`);
    }
  }
});

const LINES = ['Labels:', 'Annotations:', 'Source: http://x', 'Labels: x', ' - alertname = a', '  - b', '  nested: 1', 'a: "multi', 'line"', '# comment', '---', '...', 'k: |', '  block', '[a,', 'b]', '? x', ': y', '"Labels": 1', 'Labels : 2', 'x', '- item', 'a: {b: 1,', 'c: 2}', "z: 'q", "w'", 'a: &x 1', 'b: *x', 'Labels:   ', '\tLabels: 1', ''];

test('a rendered text that repeats a key is decoded as the YAML decoder reads it', () => {
  const random = prng(11);
  const expected = (text: string): unknown => {
    const decoded = decodeYaml(text);
    return decoded === undefined || typeof decoded.value === 'string' ? text : decoded.value;
  };
  let repeated = 0;
  for (let i = 0; i < 4000; i++) {
    const lines = Array.from({ length: 1 + randomBelow(random, 8) }, () => LINES[randomBelow(random, LINES.length)] as string);
    const text = lines.join('\n');
    if (/^Labels:/m.test(text) && text.indexOf('Labels:') !== text.lastIndexOf('Labels:')) repeated++;
    assert.equal(renderWebhookPayload({ v: text }, (t) => t), `${goJsonMarshal({ v: expected(text) })}\n`, `differs for ${JSON.stringify(text)}`);
  }
  assert.ok(repeated > 100, `only ${repeated} texts repeat a key`);
});

test("PagerDuty's default list of 10,000 alerts stays text", () => {
  const list = Array.from({ length: 10_000 }, (_, i) => `Labels:\n - alertname = Big\n - instance = host-${i}\nAnnotations:\n - summary = down\nSource: \n`).join('');
  assert.equal(renderWebhookPayload({ firing: list }, (t) => t), `${goJsonMarshal({ firing: list })}\n`);
});

test('a rendered JSON collection of 10,000 alerts is decoded as data', () => {
  const alerts = Array.from({ length: 10_000 }, (_, i) => ({ labels: { alertname: 'Big', instance: `host-${i}` }, status: 'firing' }));
  const body = renderWebhookPayload({ firing: '{{ json }}', count: '{{ n }}' }, (t) => (t === '{{ json }}' ? goJsonMarshal(alerts) : t === '{{ n }}' ? '10000' : t));
  const decoded = JSON.parse(body) as { firing: unknown[]; count: number };
  assert.equal(decoded.count, 10_000);
  assert.equal(decoded.firing.length, 10_000);
  assert.deepEqual(decoded.firing[9_999], alerts[9_999]);
});
