import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { TurnQueue } from './turn-queue.ts';

test('tasks run in the order queued, at most perTurn per turn, and the queue empties', async () => {
  const queue = new TurnQueue({ perTurn: 64, turnMs: 2 });
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
  // A task queued after the queue emptied is started again.
  let later = false;
  queue.enqueue(() => (later = true));
  await nextTurn();
  assert.equal(later, true);
});

test('a task queued by a running task runs after the ones before it', async () => {
  const queue = new TurnQueue({ perTurn: 64 });
  const ran: string[] = [];
  queue.enqueue(() => {
    ran.push('a');
    queue.enqueue(() => ran.push('c'));
  });
  queue.enqueue(() => ran.push('b'));
  while (queue.length > 0 || ran.length < 3) await nextTurn();
  assert.deepEqual(ran, ['a', 'b', 'c']);
});

test('a turn stops starting tasks once their synchronous part took turnMs', async () => {
  const queue = new TurnQueue({ perTurn: 64, turnMs: 2 });
  const turnOf: number[] = [];
  let turn = 0;
  for (let i = 0; i < 6; i++) {
    queue.enqueue(() => {
      turnOf.push(turn);
      const until = performance.now() + 1.5;
      while (performance.now() < until);
    });
  }
  while (queue.length > 0) {
    await nextTurn();
    turn++;
  }
  // Each task takes at least 1.5 ms, so no turn starts a third one (a slow machine may start fewer).
  const perTurn = new Map<number, number>();
  for (const t of turnOf) perTurn.set(t, (perTurn.get(t) ?? 0) + 1);
  assert.ok(Math.max(...perTurn.values()) <= 2, `tasks per turn: ${[...perTurn.values()].join(', ')}`);
  assert.ok(perTurn.size >= 3);
});

test('with perTurn 1, each task and its promise work have a turn of their own', async () => {
  const queue = new TurnQueue({ perTurn: 1 });
  const events: string[] = [];
  for (const name of ['a', 'b']) {
    queue.enqueue(() => {
      events.push(name);
      void Promise.resolve().then(() => events.push(`${name} settled`));
    });
  }
  setImmediate(() => events.push('other work'));
  while (queue.length > 0) await nextTurn();
  await nextTurn();
  assert.deepEqual(events, ['a', 'a settled', 'other work', 'b', 'b settled']);
});
