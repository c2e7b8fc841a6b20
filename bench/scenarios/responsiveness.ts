import { performance } from 'node:perf_hooks';
import type { Dispatcher } from 'undici';
import { PROBE_GROUP_WAIT_MS } from '../harness/configs.ts';
import { timedGet } from '../harness/http.ts';
import type { WebhookSink } from '../harness/sink.ts';
import { distribution } from '../harness/stats.ts';
import { streamAlerts } from '../harness/stream.ts';
import type { DelayMeasurement } from './notifications.ts';
import { delays } from './notifications.ts';

const PROBE_PERIOD_MS = 100;
const SETTLE_MS = 15_000;

export interface LoadedDelayMeasurement extends DelayMeasurement {
  /** How long the load ran (the list requests, back to back). */
  loadMs: number;
}

/**
 * A new single-alert group (probe route, 1 s group_wait) every 100 ms while `load` runs, at least
 * `minMs`: how late their notifications arrive. Probes posted while the server is busy count too,
 * since a server that cannot take the POST cannot start the timer either.
 */
export async function measureProbeDelay(pool: Dispatcher, sink: WebhookSink, minMs: number, load?: () => Promise<void>): Promise<LoadedDelayMeasurement> {
  await sink.take();
  const before = await sink.count();
  const start = performance.now();
  let loadMs = 0;
  let loading = load !== undefined;
  const loaded = load?.().then(() => {
    loadMs = performance.now() - start;
    loading = false;
  });
  const sent = await streamAlerts(pool, {
    periodMs: PROBE_PERIOD_MS,
    batch: (k, startsAt) => [
      {
        labels: { alertname: 'BenchProbe', instance: `probe-${Date.now()}-${k}`, probe: 'true' },
        startsAt: new Date(startsAt).toISOString(),
        endsAt: new Date(startsAt + 4 * 60_000).toISOString(),
      },
    ],
    keepGoing: (elapsed) => loading || elapsed < minMs,
  });
  await loaded;
  await sink.waitForCount(before + sent, PROBE_GROUP_WAIT_MS + SETTLE_MS);
  const samples = delays(await sink.take(), '/probe', PROBE_GROUP_WAIT_MS);
  return { sent, delivered: samples.length, delayMs: distribution(samples), loadMs };
}

/**
 * Back-to-back `GET /api/v2/alerts` on one connection, bodies read and dropped: at least
 * `minRuns` and `minMs`, at most 50 requests.
 */
export function listLoad(client: Dispatcher, minRuns: number, minMs: number): () => Promise<void> {
  return async () => {
    const start = performance.now();
    for (let i = 0; i < 50 && (i < minRuns || performance.now() - start < minMs); i++) await timedGet(client, '/api/v2/alerts');
  };
}
