import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fingerprint } from '../labels/label-set.ts';
import { ManualClock } from '../silences/fixtures.ts';
import type { StoreLogger } from '../storage/logger.ts';
import type { Alert } from './alert.ts';
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
  const clock = new ManualClock();
  const store = await openFileAlertStore({ directory, clock });
  const alerts = Array.from({ length: 5000 }, (_, i) => alert(i, clock.now()));
  await store.put(alerts);
  await store.close();
  const reopened = await openFileAlertStore({ directory, clock });
  assert.equal(reopened.size, 5000);
  assert.deepEqual(reopened.get(alerts[1234]?.fingerprint as string), alerts[1234]);
  await reopened.close();
});

test('snapshot() on the maintenance interval is what a crash restores', async () => {
  const directory = freshDir();
  const clock = new ManualClock();
  const store = await openFileAlertStore({ directory, clock });
  await store.put([alert(1, clock.now())]);
  assert.ok((await store.snapshot()) > 0);
  await store.put([alert(2, clock.now())]);
  const recovered = await openFileAlertStore({ directory, clock });
  assert.equal(recovered.size, 1);
});

test('unreadable snapshot lines are skipped and logged', async () => {
  const directory = freshDir();
  const clock = new ManualClock();
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
