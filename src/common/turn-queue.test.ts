import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { FlushQueue } from './flush-queue.ts';

test('flushes run in the order queued, at most 64 per turn, and the queue empties', async () => {
  const queue = new FlushQueue();
  const ran: number[] = [];
  const turnOf: number[] = [];
  let turn = 0;
  for (let i = 0; i < 200; i++) {
    queue.enqueue(() => {
      ran.push(i);
      turnOf.push(turn);
    });
  }
  assert.equal(ran.length, 0, 'nothing runs in the turn that queues');
  while (queue.length > 0) {
    await nextTurn();
    turn++;
  }
  assert.deepEqual(ran, Array.from({ length: 200 }, (_, i) => i));
  const perTurn = new Map<number, number>();
  for (const t of turnOf) perTurn.set(t, (perTurn.get(t) ?? 0) + 1);
  assert.ok(Math.max(...perTurn.values()) <= 64);
  assert.ok(perTurn.size >= 4, `${perTurn.size} turns`);
  // A flush queued after the queue emptied is started again.
  let later = false;
  queue.enqueue(() => (later = true));
  await nextTurn();
  assert.equal(later, true);
});

test('a flush queued by a running flush runs after the ones before it', async () => {
  const queue = new FlushQueue();
  const ran: string[] = [];
  queue.enqueue(() => {
    ran.push('a');
    queue.enqueue(() => ran.push('c'));
  });
  queue.enqueue(() => ran.push('b'));
  while (queue.length > 0 || ran.length < 3) await nextTurn();
  assert.deepEqual(ran, ['a', 'b', 'c']);
});
