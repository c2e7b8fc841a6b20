import { setFlagsFromString } from 'node:v8';

/** How far the old generation may grow past what survived a full collection before the next one, in per cent. */
const HEAP_GROWING_PERCENT = 100;

const GROWING_PERCENT_FLAG = /^--heap[-_]growing[-_]percent(=|$)/u;

/**
 * Fixes V8's heap growing factor at ×2 unless the process was started with its own
 * `--heap-growing-percent`; returns whether it did. V8 otherwise derives the factor from its
 * estimate of the allocation rate, which time without allocation (a quiet spell, here measured
 * as the process stopped for 5 s) drags towards zero, and it takes the memory reducer's
 * collection as a sign that memory is short: either way it set the next trigger ×1.1 above what
 * survived, and the next wave of alerts ran full collections every ~10 MiB that freed ~2 MiB
 * each, their marking taking the second core from the main thread. Re-ingest of 100k alerts
 * after the pause: 111–151k alerts/s with the factor fixed only for the reducer's collection,
 * 161–177k with it fixed for the process (three alternating pairs). Garbage stays bounded by the
 * live set.
 */
export function fixHeapGrowth(execArgv: readonly string[] = process.execArgv): boolean {
  if (execArgv.some((arg) => GROWING_PERCENT_FLAG.test(arg))) return false;
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  return true;
}
