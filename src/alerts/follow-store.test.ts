import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeClock } from '../common/fake-clock.ts';
import type { Alert } from './alert.ts';
import { followStore } from './follow-store.ts';
import { MemoryAlertStore } from './memory-alert-store.ts';

const alert = (i: number, now: number): Alert => ({
  fingerprint: i.toString(16).padStart(16, '0'),
  labels: { alertname: 'Follow', n: String(i) },
  annotations: {},
  startsAt: now,
  endsAt: now + 3_600_000,
  updatedAt: now,
  generatorURL: '',
  timeout: false,
});

function busyFor(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

async function storeOf(count: number): Promise<MemoryAlertStore> {
  const clock = new FakeClock();
  const store = new MemoryAlertStore({ clock });
  await store.put(Array.from({ length: count }, (_, i) => alert(i, clock.now())));
  return store;
}

test('loading hands over every stored alert, in slices of at most 2,000', async () => {
  const store = await storeOf(4_500);
  const seen = new Set<string>();
  const slices: number[] = [];
  const { loaded, subscription } = followStore(store, (a) => seen.add(a.fingerprint), () => false, (_ms, count) => slices.push(count));
  await loaded;
  subscription.unsubscribe();
  assert.equal(seen.size, 4_500);
  assert.equal(slices.reduce((a, b) => a + b, 0), 4_500);
  assert.ok(slices.every((n) => n <= 2_000), `slices ${slices.join(', ')}`);
});

test('a slice ends after 10 ms even when fewer alerts than its count were handled', async () => {
  const store = await storeOf(60);
  const slices: number[] = [];
  // Each alert costs at least 1 ms, so 10 make a slice at the most (fewer if the machine stalls).
  const { loaded, subscription } = followStore(store, () => busyFor(1), () => false, (_ms, count) => slices.push(count));
  await loaded;
  subscription.unsubscribe();
  assert.equal(slices.reduce((a, b) => a + b, 0), 60);
  assert.ok(slices.length >= 6 && slices.every((n) => n <= 10), `slices ${slices.join(', ')}`);
});
