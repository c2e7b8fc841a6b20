import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Dispatcher } from 'undici';
import type { PostableAlert } from './alerts.ts';
import { postJson } from './http.ts';

export interface StreamOptions {
  periodMs: number;
  /** The alerts of the k-th post; `startsAt` is the moment it is sent (epoch ms). */
  batch: (k: number, startsAt: number) => PostableAlert[];
  /** Asked before each post with the elapsed milliseconds; false stops the stream. */
  keepGoing: (elapsedMs: number) => boolean;
}

/**
 * Posts a batch every `periodMs` without waiting for earlier answers (a slow server does not
 * slow the schedule), then waits for all answers. Resolves with the number of alerts sent.
 */
export async function streamAlerts(dispatcher: Dispatcher, options: StreamOptions): Promise<number> {
  const start = performance.now();
  const pending: Promise<void>[] = [];
  let sent = 0;
  for (let k = 0; options.keepGoing(performance.now() - start); k++) {
    await sleep(Math.max(0, start + k * options.periodMs - performance.now()));
    const alerts = options.batch(k, Date.now());
    sent += alerts.length;
    pending.push(postJson(dispatcher, '/api/v2/alerts', JSON.stringify(alerts)));
  }
  await Promise.all(pending);
  return sent;
}
