import assert from 'node:assert/strict';
import { mkdtemp, rm, stat, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { SystemClock } from '../common/clock.ts';
import { runUntilKilled } from '../storage/crash-child-test-support.ts';
import type { StoreLogger } from '../storage/logger.ts';
import { openFileSilenceStore } from './file-silence-store.ts';
import { eq, silenceInput } from './fixtures.ts';
import { FakeClock } from '../common/fake-clock.ts';
import { SILENCES_JOURNAL_FILE, SILENCES_SNAPSHOT_FILE } from './silence-persistence.ts';
import { runSilenceStoreContract } from './silence-store.contract.ts';

const HOUR = 3_600_000;
let root: string;
let counter = 0;
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'tocsin-silences-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});
const freshDir = (): string => join(root, `d${counter++}`);

runSilenceStoreContract('file-backed MemorySilenceStore', (options) =>
  openFileSilenceStore({ ...options, directory: freshDir(), matcherMode: 'fallback' }),
);

describe('file-backed silence store persistence', () => {
  const open = (directory: string, clock: FakeClock, logger?: StoreLogger) =>
    openFileSilenceStore({ directory, clock, retentionMs: 120 * HOUR, matcherMode: 'fallback', logger });

  test('a clean restart reloads created, updated and expired silences', async () => {
    const dir = freshDir();
    const clock = new FakeClock();
    const store = await open(dir, clock);
    const now = clock.now();
    const a = await store.set(silenceInput([eq('job', 'a')], now, now + HOUR));
    const b = await store.set(silenceInput([eq('job', 'b')], now, now + HOUR));
    await store.set({ ...silenceInput([eq('job', 'a')], now, now + 2 * HOUR, a), comment: 'updated' });
    await store.expire(b);
    const before = store.query();
    await store.close();
    const reopened = await open(dir, clock);
    assert.deepEqual(reopened.query(), before);
    assert.equal(reopened.get(a)?.comment, 'updated');
    await reopened.close();
  });

  test('without a snapshot (crash) the journal alone restores every acknowledged write', async () => {
    const dir = freshDir();
    const clock = new FakeClock();
    const store = await open(dir, clock);
    const now = clock.now();
    const ids = [];
    for (let i = 0; i < 20; i++) ids.push(await store.set(silenceInput([eq('job', `j${i}`)], now, now + HOUR)));
    await store.expire(ids[3] as string);
    const before = store.query();
    // No close(): the process "dies" here. Open a second store over the same files.
    const recovered = await open(dir, clock);
    assert.deepEqual(recovered.query(), before);
  });

  test('maintenance writes a snapshot and empties the journal; later writes go to the journal', async () => {
    const dir = freshDir();
    const clock = new FakeClock();
    const store = await open(dir, clock);
    const now = clock.now();
    await store.set(silenceInput([eq('job', 'a')], now, now + HOUR));
    assert.ok((await stat(join(dir, SILENCES_JOURNAL_FILE))).size > 0);
    const { snapshotBytes } = await store.maintenance();
    assert.ok(snapshotBytes > 0);
    assert.equal((await stat(join(dir, SILENCES_JOURNAL_FILE))).size, 0);
    assert.equal((await stat(join(dir, SILENCES_SNAPSHOT_FILE))).size, snapshotBytes);
    const late = await store.set(silenceInput([eq('job', 'late')], now, now + HOUR));
    const recovered = await open(dir, clock);
    assert.equal(recovered.size, 2);
    assert.ok(recovered.get(late));
  });

  test('a torn journal tail is cut off and logged; the intact writes survive', async () => {
    const dir = freshDir();
    const clock = new FakeClock();
    const store = await open(dir, clock);
    const now = clock.now();
    const kept = await store.set(silenceInput([eq('job', 'kept')], now, now + HOUR));
    await store.set(silenceInput([eq('job', 'torn')], now, now + HOUR));
    const journal = join(dir, SILENCES_JOURNAL_FILE);
    await truncate(journal, (await stat(journal)).size - 10);
    const warnings: string[] = [];
    const logger: StoreLogger = { info: () => undefined, warn: (_fields, message) => warnings.push(message) };
    const recovered = await open(dir, clock, logger);
    assert.deepEqual(
      recovered.query().map((s) => s.id),
      [kept],
    );
    assert.equal(warnings.length, 1);
    assert.match(warnings[0] as string, /Truncated a torn or corrupt silences journal tail/);
  });

  test('no acknowledged write is lost when the process is killed with SIGKILL', { timeout: 60_000 }, async () => {
    const dir = freshDir();
    const acked = new Map<string, string>();
    await runUntilKilled(new URL('./testdata/crash-writer.ts', import.meta.url), [dir], (line, kill) => {
      const [id, state] = line.split(' ');
      acked.set(id as string, state as string);
      if (acked.size === 400) kill();
    });
    assert.ok(acked.size >= 400);
    const recovered = await openFileSilenceStore({ directory: dir, clock: new SystemClock(), retentionMs: HOUR, matcherMode: 'fallback' });
    const missing = [...acked.keys()].filter((id) => recovered.get(id) === undefined);
    assert.deepEqual(missing, []);
    const now = Date.now();
    for (const [id, state] of acked) {
      if (state === 'expired') assert.ok((recovered.get(id)?.endsAt as number) <= now, `${id} stays expired`);
    }
    await recovered.close();
  });
});
