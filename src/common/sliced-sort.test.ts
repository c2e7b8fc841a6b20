import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countTurns } from '../../test/support/turn-counter.ts';
import { sortInSlices } from './sliced-sort.ts';

const byKey = (a: { key: number }, b: { key: number }): number => a.key - b.key;

/** Items with few distinct keys, each remembering where it started, so stability shows. */
function items(count: number, keys: number): Array<{ key: number; at: number }> {
  let seed = 12345;
  const random = (): number => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed;
  };
  return Array.from({ length: count }, (_, at) => ({ key: random() % keys, at }));
}

test('sorts as the built-in stable sort does, at sizes around and far past one run', async () => {
  for (const count of [0, 1, 31, 32, 33, 63, 64, 65, 255, 257, 1_000, 10_000]) {
    const input = items(count, 50);
    const sorted = await sortInSlices(input, byKey);
    assert.deepEqual(sorted, [...input].sort(byKey), `${count} items`);
  }
});

test('leaves its input as it was', async () => {
  const input = items(2_000, 1_000);
  const before = [...input];
  await sortInSlices(input, byKey);
  assert.deepEqual(input, before);
});

test('yields to other turns while it sorts and merges', async () => {
  const counter = countTurns();
  // A zero budget ends a slice at every clock check.
  const sorted = await sortInSlices(items(20_000, 20_000), byKey, 0);
  const turns = counter.stop();
  for (let i = 1; i < sorted.length; i++) assert.ok((sorted[i - 1]?.key ?? 0) <= (sorted[i]?.key ?? 0));
  assert.ok(turns >= 100, `${turns} other turns ran in between`);
});

test('rejects with what the comparison throws', async () => {
  let calls = 0;
  const failing = (a: number, b: number): number => {
    if (++calls === 5_000) throw new Error('cannot compare');
    return a - b;
  };
  await assert.rejects(sortInSlices(Array.from({ length: 5_000 }, (_, i) => 5_000 - i), failing, 0), /cannot compare/);
});
