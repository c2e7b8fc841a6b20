import assert from 'node:assert/strict';
import { test } from 'node:test';
import { everyTurn, FakeClock } from '../common/fake-clock.ts';
import { fingerprint } from '../labels/label-set.ts';
import { Matcher } from '../labels/matcher.ts';
import type { Alert } from './alert.ts';
import { runAlertStoreContract } from './alert-store.contract.ts';
import { MemoryAlertStore } from './memory-alert-store.ts';
import { prng, randomBelow } from '../common/prng.ts';

runAlertStoreContract('MemoryAlertStore', async (options) => new MemoryAlertStore({ ...options, indexedLabels: ['alertname', 'severity'] }));

test('MemoryAlertStore keeps the fingerprint order across new, collected and re-added alerts', async () => {
  const clock = new FakeClock();
  const store = new MemoryAlertStore({ clock });
  const make = (i: number, endsIn: number): Alert => {
    const labels = { alertname: `A${i}` };
    const now = clock.now();
    return { fingerprint: fingerprint(labels), labels, annotations: {}, startsAt: now, endsAt: now + endsIn, generatorURL: '', updatedAt: now, timeout: false };
  };
  const listed = (): string[] => store.select().map((a) => a.fingerprint);
  const expected = (): string[] => [...store.values()].map((a) => a.fingerprint).sort();
  await store.put(Array.from({ length: 50 }, (_, i) => make(i, i % 2 === 0 ? 1000 : 3_600_000)));
  assert.deepEqual(listed(), expected());
  await store.put([make(50, 3_600_000), make(51, 3_600_000)]);
  clock.jump(2000);
  assert.equal((await store.gc()).length, 25);
  await store.put([make(0, 3_600_000), make(52, 3_600_000)]);
  assert.deepEqual(listed(), expected());
  assert.equal(listed().length, 29);
  await store.close();
});

test('MemoryAlertStore: churn in a store nobody lists does not grow the listing order without bound', async () => {
  const clock = new FakeClock();
  const store = new MemoryAlertStore({ clock });
  const make = (i: number): Alert => {
    const labels = { alertname: 'Churn', instance: `host-${i}` };
    const now = clock.now();
    return { fingerprint: fingerprint(labels), labels, annotations: {}, startsAt: now, endsAt: now + 1000, generatorURL: '', updatedAt: now, timeout: false };
  };
  for (let round = 0; round < 20; round++) {
    await store.put(Array.from({ length: 1000 }, (_, j) => make(round * 1000 + j)));
    clock.jump(2000);
    await store.gc();
  }
  await store.put([make(-1), make(-2)]);
  assert.equal(store.size, 2);
  assert.ok(store.orderEntries <= 2 * 4096 + 2, `${store.orderEntries} fingerprints held for 2 alerts`);
  assert.deepEqual(
    store.select().map((a) => a.fingerprint),
    [make(-1), make(-2)].map((a) => a.fingerprint).sort(),
  );
  await store.close();
});

/** A store, its clock, a seeded random source and alert `i` of a fleet named by `nameOf`, ending in `endsIn` ms. */
function randomStore(seed: number, nameOf: (i: number) => string) {
  const clock = new FakeClock();
  const store = new MemoryAlertStore({ clock });
  const rand = prng(seed);
  const random = (n: number): number => randomBelow(rand, n);
  const make = (i: number, endsIn: number): Alert => {
    const labels = { alertname: nameOf(i), instance: `h${i}` };
    const now = clock.now();
    return { fingerprint: fingerprint(labels), labels, annotations: {}, startsAt: now, endsAt: now + endsIn, generatorURL: '', updatedAt: now, timeout: false };
  };
  return { clock, store, random, make };
}

test('MemoryAlertStore: filtered selects agree with a scan through puts, re-sends, collections and re-adds', async () => {
  const { clock, store, random, make } = randomStore(7, (i) => `N${i % 5}`);
  for (let step = 0; step < 400; step++) {
    const op = random(4);
    if (op < 2) await store.put(Array.from({ length: 1 + random(20) }, () => make(random(200), random(2) === 0 ? 1000 : 3_600_000)));
    else if (op === 2) {
      clock.jump(1500);
      await store.gc();
    } else {
      const name = `N${random(5)}`;
      const expected = [...store.values()].filter((a) => a.labels['alertname'] === name).map((a) => a.fingerprint).sort();
      assert.deepEqual(store.select([Matcher.create('alertname', '=', name)]).map((a) => a.fingerprint), expected, `step ${step}`);
    }
  }
  await store.close();
});

test('MemoryAlertStore: the unfiltered listing is every held alert in fingerprint order, whatever came between lists', async () => {
  const { clock, store, random, make } = randomStore(11, () => 'A');
  let lists = 0;
  for (let step = 0; step < 600; step++) {
    const op = random(10);
    // Batches from one alert to more than the store holds, so either side of a merge can be the longer.
    if (op < 6) await store.put(Array.from({ length: 1 + random(random(4) === 0 ? 3000 : 30) }, () => make(random(5000), random(3) === 0 ? 1000 : 3_600_000)));
    else if (op === 6) {
      clock.jump(1500);
      await store.gc();
    } else {
      const expected = [...store.values()].map((a) => a.fingerprint).sort();
      assert.deepEqual(store.select().map((a) => a.fingerprint), expected, `step ${step}`);
      lists++;
    }
  }
  assert.ok(lists > 100, `${lists} lists checked`);
  await store.close();
});

test('MemoryAlertStore: prepareListing indexes and sorts many new alerts over several turns; the listing then has them all', async () => {
  const clock = new FakeClock();
  const store = new MemoryAlertStore({ clock });
  const make = (i: number): Alert => {
    const labels = { alertname: `A${i % 7}`, instance: `host-${i}` };
    const now = clock.now();
    return { fingerprint: fingerprint(labels), labels, annotations: {}, startsAt: now, endsAt: now + 3_600_000, generatorURL: '', updatedAt: now, timeout: false };
  };
  await store.put(Array.from({ length: 1000 }, (_, i) => make(i)));
  assert.equal(store.select().length, 1000);
  await store.put(Array.from({ length: 40_000 }, (_, i) => make(1000 + i)));
  let turns = 0;
  const stopTurns = everyTurn(() => turns++);
  const prepared = store.prepareListing();
  // Alerts put while it runs are listed too.
  await store.put([make(50_000)]);
  await prepared;
  stopTurns();
  assert.ok(turns >= 4, `the event loop ran ${turns} times while 40,000 new alerts were prepared`);
  const listed = store.select().map((a) => a.fingerprint);
  assert.deepEqual(listed, [...store.values()].map((a) => a.fingerprint).sort());
  assert.equal(listed.length, 41_001);
  assert.equal(store.select([Matcher.create('alertname', '=', 'A3')]).length, [...store.values()].filter((a) => a.labels['alertname'] === 'A3').length);
  await store.close();
});
