import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import { test } from 'node:test';
import { plainBytes } from './plain-bytes.ts';

test('plainBytes views the same bytes as a plain Uint8Array, whatever kind of Buffer came in', () => {
  const pooled = Buffer.from('{"a":1}');
  const joined = Buffer.concat([Buffer.from('[{"lab'), Buffer.from('els":{}}]')]);
  for (const input of [pooled, joined, pooled.subarray(2, 5), new Uint8Array([1, 2, 3])]) {
    const view = plainBytes(input);
    assert.equal(Object.getPrototypeOf(view), Uint8Array.prototype);
    assert.deepEqual([...view], [...input]);
    // A view, not a copy: the decoders read the request's own bytes.
    assert.equal(view.buffer, input.buffer);
    assert.equal(view.byteOffset, input.byteOffset);
  }
});
