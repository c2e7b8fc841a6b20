import { performance } from 'node:perf_hooks';
import type { Dispatcher } from 'undici';
import { setTimeout as sleep } from 'node:timers/promises';
import { LARGE_GROUP_WAIT_MS, PROBE_GROUP_WAIT_MS } from '../harness/configs.ts';
import { timedGet } from '../harness/http.ts';
import type { WebhookSink } from '../harness/sink.ts';
import { distribution } from '../harness/stats.ts';
import { streamAlerts } from '../harness/stream.ts';
import type { DelayMeasurement } from './notifications.ts';
import { delays, postInBatches } from './notifications.ts';

const PROBE_PERIOD_MS = 100;
const SETTLE_MS = 15_000;

export interface LoadedDelayMeasurement extends DelayMeasurement {
  /** How long the load ran (the list requests, back to back). */
  loadMs: number;
  /** Requests the sink got on other paths than the probes' meanwhile (the load's own notifications). */
  otherArrivals: number;
}

/**
 * A new single-alert group (probe route, 1 s group_wait) every 100 ms while `load` runs, at least
 * `minMs`: how late their notifications arrive. Probes posted while the server is busy count too,
 * since a server that cannot take the POST cannot start the timer either.
 */
export async function measureProbeDelay(
  pool: Dispatcher,
  sink: WebhookSink,
  minMs: number,
  load?: () => Promise<void>,
  otherRequests = 0,
): Promise<LoadedDelayMeasurement> {
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
  await sink.waitForCount(before + sent + otherRequests, PROBE_GROUP_WAIT_MS + SETTLE_MS);
  const arrivals = await sink.take();
  const samples = delays(arrivals, '/probe', PROBE_GROUP_WAIT_MS);
  const otherArrivals = arrivals.filter((a) => a.path !== '/probe').length;
  return { sent, delivered: samples.length, delayMs: distribution(samples), loadMs, otherArrivals };
}

/**
 * Posts `count` alerts of one group (the LargeGroup route, notified to PagerDuty) in batches over
 * several connections, then waits out its group_wait and `settleMs` for its notification.
 */
export function largeGroupLoad(pool: Dispatcher, count: number, settleMs: number): () => Promise<void> {
  return async () => {
    await postInBatches(pool, count, (i, now) => ({
      labels: { alertname: 'LargeGroup', instance: `large-${i}`, job: 'bench', severity: 'critical' },
      annotations: { summary: `large group member ${i}`, description: 'one of many alerts of one group' },
      startsAt: new Date(now).toISOString(),
      endsAt: new Date(now + 4 * 60_000).toISOString(),
    }));
    await sleep(LARGE_GROUP_WAIT_MS + settleMs);
  };
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
