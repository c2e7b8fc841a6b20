import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hex64 } from './hex.ts';

test('hex64 writes both halves as 16 zero-padded lowercase hex digits', () => {
  assert.equal(hex64(0, 0), '0000000000000000');
  assert.equal(hex64(0xdeadbeef, 0x1234567), 'deadbeef01234567');
  assert.equal(hex64(0xffffffff, 0xffffffff), 'ffffffffffffffff');
});
