import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ExponentialBackoff } from './backoff.ts';

test('without randomness the waits grow from 500ms by 1.5 up to 60s', () => {
  const b = new ExponentialBackoff(() => 0.5);
  const waits = Array.from({ length: 14 }, () => b.next());
  assert.deepEqual(waits.slice(0, 5), [500, 750, 1125, 1687, 2531]);
  assert.equal(waits.at(-1), 60_000);
});

test('each wait is randomised within ±50% of the interval', () => {
  assert.equal(new ExponentialBackoff(() => 0).next(), 250);
  assert.equal(new ExponentialBackoff(() => 0.999999).next(), 749);
});
