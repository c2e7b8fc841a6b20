import { readdir, readFile } from 'node:fs/promises';

/** CPU time a process has spent so far, in milliseconds: all its threads, and its main thread alone. */
export interface CpuReading {
  readonly processMs: number;
  /** The thread whose id is the process's: where Node runs JavaScript. */
  readonly mainThreadMs: number;
}

/**
 * Reads each of the process's threads' run time from `/proc/<pid>/task/<tid>/schedstat`
 * (nanoseconds), which counts finer than the clock ticks of `/proc/<pid>/stat` over the fraction
 * of a second a 10k ingest takes. Undefined where the kernel does not expose it. Neither server
 * ends threads while it runs (Go parks idle threads, Node's pools are fixed), so no thread's time
 * drops out between two readings.
 */
export async function readCpu(pid: number): Promise<CpuReading | undefined> {
  let tasks: string[];
  try {
    tasks = await readdir(`/proc/${pid}/task`);
  } catch {
    return undefined;
  }
  let processNs = 0;
  let mainThreadNs = 0;
  for (const tid of tasks) {
    let ns: number;
    try {
      ns = Number((await readFile(`/proc/${pid}/task/${tid}/schedstat`, 'utf8')).split(' ')[0]);
    } catch {
      // The thread ended between the listing and the read.
      continue;
    }
    processNs += ns;
    if (tid === String(pid)) mainThreadNs = ns;
  }
  return Number.isFinite(processNs) && mainThreadNs > 0 ? { processMs: processNs / 1e6, mainThreadMs: mainThreadNs / 1e6 } : undefined;
}

/** CPU microseconds per item between two readings, or undefined when either is missing. */
export function cpuMicrosPer(items: number, before: CpuReading | undefined, after: CpuReading | undefined): { process: number; mainThread: number } | undefined {
  if (before === undefined || after === undefined || items <= 0) return undefined;
  return {
    process: ((after.processMs - before.processMs) * 1000) / items,
    mainThread: ((after.mainThreadMs - before.mainThreadMs) * 1000) / items,
  };
}
