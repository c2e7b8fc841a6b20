import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseGoRequestUri } from '../../config/go-url.ts';
import { decodePostableAlerts } from './decode-alerts.ts';
import { prng, randomBelow } from '../../common/prng.ts';

const enc = new TextEncoder();

// Trailing bytes fail JSON.parse but are ignored by Go's json.Decoder, so the suffixed body takes
// the Go-compatible decoder with the same meaning.
function bothPaths(body: string | Uint8Array): { fast: unknown; slow: unknown } {
  const bytes = typeof body === 'string' ? enc.encode(body) : body;
  const slow = new Uint8Array(bytes.length + 2);
  slow.set(bytes);
  slow.set(enc.encode(' x'), bytes.length);
  return { fast: decodePostableAlerts(bytes), slow: decodePostableAlerts(slow) };
}

const VALID = [
  '[]',
  ' \t\r\n[ ] ',
  '[{"labels":{"alertname":"A"}}]',
  '[{"labels":{"alertname":"A","job":"j"},"annotations":{"summary":"s"},"generatorURL":"http://prom/graph?g0.expr=up"}]',
  '[{"labels":{"alertname":"F"},"status":"firing","endsAt":"0001-01-01T00:00:00Z"}]',
  '[{"labels":{"a":"1"}},{"labels":{"b":"2"},"annotations":{}}]',
  '[{"labels":{"π":"∞","emoji":"😀","cjk":"警报"}}]',
  '[{"labels":{"esc":"\\"q\\" \\\\ \\/ \\b\\f\\n\\r\\t","u":"\\u00e9\\u2603\\ud83d\\ude00"}}]',
  '[{"labels":{"nul":"a\\u0000b","slashes":"\\\\\\\\"}}]',
  '[{"labels":{"big":"123456789012345678901234567890","neg":"-1e999"}}]',
  '[{"labels":{"a":"1"},"startsAt":"2024-01-02T03:04:05Z","endsAt":"2024-01-02T03:04:05.123456789+02:00"}]',
  '[{"labels":{"a":"1"},"startsAt":"2024-01-02T03:04:05.5-07:30","endsAt":"2024-01-02T03:04:05-00:00"}]',
  '[{"labels":{"__proto__":"p","constructor":"c"},"__proto__":{"x":[1,{"y":null}]}}]',
  '[{"labels":{"1":"x","0":"y","b":"z"},"extra":[1.5e10,true,null,{"k":"v"}],"Status":"firing"}]',
  '[{"labels":{"a":""},"annotations":{"b":""}}]',
  '[{"labels":{"a":"1"},"generatorURL":""}]',
];

test('the native fast path and the Go-compatible decoder agree on valid bodies', () => {
  for (const body of VALID) {
    const { fast, slow } = bothPaths(body);
    assert.ok(Array.isArray(fast), body);
    assert.deepEqual(fast, slow, body);
    // Key order matters to the fingerprint-free parts of the API (label listing order).
    const keys = (v: unknown) => (v as Array<{ labels: object }>).map((a) => Object.keys(a.labels));
    assert.deepEqual(keys(fast), keys(slow), body);
  }
});

test('both paths give the same error for invalid times, URLs and kinds', () => {
  for (const body of [
    '[{"labels":{"a":"1"},"endsAt":"2024-01-02t03:04:05z"}]',
    '[{"labels":{"a":"1"},"startsAt":"2024-01-02 03:04:05Z"}]',
    '[{"labels":{"a":"1"},"startsAt":"2024-13-02T03:04:05Z"}]',
    '[{"labels":{"a":"1"},"generatorURL":"http://[::1"}]',
    '[{"labels":{"a":1}}]',
    '[{"annotations":{"a":"1"}}]',
    '[null]',
    '[1]',
    '{}',
  ]) {
    const { fast, slow } = bothPaths(body);
    assert.ok(!Array.isArray(fast), body);
    assert.deepEqual(fast, slow, body);
  }
});

