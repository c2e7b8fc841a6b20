import { performance } from 'node:perf_hooks';
import type { Dispatcher } from 'undici';
import type { PostableAlert } from '../harness/alerts.ts';
import { BURST_GROUP_WAIT_MS, STEADY_GROUP_WAIT_MS } from '../harness/configs.ts';
import { postAll } from '../harness/http.ts';
import type { Arrival, WebhookSink } from '../harness/sink.ts';
import { distribution } from '../harness/stats.ts';
import type { Distribution } from '../harness/stats.ts';
import { streamAlerts } from '../harness/stream.ts';
import { BATCH_SIZE, CONNECTIONS } from './ingest.ts';

const STEADY_PERIOD_MS = 50;
const STEADY_PER_POST = 10;
const STEADY_DURATION_MS = 5_000;
const SETTLE_MS = 15_000;

export interface DelayMeasurement {
  sent: number;
  delivered: number;
  /** Arrival at the sink minus (startsAt + group_wait), ms. */
  delayMs: Distribution;
}

export interface BurstMeasurement extends DelayMeasurement {
  /** Notifications per second between the first and the last arrival. */
  perSecond: number;
  /** How long posting the alerts took; the group timers expire over the same span. */
  postMs: number;
}

function alert(alertname: string, instance: string, startsAt: number): PostableAlert {
  return {
    labels: { alertname, instance, job: 'bench', severity: 'warning' },
    annotations: { summary: `${alertname} on ${instance}` },
    startsAt: new Date(startsAt).toISOString(),
    endsAt: new Date(startsAt + 4 * 60_000).toISOString(),
  };
}

/**
 * Posts `count` alerts, `alertAt(i, now)`, in batches of BATCH_SIZE over CONNECTIONS connections;
 * `now` is read as each batch is built.
 */
export async function postInBatches(pool: Dispatcher, count: number, alertAt: (i: number, now: number) => PostableAlert): Promise<void> {
  const bodyAt = (b: number): string => {
    const now = Date.now();
    const size = Math.min(BATCH_SIZE, count - b * BATCH_SIZE);
    return JSON.stringify(Array.from({ length: size }, (_, j) => alertAt(b * BATCH_SIZE + j, now)));
  };
  await postAll(pool, '/api/v2/alerts', Math.ceil(count / BATCH_SIZE), bodyAt, CONNECTIONS);
}

/** Delays of the arrivals on `path`, measured from each notification's startsAt + group_wait. */
export function delays(arrivals: readonly Arrival[], path: string, groupWaitMs: number): number[] {
  return arrivals.filter((a) => a.path === path).map((a) => a.at - (a.startsAt + groupWaitMs));
}

/** 200 new single-alert groups per second for 5 s: how late the group_wait timer's notification arrives. */
export async function measureSteadyDelivery(pool: Dispatcher, sink: WebhookSink): Promise<DelayMeasurement> {
  await sink.take();
  const before = await sink.count();
  const sent = await streamAlerts(pool, {
    periodMs: STEADY_PERIOD_MS,
    batch: (k, startsAt) => Array.from({ length: STEADY_PER_POST }, (_, j) => alert('Steady', `steady-${k * STEADY_PER_POST + j}`, startsAt)),
    keepGoing: (elapsed) => elapsed < STEADY_DURATION_MS,
  });
  await sink.waitForCount(before + sent, STEADY_GROUP_WAIT_MS + SETTLE_MS);
  const samples = delays(await sink.take(), '/steady', STEADY_GROUP_WAIT_MS);
  return { sent, delivered: samples.length, delayMs: distribution(samples) };
}

/**
 * `count` single-alert groups posted as fast as possible, their timers expiring together.
 * `onPosted` runs once every alert was accepted, before the notifications are awaited.
 */
export async function measureBurst(pool: Dispatcher, sink: WebhookSink, count: number, onPosted?: () => Promise<void>): Promise<BurstMeasurement> {
  await sink.take();
  const before = await sink.count();
  const postStart = performance.now();
  await postInBatches(pool, count, (i, now) => alert('Burst', `burst-${i}`, now));
  const postMs = performance.now() - postStart;
  await onPosted?.();
  await sink.waitForCount(before + count, BURST_GROUP_WAIT_MS + SETTLE_MS + count);
  const arrivals = (await sink.take()).filter((a) => a.path === '/burst');
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const { at } of arrivals) [first, last] = [Math.min(first, at), Math.max(last, at)];
  const windowMs = arrivals.length < 2 ? Number.NaN : last - first;
  const samples = delays(arrivals, '/burst', BURST_GROUP_WAIT_MS);
  return { sent: count, delivered: arrivals.length, delayMs: distribution(samples), perSecond: (arrivals.length / windowMs) * 1000, postMs };
}
