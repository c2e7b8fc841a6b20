import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import { test } from 'node:test';
import { fnv64Hex, fnv64High, fnv64Low, fnv64Reset } from './fnv64.ts';

function fnv64a(bytes: Uint8Array): string {
  const state = new Int32Array(2);
  fnv64Reset(state);
  let high = state[0] as number;
  let low = state[1] as number;
  for (const byte of bytes) {
    const x = low ^ byte;
    low = fnv64Low(x);
    high = fnv64High(high, x);
  }
  state[0] = high;
  state[1] = low;
  return fnv64Hex(state);
}

test('the steps compute FNV-1a 64 as Go hash/fnv.New64a does', () => {
  // Sum64 printed by Go 1.19's hash/fnv for the same bytes.
  assert.equal(fnv64a(new Uint8Array()), 'cbf29ce484222325');
  assert.equal(fnv64a(Buffer.from('a')), 'af63dc4c8601ec8c');
  assert.equal(fnv64a(Buffer.from('foobar')), '85944171f73967e8');
  assert.equal(fnv64a(Buffer.concat([Buffer.from([0xff, 0x00, 0x80]), Buffer.from('é')])), '8a2e2de14c79b02a');
});

test('the steps agree with BigInt arithmetic on every byte value from many states', () => {
  const prime = (1n << 40n) + 0x1b3n;
  const mask = (1n << 64n) - 1n;
  let reference = 0xcbf29ce484222325n;
  const state = new Int32Array(2);
  fnv64Reset(state);
  let high = state[0] as number;
  let low = state[1] as number;
  for (let i = 0; i < 5_000; i++) {
    const byte = (i * 131 + (i >> 3)) & 0xff;
    reference = ((reference ^ BigInt(byte)) * prime) & mask;
    const x = low ^ byte;
    low = fnv64Low(x);
    high = fnv64High(high, x);
    const got = (BigInt(high >>> 0) << 32n) | BigInt(low >>> 0);
    if (got !== reference) assert.fail(`byte ${i}: ${got.toString(16)} != ${reference.toString(16)}`);
  }
});
