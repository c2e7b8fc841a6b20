import { Buffer } from 'node:buffer';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { singleClient, timedGet } from '../harness/http.ts';
import { rawPostAll } from '../harness/raw-post.ts';
import { distribution } from '../harness/stats.ts';
import type { Distribution } from '../harness/stats.ts';

export const BATCH_SIZE = 100;
export const CONNECTIONS = 8;
const HEALTH_PERIOD_MS = 20;

export interface IngestMeasurement {
  alerts: number;
  perSecond: number;
  /** Rate over the first `checkpoint` alerts, when the run went past it. */
  checkpointPerSecond?: number;
  /** `GET /-/healthy` latency while the ingest ran. */
  healthyMs: Distribution;
}

/**
 * Posts the batches with the load generator over `CONNECTIONS` keep-alive connections while
 * polling `/-/healthy` on its own connection. `checkpoint` (alerts) records the rate reached at
 * that point, e.g. 10,000.
 */
export async function measureIngest(origin: string, bodies: readonly string[], checkpoint?: number): Promise<IngestMeasurement> {
  const alerts = bodies.length * BATCH_SIZE;
  const encoded = bodies.map((body) => Buffer.from(body, 'utf8'));
  let checkpointMs: number | undefined;
  const start = performance.now();
  const onDone = (finished: number): void => {
    if (checkpoint !== undefined && checkpointMs === undefined && finished * BATCH_SIZE >= checkpoint) checkpointMs = performance.now() - start;
  };
  const health = singleClient(origin);
  const healthSamples: number[] = [];
  let running = true;
  const prober = (async () => {
    while (running) {
      healthSamples.push((await timedGet(health, '/-/healthy')).ms);
      await sleep(HEALTH_PERIOD_MS);
    }
  })();
  try {
    const ms = await rawPostAll(origin, '/api/v2/alerts', encoded, CONNECTIONS, onDone);
    return {
      alerts,
      perSecond: (alerts / ms) * 1000,
      ...(checkpoint !== undefined && checkpoint < alerts && checkpointMs !== undefined ? { checkpointPerSecond: (checkpoint / checkpointMs) * 1000 } : {}),
      healthyMs: distribution(healthSamples),
    };
  } finally {
    running = false;
    await prober;
    await health.close();
  }
}
