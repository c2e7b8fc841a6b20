import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { SilenceLimitError, SilenceNotFoundError, SilenceValidationError } from './errors.ts';
import { eq, re, silenceInput } from './fixtures.ts';
import { FakeClock } from '../common/fake-clock.ts';
import type { Silence } from './silence.ts';
import type { SilenceStore } from './silence-store.ts';

/** What a contract run asks an implementation to be configured with. */
export interface SilenceStoreContractOptions {
  readonly clock: FakeClock;
  readonly retentionMs: number;
  readonly maxSilences?: number;
  readonly maxSilenceSizeBytes?: number;
}

export type SilenceStoreFactory = (options: SilenceStoreContractOptions) => Promise<SilenceStore>;

const MIN = 60_000;
const HOUR = 60 * MIN;
const RETENTION = 120 * HOUR;
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/**
 * The behaviour every `SilenceStore` must show (Alertmanager's `Silences` semantics). Run it
 * from each implementation's test file with a factory that builds a fresh, empty store.
 */
export function runSilenceStoreContract(name: string, factory: SilenceStoreFactory): void {
  describe(`SilenceStore contract: ${name}`, () => {
    let clock: FakeClock;
    let store: SilenceStore;
    const open = async (options: Partial<SilenceStoreContractOptions> = {}): Promise<SilenceStore> => {
      clock = options.clock ?? new FakeClock();
      store = await factory({ retentionMs: RETENTION, ...options, clock });
      return store;
    };
    const get = (id: string): Silence => {
      const s = store.get(id);
      assert.ok(s, `silence ${id} exists`);
      return s;
    };
    afterEach(async () => {
      await store.close();
    });

    test('creates a silence with a UUIDv4 id, updatedAt now and expiresAt endsAt + retention', async () => {
      await open();
      const now = clock.now();
      const id = await store.set(silenceInput([eq('job', 'a')], now, now + HOUR));
      assert.match(id, UUID_V4);
      assert.deepEqual(get(id), {
        id,
        matchers: [eq('job', 'a')],
        startsAt: now,
        endsAt: now + HOUR,
        updatedAt: now,
        createdBy: 'tester',
        comment: 'test',
        expiresAt: now + HOUR + RETENTION,
      });
      assert.equal(store.size, 1);
    });

    test('a missing start becomes now and a start in the past is clamped to now', async () => {
      await open();
      const now = clock.now();
      const a = await store.set(silenceInput([eq('job', 'a')], undefined, now + HOUR));
      const b = await store.set(silenceInput([eq('job', 'b')], now - HOUR, now + HOUR));
      assert.equal(get(a).startsAt, now);
      assert.equal(get(b).startsAt, now);
    });

    test('updates in place when canUpdate allows it, keeping the id and the version', async () => {
      await open();
      const now = clock.now();
      const id = await store.set(silenceInput([eq('job', 'a')], now, now + HOUR));
      const version = store.version();
      clock.jump(MIN);
      const again = await store.set({ ...silenceInput([eq('job', 'a')], now, now + 2 * HOUR, id), comment: 'longer' });
      assert.equal(again, id);
      assert.equal(get(id).endsAt, now + 2 * HOUR);
      assert.equal(get(id).comment, 'longer');
      assert.equal(get(id).updatedAt, now + MIN);
      assert.equal(get(id).expiresAt, now + 2 * HOUR + RETENTION);
      assert.equal(store.version(), version);
      assert.equal(store.size, 1);
    });

    test('replaces an active silence whose matchers change: new id, the old one expired now', async () => {
      await open();
      const now = clock.now();
      const id = await store.set(silenceInput([eq('job', 'a')], now, now + HOUR));
      const version = store.version();
      clock.jump(MIN);
      const replacement = await store.set(silenceInput([eq('job', 'b')], now, now + HOUR, id));
      assert.notEqual(replacement, id);
      assert.equal(get(id).endsAt, now + MIN);
      assert.equal(get(id).startsAt, now);
      assert.equal(store.query({ states: ['expired'] }).length, 0, 'endsAt == now still counts as active');
      clock.jump(1);
      assert.equal(store.query({ states: ['expired'] }).length, 1);
      assert.equal(get(replacement).startsAt, now + MIN, 'start clamped to now');
      assert.deepEqual(get(replacement).matchers, [eq('job', 'b')]);
      assert.ok(store.version() > version);
      assert.deepEqual(
        store.addedSince(version).map((s) => s.id),
        [replacement],
      );
    });

    test('replacing a pending silence expires it with startsAt = endsAt = now', async () => {
      await open();
      const now = clock.now();
      const id = await store.set(silenceInput([eq('job', 'a')], now + HOUR, now + 2 * HOUR));
      const replacement = await store.set(silenceInput([eq('job', 'a')], now - MIN, now + 2 * HOUR, id));
      assert.notEqual(replacement, id);
      assert.equal(get(id).startsAt, now);
      assert.equal(get(id).endsAt, now);
      assert.equal(get(replacement).startsAt, now);
    });

    test('setting an expired silence creates a new one and leaves the expired one as it was', async () => {
      await open();
      const now = clock.now();
      const id = await store.set(silenceInput([eq('job', 'a')], now, now + HOUR));
      await store.expire(id);
      const expired = get(id);
      clock.jump(MIN);
      const replacement = await store.set(silenceInput([eq('job', 'a')], now, now + HOUR, id));
      assert.notEqual(replacement, id);
      assert.deepEqual(get(id), expired);
    });

    test('an unknown id is not found, after the silence is validated (0.34 order)', async () => {
      await open();
      const now = clock.now();
      const unknown = '5f0a0f2b-7a8e-4c4e-9c1a-111111111111';
      await assert.rejects(
        store.set(silenceInput([eq('job', 'a')], now, now + HOUR, unknown)),
        (e: unknown) => e instanceof SilenceNotFoundError && e.message === 'silence not found',
      );
      await assert.rejects(store.set(silenceInput([eq('job', '')], now, now + HOUR, unknown)), SilenceValidationError);
    });

    test('invalid silences are rejected with Alertmanager\'s message and nothing is stored', async () => {
      await open();
      const now = clock.now();
      await assert.rejects(
        store.set(silenceInput([re('job', '.*')], now, now + HOUR)),
        (e: unknown) =>
          e instanceof SilenceValidationError &&
          e.message === 'invalid silence: matcher set 0: at least one matcher must not match the empty string',
      );
      assert.equal(store.size, 0);
    });

    test('a failed replacement leaves the previous silence untouched', async () => {
      await open();
      const now = clock.now();
      const id = await store.set(silenceInput([eq('job', 'a')], now, now + HOUR));
      await assert.rejects(store.set(silenceInput([eq('job', '')], now, now + HOUR, id)), SilenceValidationError);
      assert.equal(get(id).endsAt, now + HOUR);
    });

    test('expire ends an active silence now, a pending one at start = end = now, and is a no-op when expired', async () => {
      await open();
      const now = clock.now();
      const active = await store.set(silenceInput([eq('job', 'a')], now, now + HOUR));
      const pending = await store.set(silenceInput([eq('job', 'p')], now + HOUR, now + 2 * HOUR));
      clock.jump(MIN);
      await store.expire(active);
      await store.expire(pending);
      assert.equal(get(active).endsAt, now + MIN);
      assert.equal(get(active).updatedAt, now + MIN);
      assert.equal(get(active).expiresAt, now + MIN + RETENTION);
      assert.deepEqual([get(pending).startsAt, get(pending).endsAt], [now + MIN, now + MIN]);
      clock.jump(MIN);
      const before = get(active);
      await store.expire(active);
      assert.deepEqual(get(active), before);
      await assert.rejects(store.expire('nope'), SilenceNotFoundError);
    });

    test('query selects by ids, state and matching labels; countByState counts states', async () => {
      await open();
      const now = clock.now();
      const a = await store.set(silenceInput([eq('job', 'a')], now, now + HOUR));
      const p = await store.set(silenceInput([eq('job', 'a'), eq('env', 'prod')], now + HOUR, now + 2 * HOUR));
      const x = await store.set(silenceInput([re('job', 'b|c')], now, now + HOUR));
      clock.jump(MIN);
      await store.expire(x);
      clock.jump(1);
      const ids = (list: Silence[]): string[] => list.map((s) => s.id).sort();
      assert.deepEqual(ids(store.query()), [a, p, x].sort());
      assert.deepEqual(ids(store.query({ ids: [a, 'unknown'] })), [a]);
      assert.deepEqual(ids(store.query({ states: ['active', 'pending'] })), [a, p].sort());
      assert.deepEqual(ids(store.query({ matches: { job: 'a', env: 'prod' } })), [a, p].sort());
      assert.deepEqual(ids(store.query({ matches: { job: 'c' } })), [x]);
      assert.deepEqual(ids(store.query({ matches: { job: 'c' }, states: ['active'] })), []);
      assert.deepEqual(ids(store.query({ ids: [a, p], matches: { job: 'a', env: 'prod' }, states: ['pending'] })), [p]);
      assert.ok(store.matches(a, { job: 'a' }));
      assert.ok(!store.matches(a, { job: 'b' }));
      assert.deepEqual(store.countByState(), { active: 1, pending: 1, expired: 1 });
    });

    test('maintenance removes silences once endsAt + retention has passed', async () => {
      await open();
      const now = clock.now();
      const short = await store.set(silenceInput([eq('job', 'a')], now, now + HOUR));
      const long = await store.set(silenceInput([eq('job', 'b')], now, now + 10 * HOUR));
      clock.set(now + HOUR + RETENTION - 1);
      assert.deepEqual((await store.maintenance()).removed, []);
      clock.jump(1);
      assert.deepEqual((await store.maintenance()).removed, [short]);
      assert.equal(store.get(short), undefined);
      assert.ok(store.get(long));
      assert.deepEqual(store.query({ matches: { job: 'a' } }), []);
    });

    test('max silences counts expired silences and also applies to replacements, not to in-place updates', async () => {
      await open({ maxSilences: 2 });
      const now = clock.now();
      const a = await store.set(silenceInput([eq('job', 'a')], now, now + HOUR));
      await store.expire(a);
      const b = await store.set(silenceInput([eq('job', 'b')], now, now + HOUR));
      await assert.rejects(
        store.set(silenceInput([eq('job', 'c')], now, now + HOUR)),
        (e: unknown) => e instanceof SilenceLimitError && e.message === 'exceeded maximum number of silences: 2 (limit: 2)',
      );
      await assert.rejects(store.set(silenceInput([eq('job', 'x')], now, now + HOUR, b)), SilenceLimitError);
      assert.equal(get(b).endsAt, now + HOUR, 'the refused replacement did not expire the original');
      assert.equal(await store.set(silenceInput([eq('job', 'b')], now, now + 2 * HOUR, b)), b);
    });

    test('max silence size refuses silences whose protobuf size exceeds it', async () => {
      await open({ maxSilenceSizeBytes: 150 });
      const now = clock.now();
      await store.set(silenceInput([eq('job', 'a')], now, now + HOUR));
      await assert.rejects(
        store.set({ ...silenceInput([eq('job', 'a')], now, now + HOUR), comment: 'x'.repeat(200) }),
        (e: unknown) => e instanceof SilenceLimitError && /^silence exceeded maximum size: \d+ bytes \(limit: 150 bytes\)$/.test(e.message),
      );
    });

    test('merge keeps the newer updatedAt, ignores silences past expiresAt, and bumps the version for new ones', async () => {
      await open();
      const now = clock.now();
      const base: Silence = {
        id: '11111111-1111-4111-8111-111111111111',
        matchers: [eq('job', 'm')],
        startsAt: now,
        endsAt: now + HOUR,
        updatedAt: now,
        createdBy: 'peer',
        comment: 'first',
        expiresAt: now + HOUR + RETENTION,
      };
      const version = store.version();
      assert.equal((await store.merge([base])).length, 1);
      assert.ok(store.version() > version);
      assert.equal((await store.merge([{ ...base, comment: 'stale', updatedAt: now - 1 }])).length, 0);
      assert.equal((await store.merge([{ ...base, comment: 'newer', updatedAt: now + 1 }])).length, 1);
      assert.equal(get(base.id).comment, 'newer');
      const gone = { ...base, id: '22222222-2222-4222-8222-222222222222', expiresAt: now - 1 };
      assert.equal((await store.merge([gone])).length, 0);
      assert.equal(store.get(gone.id), undefined);
    });
  });
}
