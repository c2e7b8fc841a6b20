import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareGoStrings, isValidUtf8 } from './go-string.ts';

test('compareGoStrings orders like Go (UTF-8 bytes)', () => {
  const table: [string, string, number][] = [
    ['a', 'b', -1],
    ['b', 'a', 1],
    ['a', 'a', 0],
    ['a', 'ab', -1],
    ['B', 'a', -1],
    ['\ue000', '\u{1f600}', -1], // UTF-16 code units would say the opposite
    ['\u{1f600}', '\uffff', 1],
    ['\u{10000}', '\u{1f600}', -1],
    ['\ud7ff', '\ue000', -1],
  ];
  for (const [a, b, sign] of table) assert.equal(Math.sign(compareGoStrings(a, b)), sign, `${a} vs ${b}`);
});

test('isValidUtf8 rejects only lone surrogates', () => {
  assert.equal(isValidUtf8(''), true);
  assert.equal(isValidUtf8('é😀\ufffd'), true);
  assert.equal(isValidUtf8('a\ud800'), false);
  assert.equal(isValidUtf8('\udc00a'), false);
});
