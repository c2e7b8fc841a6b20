import { readdir, readFile } from 'node:fs/promises';

/** CPU time a process has spent so far, in milliseconds: all its threads, and its main thread alone. */
export interface CpuReading {
  readonly processMs: number;
  /** The thread whose id is the process's: where Node runs JavaScript. */
  readonly mainThreadMs: number;
}

/**
 * Each of the process's threads' run time so far in milliseconds, by thread id, from
 * `/proc/<pid>/task/<tid>/schedstat` (nanoseconds), which counts finer than the clock ticks of
 * `/proc/<pid>/stat` over the fraction of a second a 10k ingest takes. Undefined where the kernel
 * does not expose it. Neither server ends threads while it runs (Go parks idle threads, Node's
 * pools are fixed), so no thread's time drops out between two readings.
 */
export async function readThreadsCpu(pid: number): Promise<Map<string, number> | undefined> {
  let tasks: string[];
  try {
    tasks = await readdir(`/proc/${pid}/task`);
  } catch {
    return undefined;
  }
  const byThread = new Map<string, number>();
  for (const tid of tasks) {
    try {
      byThread.set(tid, Number((await readFile(`/proc/${pid}/task/${tid}/schedstat`, 'utf8')).split(' ')[0]) / 1e6);
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return byThread;
}

/** The process's CPU time so far: all its threads, and its main thread alone. */
export async function readCpu(pid: number): Promise<CpuReading | undefined> {
  const byThread = await readThreadsCpu(pid);
  if (byThread === undefined) return undefined;
  let processMs = 0;
  for (const ms of byThread.values()) processMs += ms;
  const mainThreadMs = byThread.get(String(pid)) ?? 0;
  return Number.isFinite(processMs) && mainThreadMs > 0 ? { processMs, mainThreadMs } : undefined;
}

/** CPU microseconds per item between two readings, or undefined when either is missing. */
export function cpuMicrosPer(items: number, before: CpuReading | undefined, after: CpuReading | undefined): { process: number; mainThread: number } | undefined {
  if (before === undefined || after === undefined || items <= 0) return undefined;
  return {
    process: ((after.processMs - before.processMs) * 1000) / items,
    mainThread: ((after.mainThreadMs - before.mainThreadMs) * 1000) / items,
  };
}
