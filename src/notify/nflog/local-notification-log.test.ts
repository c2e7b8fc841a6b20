import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Registry } from 'prom-client';
import { FakeClock } from '../../common/fake-clock.ts';
import { LocalNotificationLog, openFileNotificationLog } from './local-notification-log.ts';
import { NflogMetrics } from './nflog-metrics.ts';
import { NFLOG_JOURNAL_FILE, NFLOG_SNAPSHOT_FILE } from './nflog-persistence.ts';
import type { NflogReceiver } from './notification-log.ts';
import { runNotificationLogContract } from './notification-log.contract.ts';

const HOUR = 3_600_000;
const R: NflogReceiver = { receiver: 'team', integration: 'webhook', index: 0 };
let root: string;
let counter = 0;

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'tocsin-nflog-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

runNotificationLogContract('in memory', async ({ clock, retentionMs }) => ({
  log: new LocalNotificationLog({ clock, retentionMs }),
}));

runNotificationLogContract('file-backed', async ({ clock, retentionMs }) => {
  const directory = join(root, `contract-${counter++}`);
  const log = await openFileNotificationLog({ clock, retentionMs, directory });
  return {
    log,
    reopen: async () => {
      await log.close();
      return openFileNotificationLog({ clock, retentionMs, directory });
    },
  };
});

describe('file-backed notification log', () => {
  test('an entry is durable in the journal before log() resolves (no close, no snapshot)', async () => {
    const directory = join(root, 'journal');
    const clock = new FakeClock();
    const log = await openFileNotificationLog({ clock, retentionMs: 120 * HOUR, directory });
    await log.log({ groupKey: 'g', receiver: R, firingAlerts: ['a'], resolvedAlerts: [], expiryMs: HOUR });
    assert.ok((await stat(join(directory, NFLOG_JOURNAL_FILE))).size > 0);
    // Simulate a crash: open a second instance over the same files without closing the first.
    const after = await openFileNotificationLog({ clock, retentionMs: 120 * HOUR, directory });
    assert.deepEqual((await after.query('g', R))?.firingAlerts, ['a']);
    await after.close();
    await log.close();
  });

  test('maintenance collects garbage, writes a snapshot and empties the journal', async () => {
    const directory = join(root, 'maintenance');
    const clock = new FakeClock();
    const registry = new Registry();
    const metrics = new NflogMetrics(registry);
    const log = await openFileNotificationLog({ clock, retentionMs: 120 * HOUR, directory, metrics });
    await log.log({ groupKey: 'short', receiver: R, firingAlerts: ['a'], resolvedAlerts: [], expiryMs: HOUR });
    await log.log({ groupKey: 'long', receiver: R, firingAlerts: ['b'], resolvedAlerts: [], expiryMs: 10 * HOUR });
    clock.jump(2 * HOUR);
    const result = await log.maintenance();
    assert.equal(result.removed, 1);
    assert.ok(result.snapshotBytes > 0);
    assert.equal((await stat(join(directory, NFLOG_JOURNAL_FILE))).size, 0);
    const snapshot = JSON.parse(await readFile(join(directory, NFLOG_SNAPSHOT_FILE), 'utf8')) as { entries: unknown[] };
    assert.equal(snapshot.entries.length, 1);
    const text = await registry.metrics();
    assert.match(text, /alertmanager_nflog_maintenance_total 1/);
    assert.match(text, new RegExp(`alertmanager_nflog_snapshot_size_bytes ${result.snapshotBytes}`));
    await log.close();
    const reopened = await openFileNotificationLog({ clock, retentionMs: 120 * HOUR, directory });
    assert.equal(reopened.size, 1);
    assert.deepEqual((await reopened.query('long', R))?.firingAlerts, ['b']);
    await reopened.close();
  });

  test('a torn journal tail is cut off and earlier entries survive', async () => {
    const directory = join(root, 'torn');
    const clock = new FakeClock();
    const warnings: string[] = [];
    const logger = { info: () => undefined, warn: (_f: object, m: string) => void warnings.push(m) };
    const log = await openFileNotificationLog({ clock, retentionMs: 120 * HOUR, directory, logger });
    await log.log({ groupKey: 'g1', receiver: R, firingAlerts: ['a'], resolvedAlerts: [], expiryMs: HOUR });
    await log.log({ groupKey: 'g2', receiver: R, firingAlerts: ['b'], resolvedAlerts: [], expiryMs: HOUR });
    const journal = join(directory, NFLOG_JOURNAL_FILE);
    await truncate(journal, (await stat(journal)).size - 3);
    const reopened = await openFileNotificationLog({ clock, retentionMs: 120 * HOUR, directory, logger });
    assert.ok(await reopened.query('g1', R));
    assert.equal(await reopened.query('g2', R), undefined);
    assert.equal(warnings.length, 1);
    await reopened.close();
    await log.close().catch(() => undefined);
  });

  test('a large journal triggers a snapshot on its own', async () => {
    const directory = join(root, 'growth');
    const clock = new FakeClock();
    const log = await openFileNotificationLog({ clock, retentionMs: 120 * HOUR, directory, maxJournalBytes: 1000 });
    for (let i = 0; i < 20; i++) {
      await log.log({ groupKey: `g${i}`, receiver: R, firingAlerts: ['a'], resolvedAlerts: [], expiryMs: HOUR });
    }
    await log.close();
    const snapshot = JSON.parse(await readFile(join(directory, NFLOG_SNAPSHOT_FILE), 'utf8')) as { entries: unknown[] };
    assert.equal(snapshot.entries.length, 20);
  });

  test('queries count as Alertmanager counts them (not found is an error)', async () => {
    const registry = new Registry();
    const log = new LocalNotificationLog({ clock: new FakeClock(), retentionMs: HOUR, metrics: new NflogMetrics(registry) });
    await log.query('g', R);
    await log.log({ groupKey: 'g', receiver: R, firingAlerts: ['a'], resolvedAlerts: [], expiryMs: HOUR });
    await log.query('g', R);
    const text = await registry.metrics();
    assert.match(text, /alertmanager_nflog_queries_total 2/);
    assert.match(text, /alertmanager_nflog_query_errors_total 1/);
  });
});
