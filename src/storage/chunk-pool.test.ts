import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ChunkPool } from './chunk-pool.ts';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const text = (views: readonly Uint8Array[]): string => Buffer.concat(views).toString('utf8');

test('appended parts read back in order, spanning chunk boundaries', () => {
  const pool = new ChunkPool(8);
  const first = pool.append([bytes('abc'), bytes('de')]);
  const second = pool.append([bytes('012345')]);
  const huge = pool.append([bytes('x'.repeat(20))]);
  assert.equal(text(first), 'abcde');
  assert.equal(text(second), '012345');
  assert.equal(second.length, 2, 'split over two chunks');
  assert.equal(text(huge), 'x'.repeat(20));
});

test('released chunks are reused; chunks taken but not released are left alone', () => {
  const pool = new ChunkPool(8, 4);
  const kept = pool.append([bytes('keepme')]);
  const held = pool.take();
  const reused = pool.append([bytes('second')]);
  assert.notEqual(reused[0]?.buffer, kept[0]?.buffer, 'a taken chunk is not written again before release');
  assert.equal(text(kept), 'keepme');
  held.release();
  pool.take().release();
  const third = pool.append([bytes('third')]);
  assert.ok([kept[0]?.buffer, reused[0]?.buffer].includes(third[0]?.buffer), 'a released chunk is reused');
});

test('trim drops the kept chunks: the next append gets a new one', () => {
  const pool = new ChunkPool(8, 4);
  const first = pool.append([bytes('one')]);
  pool.take().release();
  pool.trim();
  const second = pool.append([bytes('two')]);
  assert.notEqual(second[0]?.buffer, first[0]?.buffer);
  assert.equal(text(second), 'two');
});
