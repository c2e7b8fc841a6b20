import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TurnTimer } from './turn-timer.ts';

/** The steps, of `count`, at which `timer` says its turn is spent. */
function spentSteps(timer: TurnTimer, count: number): number[] {
  const steps: number[] = [];
  for (let i = 1; i <= count; i++) if (timer.spent()) steps.push(i);
  return steps;
}

test('a turn is spent only on every 64th step, once its time has run', async () => {
  const due = new TurnTimer(0);
  assert.deepEqual(spentSteps(due, 128), [64, 128]);
  await due.next();
  assert.deepEqual(spentSteps(due, 64), [64]);
  assert.deepEqual(spentSteps(new TurnTimer(60_000), 256), []);
});
