import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import test from 'node:test';
import { nativeFunction } from '../../common/native-addon.ts';
import { prng, randomBelow } from '../../common/prng.ts';
import { writtenMembers, writtenMembersOfText } from './json-members.ts';

const countNative = nativeFunction('countJsonMembers');

// Characters that move the scanners' state, plus multi-byte ones whose UTF-8 bytes must not be
// taken for them.
const STRING_PARTS = ['a', 'Z', ' ', ':', ',', '{', '}', '[', ']', '"', '\\', '/', '\n', '\u0001', 'é', '€', '😀', '\\\\', '":', '\\"'];
const WHITESPACE = ['', '', '', ' ', '\t', '\n', '\r\n  '];

/** A JSON string literal of `value`, with some characters written as \u escapes. */
function stringLiteral(rand: () => number, value: string): string {
  let out = '"';
  for (const ch of value) {
    const code = ch.codePointAt(0) as number;
    if (code > 0xffff || (rand() > 0.2 && ch !== '"' && ch !== '\\' && code >= 0x20)) out += ch;
    else if (rand() < 0.5 && (ch === '"' || ch === '\\')) out += `\\${ch}`;
    else out += `\\u${code.toString(16).padStart(4, '0')}`;
  }
  return `${out}"`;
}

function randomString(rand: () => number): string {
  let s = '';
  for (let n = randomBelow(rand, 12); n > 0; n--) s += STRING_PARTS[randomBelow(rand, STRING_PARTS.length)];
  return s;
}

/** A random JSON value with irregular whitespace, and how many object members it writes. */
function randomValue(rand: () => number, depth: number): { text: string; members: number } {
  const ws = (): string => WHITESPACE[randomBelow(rand, WHITESPACE.length)] as string;
  const kind = depth > 4 ? randomBelow(rand, 3) : randomBelow(rand, 5);
  if (kind === 0) return { text: stringLiteral(rand, randomString(rand)), members: 0 };
  if (kind === 1) return { text: ['true', 'false', 'null', '-1.5e3', '0'][randomBelow(rand, 5)] as string, members: 0 };
  if (kind === 2) return { text: '[]', members: 0 };
  const items: string[] = [];
  let members = 0;
  for (let n = randomBelow(rand, 6); n > 0; n--) {
    const value = randomValue(rand, depth + 1);
    members += value.members;
    if (kind === 3) items.push(`${ws()}${value.text}${ws()}`);
    else {
      members++;
      items.push(`${ws()}${stringLiteral(rand, randomString(rand))}${ws()}:${ws()}${value.text}${ws()}`);
    }
  }
  return kind === 3 ? { text: `[${items.join(',')}]`, members } : { text: `{${items.join(',')}}`, members };
}

function assertCounts(text: string, expected: number, label: string): void {
  JSON.parse(text);
  assert.equal(writtenMembersOfText(text), expected, `JavaScript count, ${label}: ${text}`);
  if (countNative !== undefined) assert.equal(countNative(Buffer.from(text, 'utf8')), expected, `native count, ${label}: ${text}`);
}

test('the native helper counts JSON members where it is built (Linux with a C compiler)', { skip: process.platform === 'linux' ? false : 'only Linux builds it in CI' }, () => {
  assert.ok(countNative !== undefined, 'build/Release/tocsin_native.node is missing or older than countJsonMembers: run `node scripts/build-native.mjs`');
});

test('both counts are the members written in random valid JSON, duplicates included', () => {
  const rand = prng(20261122);
  for (let i = 0; i < 3000; i++) {
    const { text, members } = randomValue(rand, 0);
    assertCounts(text, members, `document ${i}`);
  }
});

test('strings, escapes and colons at every position of the native scan’s 64-byte blocks', () => {
  const tails = [
    { text: '{"a:b":"c\\"d:e","f\\\\":{"g":":"}}', members: 3 },
    { text: '{"\\\\\\"":":\\\\","x":"\\u0022:"}', members: 2 },
    { text: '{"é€😀":"😀:", "k" : "v"}', members: 2 },
  ];
  for (const tail of tails) {
    for (let pad = 0; pad < 140; pad++) {
      assertCounts(`["${'x'.repeat(pad)}",${tail.text}]`, tail.members, `after ${pad} bytes`);
      assertCounts(`["${'\\\\'.repeat(pad >> 1)}${'y'.repeat(pad & 1)}",${tail.text}]`, tail.members, `after ${pad} escaped bytes`);
    }
  }
});

/** Colons outside strings, where a backslash in a string escapes the next byte: what the native count computes on any bytes. */
function colonsOutsideStrings(bytes: Uint8Array): number {
  let n = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i] as number;
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x3a) n++;
  }
  return n;
}

test('on any bytes, JSON or not, the native count is the colons outside strings', { skip: countNative === undefined ? 'native helper not built' : false }, () => {
  const rand = prng(7);
  const alphabet = [0x22, 0x5c, 0x3a, 0x7b, 0x7d, 0x20, 0x61, 0xff];
  for (let i = 0; i < 2000; i++) {
    const bytes = new Uint8Array(randomBelow(rand, 300));
    // Half without backslashes, so that whole 64-byte blocks take the bitmask path.
    const letters = i % 2 === 0 ? alphabet : alphabet.filter((b) => b !== 0x5c);
    for (let k = 0; k < bytes.length; k++) bytes[k] = letters[randomBelow(rand, letters.length)] as number;
    assert.equal((countNative as (json: Uint8Array) => number)(bytes), colonsOutsideStrings(bytes), Buffer.from(bytes).toString('latin1'));
  }
});

test('writtenMembers counts on whichever side is available', () => {
  const text = '[{"labels":{"alertname":"A:B"},"annotations":{"d":"\\"x\\":"}}]';
  assert.equal(writtenMembers(Buffer.from(text), text), 4);
});

test('the native count rejects what is not a Uint8Array', { skip: countNative === undefined ? 'native helper not built' : false }, () => {
  const count = countNative as (json: unknown) => number;
  assert.throws(() => count('[]'), { name: 'TypeError', message: 'countJsonMembers expects a Uint8Array' });
  assert.throws(() => count(new Uint16Array(4)), { name: 'TypeError' });
  assert.equal(count(new Uint8Array(0)), 0);
});
