import { Buffer } from 'node:buffer';
import { setTimeout as sleep } from 'node:timers/promises';
import { singleClient, timedGet } from '../harness/http.ts';
import { cpuMicrosPer, readCpu } from '../harness/process-cpu.ts';
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
  /** The server's CPU time (all its threads) per alert, where /proc tells it. */
  cpuMicrosPerAlert: number | undefined;
  /** Its main thread's CPU time per alert, when asked for (Tocsin's JavaScript thread). */
  mainThreadMicrosPerAlert?: number | undefined;
}

/**
 * Posts the batches with the load generator over `CONNECTIONS` keep-alive connections while
 * polling `/-/healthy` on its own connection, and reads the CPU time process `pid` spent (and
 * its main thread's, with `mainThread`).
 */
export async function measureIngest(origin: string, pid: number, bodies: readonly string[], mainThread = false): Promise<IngestMeasurement> {
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
    const cpuBefore = await readCpu(pid);
    const ms = await rawPostAll(origin, '/api/v2/alerts', encoded, CONNECTIONS);
    const cpu = cpuMicrosPer(alerts, cpuBefore, await readCpu(pid));
    return {
      alerts,
      perSecond: (alerts / ms) * 1000,
      healthyMs: distribution(healthSamples),
      cpuMicrosPerAlert: cpu?.process,
      mainThreadMicrosPerAlert: mainThread ? cpu?.mainThread : undefined,
    };
  } finally {
    running = false;
    await prober;
    await health.close();
  }
}
