import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { fingerprint } from '../labels/label-set.ts';
import type { Alert } from './alert.ts';
import { AlertFanout } from './alert-fanout.ts';

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
    const added = alerts.map((a) => {
      const isNew = !this.held.has(a.fingerprint);
      this.held.set(a.fingerprint, a);
      return isNew;
    });
    this.fanout.publish(alerts, added);
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

test('each delivered alert comes with whether the store added it; a version replaced before delivery gives way to its successor, which carries its own flag', async () => {
  const store = new Versions();
  store.put(version('K', 1));
  const got: string[] = [];
  store.fanout.subscribe((batch, added) => batch.forEach((a, i) => got.push(`${names([a])[0]}:${added[i]}`)));
  store.put(version('A', 1), version('K', 2), version('B', 1));
  store.put(version('A', 2));
  await nextTurn();
  assert.deepEqual(got, ['K2:false', 'B1:true', 'A2:false']);
});

test('flags stay with their alerts when a backlog is moved down, and a replay says nothing was added', async () => {
  const store = new Versions();
  store.put(version('R', 1), version('OLD', 1));
  const got = new Map<string, boolean>();
  store.fanout.subscribe((batch, added) => batch.forEach((a, i) => got.set(names([a])[0] as string, added[i] as boolean)), { batchSize: 1000, replay: true });
  const fresh: string[] = [];
  // 1,500 a turn against 1,000 delivered: the backlog is moved down to the front as it drains.
  for (let turn = 0; turn < 8; turn++) {
    const batch = Array.from({ length: 1500 }, (_, i) => (i % 3 === 0 ? version('OLD', turn * 1500 + i + 2) : version(`N${turn * 1500 + i}`, 1)));
    fresh.push(...batch.filter((a) => a.labels['alertname'] !== 'OLD').map((a) => names([a])[0] as string));
    store.put(...batch);
    await nextTurn();
  }
  for (let turn = 0; turn < 50 && !fresh.every((name) => got.has(name)); turn++) await nextTurn();
  assert.equal(got.get('R1'), false, 'replayed');
  for (const name of fresh) assert.equal(got.get(name), true, name);
  const old = [...got].filter(([name]) => name.startsWith('OLD'));
  assert.ok(old.length > 0);
  for (const [name, added] of old) assert.equal(added, false, name);
});
