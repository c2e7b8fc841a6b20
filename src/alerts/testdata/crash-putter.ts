// Child process for the kill -9 test: puts batches of new alerts (and one resolved alert each,
// collected every fifth batch), snapshots now and then without waiting, and prints `put <i>`
// once batch i was stored and `gc <i>` once the resolved alerts of batches up to i were collected.
import { SystemClock } from '../../common/clock.ts';
import { fingerprint } from '../../labels/label-set.ts';
import type { Alert } from '../alert.ts';
import { openFileAlertStore } from '../file-alert-store.ts';

const [directory, interval] = process.argv.slice(2) as [string, string];
const store = await openFileAlertStore({ directory, clock: new SystemClock(), flushIntervalMs: Number(interval) });

function alert(labels: Record<string, string>, endsAt: number): Alert {
  const now = Date.now();
  return { fingerprint: fingerprint(labels), labels, annotations: {}, startsAt: now - 60_000, endsAt, generatorURL: '', updatedAt: now, timeout: false };
}

for (let i = 0; ; i++) {
  const batch = Array.from({ length: 20 }, (_, j) => alert({ alertname: 'Crash', batch: String(i), j: String(j) }, Date.now() + 3_600_000));
  batch.push(alert({ alertname: 'Gone', batch: String(i) }, Date.now() - 1000));
  await store.put(batch);
  process.stdout.write(`put ${i}\n`);
  if (i % 5 === 4) {
    await store.gc();
    process.stdout.write(`gc ${i}\n`);
  }
  if (i % 40 === 20) void store.snapshot();
  await new Promise((resolve) => setTimeout(resolve, 10));
}
