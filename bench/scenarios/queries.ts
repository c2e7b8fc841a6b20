import { performance } from 'node:perf_hooks';
import type { Dispatcher } from 'undici';
import { timedGet } from '../harness/http.ts';
import { median } from '../harness/stats.ts';

const filter = (expression: string): string => `/api/v2/alerts?filter=${encodeURIComponent(expression)}`;

/** The read paths compared; `alertname="Alert7"` selects 1 % of the fleet, the regex 10 %. */
export const QUERIES = {
  list: '/api/v2/alerts',
  filterEqual: filter('alertname="Alert7"'),
  filterRegex: filter('alertname=~"Alert1[0-9]"'),
  groups: '/api/v2/alerts/groups',
} as const;

export type QueryName = keyof typeof QUERIES;

export interface QueryMeasurement {
  medianMs: number;
  samplesMs: number[];
  bytes: number;
  /** Alerts in the answer (in all groups, for the groups query). */
  alerts: number;
  /** The answer took longer than the cap: `medianMs` is the cap, a lower bound. */
  timedOut?: boolean;
}

/** A first answer slower than this is past any warm-up effect and counts as a sample. */
const WARM_MS = 2_000;
/** Time per query after which no further samples are taken. */
const BUDGET_MS = 20_000;

/**
 * Each query once to warm up, then up to `runs` times in a row on one connection; the median
 * counts. A request slower than `capMs` is abandoned and the remaining queries are skipped:
 * Alertmanager 0.25 can spend minutes on one list.
 */
export async function measureQueries(client: Dispatcher, runs: number, capMs: number, names = Object.keys(QUERIES) as QueryName[]): Promise<Partial<Record<QueryName, QueryMeasurement>>> {
  const out: Partial<Record<QueryName, QueryMeasurement>> = {};
  for (const name of names) {
    const get = () => timedGet(client, QUERIES[name], AbortSignal.timeout(capMs));
    const start = performance.now();
    try {
      const first = await get();
      const samplesMs = first.ms > WARM_MS ? [first.ms] : [];
      while (samplesMs.length < runs && (samplesMs.length === 0 || performance.now() - start < BUDGET_MS)) samplesMs.push((await get()).ms);
      out[name] = { medianMs: median(samplesMs), samplesMs, bytes: first.bytes, alerts: first.alerts };
    } catch (err) {
      if ((err as Error).name !== 'TimeoutError') throw err;
      out[name] = { medianMs: capMs, samplesMs: [], bytes: 0, alerts: 0, timedOut: true };
      break;
    }
  }
  return out;
}
