import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeGoJson } from './go-json-decode.ts';

const bytes = (s: string): Uint8Array => Buffer.from(s, 'latin1');

test('syntax errors carry Go encoding/json wording', () => {
  const cases: Array<[string, string]> = [
    ['{', 'unexpected EOF'],
    ['[1,', 'unexpected EOF'],
    ['x', "invalid character 'x' looking for beginning of value"],
    ['{"a" 1}', "invalid character '1' after object key"],
    ['{"a":1 "b"}', `invalid character '"' after object key:value pair`],
    ['{1:2}', "invalid character '1' looking for beginning of object key string"],
    ['[1 2]', "invalid character '2' after array element"],
    ['[tru]', "invalid character ']' in literal true (expecting 'e')"],
    ['[nul]', "invalid character ']' in literal null (expecting 'l')"],
    ['[1.]', "invalid character ']' after decimal point in numeric literal"],
    ['[-]', "invalid character ']' in numeric literal"],
    ['[1e]', "invalid character ']' in exponent of numeric literal"],
    ['["\x01"]', "invalid character '\\x01' in string literal"],
    ['["\\q"]', "invalid character 'q' in string escape code"],
    ['["\\u12x4"]', "invalid character 'x' in \\u hexadecimal character escape"],
    ["['a']", "invalid character '\\'' looking for beginning of value"],
  ];
  for (const [input, message] of cases) {
    assert.deepEqual(decodeGoJson(bytes(input)), { ok: false, empty: false, error: message }, input);
  }
});

test('reads one value and ignores what follows, like json.Decoder', () => {
  assert.deepEqual(decodeGoJson(bytes('[] garbage')), { ok: true, value: [] });
  assert.deepEqual(decodeGoJson(bytes(' \n\t')), { ok: false, empty: true });
  assert.deepEqual(decodeGoJson(bytes('5')), { ok: true, value: { kind: 'number', text: '5' } });
});

test('invalid UTF-8 and unpaired surrogate escapes become U+FFFD; pairs combine', () => {
  const result = decodeGoJson(bytes('["\xff", "\\ud800x", "\\ud83d\\ude00", "\\udc00\\ud800"]'));
  assert.deepEqual(result, { ok: true, value: ['\uFFFD', '\uFFFDx', '\u{1F600}', '\uFFFD\uFFFD'] });
});

test('keeps object members in order, duplicates included', () => {
  const result = decodeGoJson(bytes('{"a":1,"a":"x","__proto__":null}'));
  assert.deepEqual(result, {
    ok: true,
    value: { kind: 'object', members: [['a', { kind: 'number', text: '1' }], ['a', 'x'], ['__proto__', null]] },
  });
});

test('deep nesting is refused with Go\'s message instead of overflowing the stack', () => {
  for (const depth of [1_001, 100_000]) {
    const deep = '['.repeat(depth) + ']'.repeat(depth);
    assert.deepEqual(decodeGoJson(bytes(deep)), { ok: false, empty: false, error: 'exceeded max depth' });
  }
  assert.equal(decodeGoJson(bytes('['.repeat(1_000) + ']'.repeat(1_000))).ok, true);
});
