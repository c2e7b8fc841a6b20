import assert from 'node:assert/strict';
import { mkdtemp, open, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { after, before, describe, test } from 'node:test';
import { SystemClock } from '../common/clock.ts';
import { fingerprint } from '../labels/label-set.ts';
import { FakeClock } from '../common/fake-clock.ts';
import { runUntilKilled } from '../storage/crash-child-test-support.ts';
import { Journal } from '../storage/journal.ts';
import { silentLogger } from '../storage/logger.ts';
import type { StoreLogger } from '../storage/logger.ts';
import type { Alert } from './alert.ts';
import { ALERTS_JOURNAL_FILE } from './alert-journal.ts';
import { ALERTS_SNAPSHOT_FILE } from './alert-persistence.ts';
import { runAlertStoreContract } from './alert-store.contract.ts';
import { openFileAlertStore } from './file-alert-store.ts';

let root: string;
let counter = 0;
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'tocsin-alerts-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});
const freshDir = (): string => join(root, `d${counter++}`);

runAlertStoreContract('file-backed MemoryAlertStore', (options) => openFileAlertStore({ ...options, directory: freshDir() }));

function alert(i: number, now: number): Alert {
  const labels = { alertname: `A${i % 50}`, instance: `host-${i}` };
  return {
    fingerprint: fingerprint(labels),
    labels,
    annotations: { summary: `alert ${i}` },
    startsAt: now - 60_000,
    endsAt: now + 300_000,
    generatorURL: 'http://prometheus/graph',
    updatedAt: now,
    timeout: i % 2 === 0,
  };
}

test('active alerts survive a restart through the snapshot written on close', async () => {
  const directory = freshDir();
  const clock = new FakeClock();
  const store = await openFileAlertStore({ directory, clock });
  const alerts = Array.from({ length: 5000 }, (_, i) => alert(i, clock.now()));
  await store.put(alerts);
  await store.close();
  const reopened = await openFileAlertStore({ directory, clock });
  assert.equal(reopened.size, 5000);
  assert.deepEqual(reopened.get(alerts[1234]?.fingerprint as string), alerts[1234]);
  await reopened.close();
});

const journalPath = (directory: string): string => join(directory, ALERTS_JOURNAL_FILE);

async function until(condition: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}
/**
 * Makes the named FileHandle methods of this process fail as on a full disk, counting the tries,
 * until `restore`; a handle opened in `directory` reaches their shared prototype.
 */
async function failWrites(directory: string, methods: readonly ('write' | 'writev')[]): Promise<{ readonly attempts: number; restore(): void }> {
  const handle = await open(join(directory, 'probe'), 'w');
  const prototype = Object.getPrototypeOf(handle) as Record<string, unknown>;
  await handle.close();
  const originals = methods.map((name) => [name, prototype[name]] as const);
  const state = {
    attempts: 0,
    restore(): void {
      for (const [name, original] of originals) prototype[name] = original;
    },
  };
  for (const name of methods) {
    prototype[name] = (): Promise<never> => {
      state.attempts++;
      return Promise.reject(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }));
    };
  }
  return state;
}
const journalWritten = (directory: string) => until(async () => (await stat(journalPath(directory))).size > 0, 'a journal flush');
const journalSize = async (directory: string): Promise<number> => (await stat(journalPath(directory))).size;
// The last put waits at most one flush; every earlier one was queued before it, so it is written too.
const flushedPast = (directory: string, size: number) => until(async () => (await journalSize(directory)) > size, 'a journal flush');

