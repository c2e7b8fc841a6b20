import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countTurns } from '../../test/support/turn-counter.ts';
import { forEachSliced } from './sliced-loop.ts';

test('a loop done within its slice runs at once and returns no promise', () => {
  const seen: number[] = [];
  assert.equal(forEachSliced(100, (i) => seen.push(i)), undefined);
  assert.deepEqual(seen, Array.from({ length: 100 }, (_, i) => i));
  assert.equal(forEachSliced(0, () => assert.fail('no step')), undefined);
});

test('a loop over its slice yields to other turns and still runs every step once, in order', async () => {
  const counter = countTurns();
  const seen: number[] = [];
  // A zero budget ends a slice at every clock check.
  const done = forEachSliced(1_000, (i) => seen.push(i), 0);
  assert.ok(done instanceof Promise);
  assert.ok(seen.length > 0 && seen.length < 1_000, `${seen.length} steps ran in the calling turn`);
  await done;
  const turns = counter.stop();
  assert.deepEqual(seen, Array.from({ length: 1_000 }, (_, i) => i));
  assert.ok(turns >= 10, `${turns} other turns ran in between`);
});

test('a step that throws rejects the loop and no later step runs', async () => {
  const seen: number[] = [];
  const done = forEachSliced(
    1_000,
    (i) => {
      if (i === 500) throw new Error('step 500');
      seen.push(i);
    },
    0,
  );
  await assert.rejects(done as Promise<void>, /step 500/);
  assert.equal(seen.length, 500);
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(seen.length, 500);
});

test('a step that throws in the first slice throws to the caller', () => {
  assert.throws(() => forEachSliced(10, () => {
    throw new Error('at once');
  }), /at once/);
});
