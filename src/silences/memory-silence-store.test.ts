import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FakeClock } from '../common/fake-clock.ts';
import { eq, silenceInput } from './fixtures.ts';
import { MemorySilenceStore } from './memory-silence-store.ts';
import type { SilencePersistence } from './memory-silence-store.ts';
import type { Silence } from './silence.ts';
import { runSilenceStoreContract } from './silence-store.contract.ts';

runSilenceStoreContract('MemorySilenceStore', async (options) => new MemorySilenceStore({ ...options, matcherMode: 'fallback' }));

const HOUR = 3_600_000;

/** Persistence that records while `failing` is false and rejects as a full disk does when it is true. */
class FlakyPersistence implements SilencePersistence {
  failing = false;
  record(): Promise<void> {
    return this.failing ? Promise.reject(new Error('ENOSPC: no space left on device, write')) : Promise.resolve();
  }
  snapshot(): Promise<number> {
    return Promise.resolve(0);
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

describe('a change that could not be persisted is taken back', () => {
  const setUp = () => {
    const clock = new FakeClock();
    const persistence = new FlakyPersistence();
    const store = new MemorySilenceStore({ clock, retentionMs: 120 * HOUR, matcherMode: 'fallback', persistence });
    const mutedIds = (value: string): string[] => store.query({ matches: { alertname: value } }).map((s) => s.id);
    return { clock, persistence, store, mutedIds };
  };

  test('a new silence answers the error and is not kept, listed or matched', async () => {
    const { clock, persistence, store, mutedIds } = setUp();
    const version = store.version();
    persistence.failing = true;
    await assert.rejects(store.set(silenceInput([eq('alertname', 'A')], clock.now(), clock.now() + HOUR)), /ENOSPC/);
    assert.deepEqual(store.query(), []);
    assert.deepEqual(mutedIds('A'), []);
    assert.deepEqual(store.addedSince(version), []);
    assert.deepEqual(store.countByState(), { active: 0, pending: 0, expired: 0 });
  });

  test('an update in place, a replacement and an expiry leave the silence as it was', async () => {
    const { clock, persistence, store, mutedIds } = setUp();
    const id = await store.set(silenceInput([eq('alertname', 'A')], clock.now(), clock.now() + HOUR));
    const before = store.get(id) as Silence;
    await clock.advance(60_000);
    persistence.failing = true;
    // Same matchers, later end: updated in place.
    await assert.rejects(store.set(silenceInput([eq('alertname', 'A')], before.startsAt, clock.now() + 2 * HOUR, id)));
    assert.deepEqual(store.get(id), before);
    // Other matchers: the old one would be expired and a new one created.
    await assert.rejects(store.set(silenceInput([eq('alertname', 'B')], before.startsAt, clock.now() + HOUR, id)));
    assert.deepEqual(store.get(id), before);
    assert.deepEqual(mutedIds('A'), [id]);
    assert.deepEqual(mutedIds('B'), []);
    assert.equal(store.query().length, 1);
    await assert.rejects(store.expire(id));
    assert.deepEqual(store.get(id), before);
    assert.deepEqual(store.countByState(), { active: 1, pending: 0, expired: 0 });
    // Once writes work again, the same requests take effect.
    persistence.failing = false;
    await store.expire(id);
    await clock.advance(1);
    assert.equal(store.countByState().expired, 1);
  });

  test('silences merged from a peer are taken back too', async () => {
    const { clock, persistence, store } = setUp();
    const id = await store.set(silenceInput([eq('alertname', 'A')], clock.now(), clock.now() + HOUR));
    const before = store.get(id) as Silence;
    const newer: Silence = { ...before, comment: 'changed by a peer', updatedAt: before.updatedAt + 1 };
    const unknown: Silence = { ...before, id: 'from-a-peer', updatedAt: before.updatedAt + 1 };
    persistence.failing = true;
    await assert.rejects(store.merge([newer, unknown]));
    assert.deepEqual(store.get(id), before);
    assert.equal(store.get('from-a-peer'), undefined);
  });

  test('a version another change wrote meanwhile is not overwritten by the taking back', async () => {
    const { clock, persistence, store } = setUp();
    const id = await store.set(silenceInput([eq('alertname', 'A')], clock.now(), clock.now() + HOUR));
    persistence.failing = true;
    const failed = store.set(silenceInput([eq('alertname', 'A')], clock.now(), clock.now() + 2 * HOUR, id));
    // A second update lands before the first one's write fails, and its own write succeeds.
    persistence.failing = false;
    await store.set(silenceInput([eq('alertname', 'A')], clock.now(), clock.now() + 3 * HOUR, id));
    await assert.rejects(failed);
    assert.equal(store.get(id)?.endsAt, clock.now() + 3 * HOUR);
  });
});
