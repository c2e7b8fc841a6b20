import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SystemClock } from './clock.ts';

test('SystemClock fires a timer once and a cleared timer never', async () => {
  const clock = new SystemClock();
  let fired = 0;
  clock.setTimeout(() => fired++, 1);
  const cancelled = clock.setTimeout(() => (fired += 100), 1);
  clock.clearTimeout(cancelled);
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(fired, 1);
});