test("bodies the native parser reads differently keep Go's meaning and errors", () => {
  const cases: Array<[string, unknown]> = [
    // Go adds a repeated map field to the map already decoded; JSON.parse keeps the last.
    ['[{"labels":{"a":"1"},"labels":{"b":"2"}}]', [{ labels: { a: '1', b: '2' } }]],
    ['[{"labels":{"a":"1"},"Labels":{"b":"2"}}]', [{ labels: { a: '1', b: '2' } }]],
    ['[{"labels":{"a":"1"},"LABELS":{"a":"2"}}]', [{ labels: { a: '2' } }]],
    ['[{"labels":{"a":"1","a":"2"}}]', [{ labels: { a: '2' } }]],
    ['[{"labels":{"a":"1"},"startsAt":"2024-01-02T03:04:05Z","startsAt":null}]', [{ labels: { a: '1' }, startsAt: Date.UTC(2024, 0, 2, 3, 4, 5) }]],
    ['[{"labels":{"a":null}}]', [{ labels: { a: '' } }]],
    ['[{"labels":{"a":"\\ud800"}}]', [{ labels: { a: '\uFFFD' } }]],
    ['[{"labels":{"a":"1"}}] trailing', [{ labels: { a: '1' } }]],
    ['null', []],
  ];
  for (const [body, expected] of cases) {
    const got = decodePostableAlerts(enc.encode(body)) as unknown as Array<Record<string, unknown>>;
    assert.ok(Array.isArray(got), body);
    assert.deepEqual(
      got.map((a) => Object.fromEntries(Object.entries(a).filter(([, v]) => v !== undefined))),
      expected,
      body,
    );
  }
  // An earlier duplicate of the wrong kind is still Go's type error.
  const dup = decodePostableAlerts(enc.encode('[{"labels":{"a":1,"a":"x"}}]'));
  assert.ok(!Array.isArray(dup));
  assert.match(dup.message, /cannot unmarshal number into Go struct field Alert\.labels of type string/u);
  const dupField = decodePostableAlerts(enc.encode('[{"labels":{"a":"x"},"endsAt":5,"endsAt":"2024-01-02T03:04:05Z"}]'));
  assert.ok(!Array.isArray(dupField));
  assert.match(dupField.message, /cannot unmarshal number/u);
});

test('invalid UTF-8 is replaced as before, outside the fast path', () => {
  const bytes = Uint8Array.from([...enc.encode('[{"labels":{"a":"x'), 0xff, 0xc3, ...enc.encode('y"}}]')]);
  const { fast, slow } = bothPaths(bytes);
  assert.deepEqual(fast, slow);
  assert.deepEqual((fast as Array<{ labels: object }>)[0]?.labels, { a: 'x\uFFFD\uFFFDy' });
  const bom = decodePostableAlerts(Uint8Array.from([0xef, 0xbb, 0xbf, ...enc.encode('[]')]));
  assert.ok(!Array.isArray(bom));
});

test('a generatorURL is accepted exactly when net/url.ParseRequestURI accepts it (go-openapi strfmt "uri")', () => {
  // Random URLs around the shapes the shortcut for plain http(s) URLs recognises.
  const pieces = ['http://', 'https://', 'ftp://', 'h', 'prom', ':9090', ':', ':x', '/', '/graph', '?', 'g0.expr=up%3D%3D0', '&i=1', '%', '%4', '%zz', '%41', '#', '#frag', ' ', '[::1]', '@', '~', '\u00e9', '"', '|'];
  const rand = prng(7);
  const next = (n: number): number => randomBelow(rand, n);
  for (let k = 0; k < 3000; k++) {
    let url = '';
    for (let parts = 1 + next(6); parts > 0; parts--) url += pieces[next(pieces.length)] as string;
    const decoded = decodePostableAlerts(enc.encode(JSON.stringify([{ labels: { a: '1' }, generatorURL: url }])));
    let parses = true;
    try {
      parseGoRequestUri(url);
    } catch {
      parses = false;
    }
    assert.equal(Array.isArray(decoded), parses || url === '', url);
  }
});
