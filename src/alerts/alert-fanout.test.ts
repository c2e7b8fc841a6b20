import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fingerprint } from '../labels/label-set.ts';
import type { Alert } from './alert.ts';
import { AlertFanout } from './alert-fanout.ts';

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A store reduced to what the fan-out reads: the current version per fingerprint. */
class Versions {
  readonly held = new Map<string, Alert>();
  readonly fanout = new AlertFanout({
    snapshot: () => this.held.values(),
    current: (fp) => this.held.get(fp),
    onError: (err) => {
      throw err;
    },
  });

  put(...alerts: Alert[]): void {
    for (const a of alerts) this.held.set(a.fingerprint, a);
    this.fanout.publish(alerts);
  }
}

function version(name: string, v: number): Alert {
  const labels = { alertname: name };
  return { fingerprint: fingerprint(labels), labels, annotations: { v: String(v) }, startsAt: 0, endsAt: 1, generatorURL: '', updatedAt: v, timeout: false };
}

const names = (batch: readonly Alert[]): string[] => batch.map((a) => `${a.labels['alertname']}${a.annotations['v']}`);

test('each fingerprint is delivered once, as its newest version, in the order the newest versions were stored', async () => {
  const store = new Versions();
  const got: string[][] = [];
  store.fanout.subscribe((batch) => got.push(names(batch)));
  store.put(version('A', 1), version('B', 1));
  store.put(version('A', 2));
  store.put(version('C', 1), version('A', 3));
  await nextTurn();
  assert.deepEqual(got, [['B1', 'C1', 'A3']]);
});

test('versions of an alert removed before delivery all arrive, oldest first', async () => {
  const store = new Versions();
  const got: string[] = [];
  store.fanout.subscribe((batch) => got.push(...names(batch)));
  store.put(version('A', 1));
  store.put(version('A', 2));
  store.held.delete(version('A', 0).fingerprint);
  await nextTurn();
  assert.deepEqual(got, ['A1', 'A2']);
});

test('batches hold batchSize deliverable alerts; replaced versions do not count', async () => {
  const store = new Versions();
  const got: string[][] = [];
  store.fanout.subscribe((batch) => got.push(names(batch)), { batchSize: 2 });
  store.put(version('A', 1), version('B', 1), version('A', 2), version('C', 1), version('D', 1));
  await nextTurn();
  assert.deepEqual(got, [['B1', 'A2']]);
  await nextTurn();
  await nextTurn();
  assert.deepEqual(got, [['B1', 'A2'], ['C1', 'D1']]);
});

test('a backlog drained slower than it is fed keeps only what is undelivered', async () => {
  const store = new Versions();
  let delivered = 0;
  const sub = store.fanout.subscribe((batch) => (delivered += batch.length), { batchSize: 1000 });
  let n = 0;
  // Each turn adds 1,500 alerts and delivers 1,000, so the backlog grows by 500 a turn.
  for (let turn = 0; turn < 20; turn++) {
    store.put(...Array.from({ length: 1500 }, () => version(`N${n++}`, 1)));
    await nextTurn();
  }
  assert.equal(delivered, 20_000);
  assert.equal(sub.pending, 10_000);
  while (sub.pending > 0) await nextTurn();
  assert.equal(sub.delivered, 30_000);
});

test('pending counts each waiting fingerprint once; unsubscribing drops the backlog', async () => {
  const store = new Versions();
  const got: Alert[] = [];
  const sub = store.fanout.subscribe((batch) => got.push(...batch));
  store.put(version('A', 1), version('A', 2), version('B', 1));
  assert.equal(sub.pending, 2);
  sub.unsubscribe();
  assert.equal(sub.pending, 0);
  await nextTurn();
  assert.deepEqual(got, []);
});
