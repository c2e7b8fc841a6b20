import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ByteWriter } from './byte-writer.ts';
import { goJsonString } from './go-json-string.ts';
import { writeGoJsonString, writeJsonString } from './json-string-writer.ts';
import { prng } from './prng.ts';

// Every character either writer treats specially, plus plain and multi-byte ones.
const ALPHABET = ['a', ' ', '"', '\\', '/', '\b', '\t', '\n', '\f', '\r', '\u0000', '\u001f', '\u007f', '<', '>', '&', 'é', '\u2028', '\u2029', '\ud800', '\udbff', '\udc00', '\udfff', '\u{1f600}', '\ue000', '\uffff'];

function randomStrings(count: number): string[] {
  const random = prng(5);
  return Array.from({ length: count }, () =>
    Array.from({ length: Math.floor(random() * 10) }, () => ALPHABET[Math.floor(random() * ALPHABET.length)]).join(''),
  );
}

function written(write: (w: ByteWriter, s: string) => void, s: string): string {
  const w = new ByteWriter(4);
  write(w, s);
  return w.toBuffer().toString('utf8');
}

test('writeJsonString writes what JSON.stringify does', () => {
  for (const s of ['', 'plain', ...randomStrings(5000)]) assert.equal(written(writeJsonString, s), JSON.stringify(s), JSON.stringify(s));
});

test('writeGoJsonString writes what goJsonString does', () => {
  for (const s of ['', 'plain', ...randomStrings(5000)]) assert.equal(written(writeGoJsonString, s), goJsonString(s), JSON.stringify(s));
});

test('writeGoJsonString escapes as Go 1.22+ json.Marshal', () => {
  assert.equal(written(writeGoJsonString, 'a"b\\c\b\f\n\r\t\u0001<&>\u2028\u2029\u007f'), '"a\\"b\\\\c\\b\\f\\n\\r\\t\\u0001\\u003c\\u0026\\u003e\\u2028\\u2029\u007f"');
  assert.equal(written(writeGoJsonString, 'x\ud800y\u{1f600}'), '"x\\ufffdy\u{1f600}"');
});
