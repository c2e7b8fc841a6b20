import { readdir, readFile } from 'node:fs/promises';

/**
 * CPU time a process has spent so far, in milliseconds: the sum of its threads' run time from
 * `/proc/<pid>/task/<tid>/schedstat` (nanoseconds), which counts finer than the clock ticks of
 * `/proc/<pid>/stat` over the fraction of a second a 10k ingest takes. Undefined where the
 * kernel does not expose it. Neither server ends threads while it runs (Go parks idle threads,
 * Node's pools are fixed), so no thread's time drops out between two readings.
 */
export async function processCpuMs(pid: number): Promise<number | undefined> {
  let tasks: string[];
  try {
    tasks = await readdir(`/proc/${pid}/task`);
  } catch {
    return undefined;
  }
  return threadsCpuMs(pid, tasks);
}

/**
 * CPU time of a process's main thread (the one whose id is the process's), in milliseconds: the
 * thread where Node runs JavaScript, so its time per alert is what bounds Tocsin's ingest rate.
 */
export function mainThreadCpuMs(pid: number): Promise<number | undefined> {
  return threadsCpuMs(pid, [String(pid)]);
}

async function threadsCpuMs(pid: number, tasks: readonly string[]): Promise<number | undefined> {
  let ns = 0;
  for (const tid of tasks) {
    try {
      ns += Number((await readFile(`/proc/${pid}/task/${tid}/schedstat`, 'utf8')).split(' ')[0]);
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return Number.isFinite(ns) && ns > 0 ? ns / 1e6 : undefined;
}

/** CPU microseconds per item between two readings, or undefined when either is missing. */
export function cpuMicrosPer(items: number, beforeMs: number | undefined, afterMs: number | undefined): number | undefined {
  if (beforeMs === undefined || afterMs === undefined || items <= 0) return undefined;
  return ((afterMs - beforeMs) * 1000) / items;
}