describe('alerts journal (write-behind)', () => {
  test('put does not wait for the journal; a later flush writes every put, in order, as one record', async () => {
    const directory = freshDir();
    const clock = new FakeClock();
    const store = await openFileAlertStore({ directory, clock, flushIntervalMs: 50 });
    for (let i = 0; i < 100; i++) await store.put([{ ...alert(1, clock.now()), updatedAt: clock.now() + i }]);
    await store.put([alert(2, clock.now())]);
    assert.equal((await stat(journalPath(directory))).size, 0, 'nothing written yet');
    await journalWritten(directory);
    const { journal, records } = await Journal.open(journalPath(directory));
    await journal.close();
    const lines = records.map((r) => r.toString('utf8').trimEnd().split('\n'));
    assert.equal(lines.length, 1, 'one record per flush');
    assert.equal(lines[0]?.length, 101);
    assert.equal((JSON.parse(lines[0]?.[99] as string) as Alert).updatedAt, clock.now() + 99, 'the latest version last');
    await store.close();
  });

  // Batches are journaled as they arrived; this decoder reads the JSON the tests put there.
  const decodeBatch = (payload: Uint8Array): Alert[] => JSON.parse(Buffer.from(payload).toString('utf8')) as Alert[];
  const asBatch = (alerts: Alert[]) => ({ parts: [Buffer.from(JSON.stringify(alerts))] });

  test('a put that carries its batch is journaled as that batch and replayed with the merge it had', async () => {
    const directory = freshDir();
    const clock = new FakeClock();
    const store = await openFileAlertStore({ directory, clock, flushIntervalMs: 10, decodeBatch });
    const first = alert(1, clock.now());
    await store.put([first], asBatch([first]));
    clock.advance(60_000);
    // A re-send whose range overlaps: merged, keeping the first startsAt.
    const resent = { ...alert(1, clock.now()), startsAt: clock.now(), endsAt: clock.now() + 400_000 };
    await store.put([resent], asBatch([resent]));
    const before = await journalSize(directory);
    await store.put([alert(2, clock.now())]);
    await flushedPast(directory, before);
    const { journal, records } = await Journal.open(journalPath(directory));
    await journal.close();
    assert.deepEqual(records.map((r) => r[0]), [0x01, 0x01, 0x7b], 'two batch records, then JSON lines');
    const recovered = await openFileAlertStore({ directory, clock, decodeBatch });
    assert.deepEqual(recovered.get(first.fingerprint), store.get(first.fingerprint));
    assert.equal(recovered.get(first.fingerprint)?.startsAt, first.startsAt);
    assert.equal(recovered.size, 2);
    await recovered.close();
    await store.close();
  });

  test('batches, removals and a snapshot in between replay in order after a crash', async () => {
    const directory = freshDir();
    const clock = new FakeClock();
    const store = await openFileAlertStore({ directory, clock, flushIntervalMs: 10, decodeBatch });
    const resolved = [3, 4].map((i) => ({ ...alert(i, clock.now()), endsAt: clock.now() - 1 }));
    await store.put([alert(1, clock.now()), ...resolved], asBatch([alert(1, clock.now()), ...resolved]));
    assert.ok((await store.snapshot()) > 0);
    await store.put([alert(2, clock.now())], asBatch([alert(2, clock.now())]));
    assert.equal((await store.gc()).length, 2);
    // host-3 fires again after its removal; host-4 stays removed.
    const before = await journalSize(directory);
    await store.put([alert(3, clock.now())], asBatch([alert(3, clock.now())]));
    await flushedPast(directory, before);
    const recovered = await openFileAlertStore({ directory, clock, decodeBatch });
    assert.deepEqual([...recovered.values()].map((a) => a.labels['instance']).sort(), ['host-1', 'host-2', 'host-3']);
    assert.deepEqual(recovered.get(alert(3, clock.now()).fingerprint), alert(3, clock.now()));
    await recovered.close();
    await store.close();
  });

  test('batch records cannot be read without a batch decoder: they are skipped and logged', async () => {
    const directory = freshDir();
    const clock = new FakeClock();
    const store = await openFileAlertStore({ directory, clock, flushIntervalMs: 10, decodeBatch });
    await store.put([alert(1, clock.now())], asBatch([alert(1, clock.now())]));
    await journalWritten(directory);
    const warnings: string[] = [];
    const logger: StoreLogger = { info: () => undefined, warn: (_f, message) => warnings.push(message) };
    const recovered = await openFileAlertStore({ directory, clock, logger });
    assert.equal(recovered.size, 0);
    assert.deepEqual(warnings, ['Skipped unreadable alerts journal entries']);
    await store.close();
  });

  test('without a clean shutdown, the snapshot plus the flushed journal is restored, removals included', async () => {
    const directory = freshDir();
    const clock = new FakeClock();
    const store = await openFileAlertStore({ directory, clock, flushIntervalMs: 20 });
    const resolved = { ...alert(3, clock.now()), endsAt: clock.now() - 1 };
    await store.put([alert(1, clock.now()), resolved]);
    assert.ok((await store.snapshot()) > 0);
    assert.equal((await stat(journalPath(directory))).size, 0, 'the snapshot emptied the journal');
    await store.put([alert(2, clock.now())]);
    assert.deepEqual((await store.gc()).map((a) => a.fingerprint), [resolved.fingerprint]);
    await journalWritten(directory);
    // No close(): the process "dies" here. Open a second store over the same files.
    const recovered = await openFileAlertStore({ directory, clock });
    assert.deepEqual([...recovered.values()].map((a) => a.labels['instance']).sort(), ['host-1', 'host-2']);
    assert.deepEqual(recovered.get(alert(2, clock.now()).fingerprint), alert(2, clock.now()));
  });

  test('failed writes (a full disk) are retried with growing waits, and a dropped backlog is replaced by a snapshot', async () => {
    const directory = freshDir();
    const clock = new FakeClock();
    const warnings: string[] = [];
    const logger: StoreLogger = { ...silentLogger, warn: (_fields, message) => warnings.push(message) };
    const store = await openFileAlertStore({ directory, clock, flushIntervalMs: 10, maxBacklogBytes: 20 * 1024 * 1024, decodeBatch, logger });
    const kept = alert(0, clock.now());
    await store.put([kept], asBatch([kept]));
    await journalWritten(directory);
    // Every write of the process fails as on a full disk, the journal's and the snapshot's.
    const full = await failWrites(directory, ['writev', 'write']);
    let more: Alert[] = [];
    try {
      // 12 MiB in one batch would be written at once, without waiting for the interval.
      const big = Array.from({ length: 12 }, (_, i) => ({ ...alert(i + 1, clock.now()), annotations: { pad: 'x'.repeat(1024 * 1024) } }));
      await store.put(big, asBatch(big));
      await new Promise((resolve) => setTimeout(resolve, 300));
      // Waits of 20, 40, 80 and 160 ms: five tries at most, where retrying at once spun.
      assert.ok(full.attempts >= 2 && full.attempts <= 5, `${full.attempts} writes tried in 300 ms`);
      // A second 12 MiB batch takes the backlog past 20 MiB: it is dropped.
      more = big.map((a, i) => ({ ...alert(i + 100, clock.now()), annotations: a.annotations }));
      await store.put(more, asBatch(more));
      await until(() => Promise.resolve(warnings.some((w) => w.startsWith('Dropped the alerts journal backlog'))), 'the backlog to be dropped');
    } finally {
      full.restore();
    }
    // Once the disk has room, the first put after the retry time (at most 10 s) has the snapshot written.
    const snapshotted = async (): Promise<boolean> => (await stat(join(directory, ALERTS_SNAPSHOT_FILE)).catch(() => undefined))?.size !== undefined;
    for (let i = 0; i < 120 && !(await snapshotted()); i++) {
      await store.put([alert(500, clock.now())]);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.ok(await snapshotted(), 'a snapshot of every alert');
    const recovered = await openFileAlertStore({ directory, clock, decodeBatch });
    assert.equal(recovered.size, 26, 'the alerts put while writes failed survive');
    assert.equal(recovered.get(more[11]!.fingerprint)?.annotations['pad']?.length, 1024 * 1024);
    await recovered.close();
    await store.close();
  });

  test('a snapshot the journal asks for is not tried again before the retry time when it failed', async () => {
    const directory = freshDir();
    const clock = new FakeClock();
    // Any journal is over its bound, so every put asks for a snapshot.
    const store = await openFileAlertStore({ directory, clock, flushIntervalMs: 10, maxJournalBytes: 1 });
    await store.put([alert(0, clock.now())]);
    await journalWritten(directory);
    // Snapshots are written with FileHandle.write, the journal with writev: only snapshots fail.
    const full = await failWrites(directory, ['write']);
    try {
      for (let i = 1; i <= 60; i++) {
        await store.put([alert(i, clock.now())]);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    } finally {
      full.restore();
    }
    // Waits of 20, 40, 80, 160 ms and so on: 8 tries take 5 s, and the puts take well under that.
    // Before, each put tried one.
    assert.ok(full.attempts >= 2 && full.attempts <= 8, `${full.attempts} snapshots tried`);
    await store.close();
  });

  test('a large batch put after a snapshot ended a failure waits for the write retry time without spinning', async () => {
    const directory = freshDir();
    const clock = new FakeClock();
    const store = await openFileAlertStore({ directory, clock, flushIntervalMs: 100, decodeBatch });
    const first = alert(0, clock.now());
    await store.put([first], asBatch([first]));
    await journalWritten(directory);
    const full = await failWrites(directory, ['writev']);
    try {
      const second = alert(1, clock.now());
      await store.put([second], asBatch([second]));
      await until(() => Promise.resolve(full.attempts > 0), 'a failed journal write');
    } finally {
      full.restore();
    }
    // The snapshot succeeds while the journal's retry time (200 ms after its failure) is still ahead.
    await store.snapshot();
    const size = await journalSize(directory);
    const zeroDelayTimers = { count: 0 };
    const realSetTimeout = globalThis.setTimeout;
    globalThis.setTimeout = ((callback: () => void, ms?: number) => {
      if ((ms ?? 0) <= 0) zeroDelayTimers.count++;
      return realSetTimeout(callback, ms);
    }) as typeof setTimeout;
    try {
      // 12 MiB in one batch is written at once when no retry time is ahead.
      const big = Array.from({ length: 12 }, (_, i) => ({ ...alert(i + 2, clock.now()), annotations: { pad: 'x'.repeat(1024 * 1024) } }));
      await store.put(big, asBatch(big));
      await flushedPast(directory, size);
    } finally {
      globalThis.setTimeout = realSetTimeout;
    }
    // Before, each flush found the retry time ahead and scheduled the next at once, until it passed.
    assert.ok(zeroDelayTimers.count <= 1, `${zeroDelayTimers.count} flushes scheduled at once`);
    await store.close();
    const recovered = await openFileAlertStore({ directory, clock, decodeBatch });
    assert.equal(recovered.size, 14);
    await recovered.close();
  });

  test('a torn journal tail is cut off and logged; earlier flushes survive', async () => {
    const directory = freshDir();
    const clock = new FakeClock();
    const store = await openFileAlertStore({ directory, clock, flushIntervalMs: 10 });
    await store.put([alert(1, clock.now())]);
    await journalWritten(directory);
    const first = (await stat(journalPath(directory))).size;
    await store.put([alert(2, clock.now())]);
    await until(async () => (await stat(journalPath(directory))).size > first, 'a second flush');
    await truncate(journalPath(directory), (await stat(journalPath(directory))).size - 5);
    const warnings: string[] = [];
    const logger: StoreLogger = { info: () => undefined, warn: (_f, message) => warnings.push(message) };
    const recovered = await openFileAlertStore({ directory, clock, logger });
    assert.deepEqual([...recovered.values()].map((a) => a.labels['instance']), ['host-1']);
    assert.deepEqual(warnings, ['Truncated a torn or corrupt alerts journal tail']);
    await recovered.close();
    await store.close();
  });

  test('a journal beyond maxJournalBytes is compacted by a snapshot', async () => {
    const directory = freshDir();
    const clock = new FakeClock();
    const store = await openFileAlertStore({ directory, clock, flushIntervalMs: 10, maxJournalBytes: 1000 });
    let n = 0;
    await until(async () => {
      await store.put(Array.from({ length: 10 }, () => alert(n++, clock.now())));
      return (await stat(join(directory, ALERTS_SNAPSHOT_FILE)).catch(() => undefined)) !== undefined;
    }, 'a snapshot');
    await store.close();
    const reopened = await openFileAlertStore({ directory, clock });
    assert.equal(reopened.size, n);
    await reopened.close();
  });

  test('alerts put more than a flush interval before kill -9 survive, and collected ones stay gone', { timeout: 60_000 }, async () => {
    const directory = freshDir();
    const interval = 200;
    // Flushing also serialises and writes; on a loaded machine give that time beyond the interval.
    const margin = interval + 800;
    const putAt: number[] = [];
    const gcAt = new Map<number, number>();
    let killedAt = 0;
    await runUntilKilled(new URL('./testdata/crash-putter.ts', import.meta.url), [directory, String(interval)], (line, kill) => {
      const [kind, n] = line.split(' ');
      if (kind === 'put') putAt[Number(n)] = performance.now();
      else gcAt.set(Number(n), performance.now());
      if (putAt.length === 150 && killedAt === 0) {
        killedAt = performance.now();
        kill();
      }
    });
    const recovered = await openFileAlertStore({ directory, clock: new SystemClock() });
    const settled = putAt.filter((at) => at < killedAt - margin).length;
    assert.ok(settled > 0, 'the child ran long enough for some batches to settle');
    const batches = new Map<string, number>();
    for (const a of recovered.values()) if (a.labels['alertname'] === 'Crash') batches.set(a.labels['batch'] as string, (batches.get(a.labels['batch'] as string) ?? 0) + 1);
    const lost = Array.from({ length: settled }, (_, i) => i).filter((i) => batches.get(String(i)) !== 20);
    assert.deepEqual(lost, [], `batches put more than ${margin} ms before the kill`);
    const collected = Math.max(-1, ...[...gcAt].filter(([, at]) => at < killedAt - margin).map(([i]) => i));
    const back = [...recovered.values()].filter((a) => a.labels['alertname'] === 'Gone' && Number(a.labels['batch']) <= collected);
    assert.deepEqual(back.map((a) => a.labels['batch']), [], 'collected alerts do not come back');
    await recovered.close();
  });
});

test('unreadable snapshot lines are skipped and logged', async () => {
  const directory = freshDir();
  const clock = new FakeClock();
  const store = await openFileAlertStore({ directory, clock });
  await store.put([alert(1, clock.now()), alert(2, clock.now())]);
  await store.close();
  const path = join(directory, ALERTS_SNAPSHOT_FILE);
  const text = await readFile(path, 'utf8');
  await writeFile(path, `${text.slice(0, -20)}`);
  const warnings: string[] = [];
  const logger: StoreLogger = { info: () => undefined, warn: (_f, message) => warnings.push(message) };
  const recovered = await openFileAlertStore({ directory, clock, logger });
  assert.equal(recovered.size, 1);
  assert.deepEqual(warnings, ['Skipped unreadable lines in alerts snapshot']);
});
