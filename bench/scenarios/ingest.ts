import { Buffer } from 'node:buffer';
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
  /** `GET /-/healthy` latency while the ingest ran. */
  healthyMs: Distribution;
}

/**
 * Posts the batches with the load generator over `CONNECTIONS` keep-alive connections while
 * polling `/-/healthy` on its own connection.
 */
export async function measureIngest(origin: string, bodies: readonly string[]): Promise<IngestMeasurement> {
  const alerts = bodies.length * BATCH_SIZE;
  const encoded = bodies.map((body) => Buffer.from(body, 'utf8'));
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
    const ms = await rawPostAll(origin, '/api/v2/alerts', encoded, CONNECTIONS);
    return { alerts, perSecond: (alerts / ms) * 1000, healthyMs: distribution(healthSamples) };
  } finally {
    running = false;
    await prober;
    await health.close();
  }
}
