import { performance } from 'node:perf_hooks';
import { Client, Pool } from 'undici';
import type { Dispatcher } from 'undici';

const LONG = { headersTimeout: 300_000, bodyTimeout: 300_000 };

/** `connections` keep-alive connections to `origin`. */
export function keepAlivePool(origin: string, connections: number): Pool {
  return new Pool(origin, { connections, pipelining: 1, ...LONG });
}

/** A single keep-alive connection, for requests that must not queue behind others. */
export function singleClient(origin: string): Client {
  return new Client(origin, LONG);
}

/**
 * POSTs `count` JSON bodies (`bodyAt(i)`, built when sent) to `path`, `concurrency` at a time,
 * calling `onDone(n)` after each with the number finished so far. Resolves with the elapsed
 * milliseconds; rejects on a non-2xx answer.
 */
export async function postAll(
  dispatcher: Dispatcher,
  path: string,
  count: number,
  bodyAt: (i: number) => string,
  concurrency: number,
  onDone?: (finished: number) => void,
): Promise<number> {
  const start = performance.now();
  let next = 0;
  let finished = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      await postJson(dispatcher, path, bodyAt(next++));
      onDone?.(++finished);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return performance.now() - start;
}

export async function postJson(dispatcher: Dispatcher, path: string, body: string): Promise<void> {
  const res = await dispatcher.request({ path, method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const text = await res.body.text();
  if (res.statusCode >= 300) throw new Error(`POST ${path}: ${res.statusCode} ${text.slice(0, 300)}`);
}

export interface TimedGet {
  ms: number;
  bytes: number;
  /** Occurrences of `"fingerprint"`: the number of alerts in an alert list or in all groups. */
  alerts: number;
}

/** GETs `path` and reads the whole body, counting alerts without parsing the JSON. */
export async function timedGet(dispatcher: Dispatcher, path: string, signal?: AbortSignal): Promise<TimedGet> {
  const start = performance.now();
  const res = await dispatcher.request({ path, method: 'GET', ...(signal === undefined ? {} : { signal }) });
  let bytes = 0;
  let alerts = 0;
  let carry = '';
  for await (const chunk of res.body as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    const text = carry + chunk.toString('latin1');
    alerts += countOf(text, '"fingerprint"');
    carry = text.slice(-12);
  }
  const ms = performance.now() - start;
  if (res.statusCode !== 200) throw new Error(`GET ${path}: ${res.statusCode}`);
  return { ms, bytes, alerts };
}

function countOf(text: string, needle: string): number {
  let n = 0;
  for (let i = text.indexOf(needle); i !== -1; i = text.indexOf(needle, i + needle.length)) n++;
  return n;
}
