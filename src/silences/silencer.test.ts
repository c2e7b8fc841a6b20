import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fingerprint } from '../labels/label-set.ts';
import type { LabelSet } from '../labels/label-set.ts';
import { eq, silenceInput } from './fixtures.ts';
import { FakeClock } from '../common/fake-clock.ts';
import { MemorySilenceStore } from './memory-silence-store.ts';
import { prng } from '../common/prng.ts';
import { randomLabels, randomMatchers } from './random-silences.ts';
import { silenceState } from './silence.ts';
import { Silencer } from './silencer.ts';

const MIN = 60_000;

function expected(store: MemorySilenceStore, clock: FakeClock, labels: LabelSet): string[] {
  const now = clock.now();
  return store
    .query()
    .filter((s) => silenceState(s, now) === 'active' && store.matches(s.id, labels))
    .map((s) => s.id)
    .sort();
}

test('mutes returns the active matching silences, sorted, and follows pending silences becoming active', async () => {
  const clock = new FakeClock();
  const store = new MemorySilenceStore({ clock, retentionMs: 0, matcherMode: 'fallback' });
  const silencer = new Silencer(store, { clock });
  const labels = { alertname: 'A', job: 'x' };
  const fp = fingerprint(labels);
  const now = clock.now();
  assert.deepEqual(silencer.mutes(labels, fp), []);
  const later = await store.set(silenceInput([eq('job', 'x')], now + 10 * MIN, now + 20 * MIN));
  assert.deepEqual(silencer.mutes(labels, fp), []);
  clock.jump(10 * MIN);
  assert.deepEqual(silencer.mutes(labels, fp), [later], 'the cached pending silence became active');
  const other = await store.set(silenceInput([eq('alertname', 'A')], clock.now(), clock.now() + MIN));
  assert.deepEqual(silencer.mutes(labels, fp), [later, other].sort());
  await store.expire(later);
  clock.jump(1);
  assert.deepEqual(silencer.mutes(labels, fp), [other]);
  assert.equal(silencer.retain((f) => f !== fp), 1);
  assert.equal(silencer.cacheSize, 0);
});

test('the cached silencer agrees with a brute-force evaluation under random creates, updates, expiries and time', async () => {
  const rand = prng(7);
  const clock = new FakeClock();
  const store = new MemorySilenceStore({ clock, retentionMs: 30 * MIN, matcherMode: 'fallback' });
  // A small incremental limit exercises both the incremental and the index path.
  const silencer = new Silencer(store, { clock, incrementalLimit: 4 });
  const alerts = Array.from({ length: 300 }, () => randomLabels(rand));
  const ids: string[] = [];
  for (let step = 0; step < 400; step++) {
    const op = rand();
    const now = clock.now();
    try {
      if (op < 0.4 || ids.length === 0) {
        const start = now + Math.floor((rand() - 0.3) * 20) * MIN;
        ids.push(await store.set(silenceInput(randomMatchers(rand), start, Math.max(start, now) + (1 + Math.floor(rand() * 30)) * MIN)));
      } else if (op < 0.55) {
        await store.expire(ids[Math.floor(rand() * ids.length)] as string);
      } else if (op < 0.7) {
        const prev = store.get(ids[Math.floor(rand() * ids.length)] as string);
        if (prev !== undefined) {
          const matchers = rand() < 0.5 ? prev.matchers : randomMatchers(rand);
          ids.push(await store.set({ ...prev, matchers, endsAt: now + (1 + Math.floor(rand() * 30)) * MIN }));
        }
      } else if (op < 0.8) {
        await store.maintenance();
      } else {
        clock.jump(Math.floor(rand() * 5 * MIN));
      }
    } catch {
      // Random silences may be invalid (all matchers match ""); that is fine here.
    }
    for (let i = 0; i < 20; i++) {
      const labels = alerts[Math.floor(rand() * alerts.length)] as LabelSet;
      assert.deepEqual([...silencer.mutes(labels, fingerprint(labels))], expected(store, clock, labels), `step ${step}`);
    }
  }
});
