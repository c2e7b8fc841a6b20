import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareGoStrings, isValidUtf8, sortGoStrings } from './go-string.ts';
import { prng } from '../common/prng.ts';

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

// Characters from every range where UTF-16 and UTF-8 order could disagree, so random strings meet
// ASCII, BMP, surrogate pairs above U+FFFF and U+E000..U+FFFF; few, so duplicates occur.
const ALPHABET = ['a', 'b', 'B', '_', '0', 'é', '\ud7ff', '\ue000', '\uffff', '\u{10000}', '\u{1f600}'];

function randomString(random: () => number): string {
  let s = '';
  for (let n = Math.floor(random() * 4); n > 0; n--) s += ALPHABET[Math.floor(random() * ALPHABET.length)];
  return s;
}

test('sortGoStrings orders like sorting with compareGoStrings, short and long lists alike', () => {
  const random = prng(1);
  for (let round = 0; round < 2000; round++) {
    const strings = Array.from({ length: Math.floor(random() * 40) }, () => randomString(random));
    const expected = [...strings].sort(compareGoStrings);
    const input = [...strings];
    assert.equal(sortGoStrings(input), input, 'sorts in place');
    assert.deepEqual(input, expected, JSON.stringify(strings));
  }
});

test('sortGoStrings leaves ordered lists as they are', () => {
  assert.deepEqual(sortGoStrings([]), []);
  assert.deepEqual(sortGoStrings(['a', 'a', 'b', '\ue000', '\u{1f600}']), ['a', 'a', 'b', '\ue000', '\u{1f600}']);
});
