import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ByteWriter } from './byte-writer.ts';

const encoder = new TextEncoder();

test('text appends UTF-8 as TextEncoder encodes it, lone surrogates as U+FFFD', () => {
  const pieces = ['plain', '', 'é', 'ascii then ü', '\u{1f600}', 'a\ud800b', '\udc00', '€'.repeat(40)];
  const w = new ByteWriter(4);
  for (const s of pieces) w.text(s);
  assert.deepEqual(new Uint8Array(w.toBuffer()), encoder.encode(pieces.join('')));
});

test('text appends a range of the string', () => {
  const w = new ByteWriter(4);
  w.text('0123456789', 2, 5);
  w.text('xéy😀z', 1, 5);
  assert.equal(w.toBuffer().toString('utf8'), '234éy😀');
});

test('byte appends one byte; bytes and length expose what was written', () => {
  const w = new ByteWriter(1);
  w.text('ab');
  w.byte(0xff);
  assert.equal(w.length, 3);
  assert.deepEqual([...w.bytes.subarray(0, w.length)], [0x61, 0x62, 0xff]);
});

test('reset starts over; toBuffer returns a copy that later writes leave alone', () => {
  const w = new ByteWriter(16);
  w.text('first');
  const first = w.toBuffer();
  w.reset();
  w.text('second, longer than the initial buffer');
  assert.equal(first.toString('utf8'), 'first');
  assert.equal(w.toBuffer().toString('utf8'), 'second, longer than the initial buffer');
});

test('a writer grown past its retention limit still writes correctly after reset', () => {
  const w = new ByteWriter(16);
  const large = 'x'.repeat(100_000);
  w.text(large);
  assert.equal(w.length, large.length);
  w.reset();
  w.text('small');
  assert.equal(w.toBuffer().toString('utf8'), 'small');
});

test('number appends what String(n) gives', () => {
  const numbers = [0, -0, 7, -7, 9, 10, 99, 100, 1_763_685_000_123, -1_763_685_000_123, Number.MAX_SAFE_INTEGER, 2 ** 53, 0.5, -1.25e-7, 1e21];
  const w = new ByteWriter(2);
  for (const n of numbers) {
    w.number(n);
    w.byte(0x20);
  }
  assert.equal(w.toBuffer().toString('utf8'), numbers.map((n) => `${String(n)} `).join(''));
});

test('toString gives the text written since the last reset', () => {
  const w = new ByteWriter(2);
  w.text('stale');
  w.reset();
  w.text('{"a":"é😀"}');
  w.number(-42);
  assert.equal(w.toString(), '{"a":"é😀"}-42');
});
