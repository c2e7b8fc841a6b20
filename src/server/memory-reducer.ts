import { Session } from 'node:inspector';
import { constants, performance, PerformanceObserver } from 'node:perf_hooks';
import type { EventLoopUtilization } from 'node:perf_hooks';
import type { Logger } from '../common/logger.ts';
import { releaseFreedMemory, startMemoryReducingCollection } from './native-memory.ts';

/** What the reducer reads of the process and how it collects; the real one is `processMemory()`. */
export interface MemoryProbe {
  /**
   * Bytes the process holds in memory (RSS): the JavaScript heap with its garbage and grown young
   * generation, and the C heap. The heap's own size misses a young generation grown by a burst
   * that left little garbage (re-sent alerts): 75 MiB more resident at 100k alerts, unseen.
   */
  residentBytes(): number;
  /** The fraction of time the event loop was busy since the previous call (near 1 under `--cpu-prof`). */
  busyFraction(): number;
  /**
   * A full garbage collection that shrinks the heap and returns free pages, the C heap's included,
   * to the system; resolves with the longest time, in seconds, that it stopped JavaScript at once.
   */
  collect(): Promise<number>;
}

export interface MemoryReducerOptions {
  readonly probe?: MemoryProbe;
  readonly logger: Logger;
  /** The event loop counts as idle at or below this busy fraction. */
  readonly idleBusyFraction?: number;
  /** A collection is worth it when resident memory grew by this much since the last one... */
  readonly minGrowthBytes?: number;
  /** ...and by this fraction of what the last one left. */
  readonly minGrowthRatio?: number;
  /** How long no request may have been under way before a collection. */
  readonly quietMs?: number;
  /** Told the longest time each collection held the process at once, in seconds. */
  readonly onCollected?: (seconds: number) => void;
}

const MiB = 1024 * 1024;

/**
 * Gives memory back once the process goes quiet after it grew. V8, as Node 20 runs it,
 * collects the old generation only when it needs room, so after an ingest burst or a large
 * listing the process keeps the garbage and a grown young generation for as long as it stays
 * quiet: measured at 100k alerts, 320 MiB resident where a full collection leaves 170 MiB. Even
 * run incrementally, the collection stops the event loop for tens of milliseconds, slows what runs
 * meanwhile and empties the young generation, so it runs only when no request came for a while,
 * the loop had next to nothing to do, and resident memory grew by a good part since the last one.
 */
export class MemoryReducer {
  readonly #probe: MemoryProbe;
  readonly #logger: Logger;
  readonly #idleBusyFraction: number;
  readonly #minGrowthBytes: number;
  readonly #minGrowthRatio: number;
  readonly #quietMs: number;
  readonly #trims: (() => void)[] = [];
  readonly #onCollected: ((seconds: number) => void) | undefined;
  /** Heap size after the last collection, lowered to the least seen since. */
  #floor: number;
  #collecting = false;
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;
  #requestsUnderWay = 0;
  #lastRequestAt = Number.NEGATIVE_INFINITY;

  constructor(options: MemoryReducerOptions) {
    this.#probe = options.probe ?? processMemory();
    this.#logger = options.logger;
    this.#idleBusyFraction = options.idleBusyFraction ?? 0.05;
    this.#minGrowthBytes = options.minGrowthBytes ?? 64 * MiB;
    this.#minGrowthRatio = options.minGrowthRatio ?? 0.25;
    this.#quietMs = options.quietMs ?? 1_000;
    this.#onCollected = options.onCollected;
    this.#floor = this.#probe.residentBytes();
  }

  /** Registers a hook that drops memory kept for reuse (buffer pools); it runs before each collection. */
  onTrim(hook: () => void): void {
    this.#trims.push(hook);
  }

  /**
   * Counts a request as under way until the returned function is called. An idle event loop
   * alone does not mean quiet: a listing streamed to a slow reader leaves the loop waiting, and
   * clients polling (probes, dashboards) would land in the pause.
   */
  requestStarted(): () => void {
    this.#requestsUnderWay++;
    this.#lastRequestAt = performance.now();
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.#requestsUnderWay--;
      this.#lastRequestAt = performance.now();
    };
  }

  /**
   * Collects when no request was under way for `quietMs`, the loop was idle since the last
   * check, and resident memory outgrew what the last collection left; resolves with whether it did.
   */
  async check(): Promise<boolean> {
    const busy = this.#probe.busyFraction();
    const used = this.#probe.residentBytes();
    this.#floor = Math.min(this.#floor, used);
    const growth = used - this.#floor;
    const quiet = this.#requestsUnderWay === 0 && performance.now() - this.#lastRequestAt >= this.#quietMs;
    if (this.#collecting || !quiet || busy > this.#idleBusyFraction || growth < Math.max(this.#minGrowthBytes, this.#minGrowthRatio * this.#floor)) {
      return false;
    }
    await this.#collect(used);
    return true;
  }

  async #collect(used: number): Promise<void> {
    this.#collecting = true;
    const started = performance.now();
    let pauseSeconds: number;
    try {
      for (const trim of this.#trims) trim();
      pauseSeconds = await this.#probe.collect();
    } finally {
      this.#collecting = false;
    }
    this.#floor = this.#probe.residentBytes();
    this.#onCollected?.(pauseSeconds);
    this.#logger.debug('Collected garbage', {
      rss_before_mib: Math.round(used / MiB),
      rss_after_mib: Math.round(this.#floor / MiB),
      took_ms: Math.round(performance.now() - started),
      longest_pause_ms: Math.round(pauseSeconds * 1000),
    });
  }

  /**
   * Checks every `intervalMs` until `stop()`, counting growth from resident memory as it is now (the
   * server about to serve). No collection at start: it would shrink the young generation that
   * loading grew, and the first burst of alerts or notifications would pay for that in
   * scavenges. Without a way to collect (no inspector), memory is left to V8.
   */
  start(intervalMs = 250): void {
    if (this.#stopped) return;
    this.#floor = this.#probe.residentBytes();
    this.#timer ??= setInterval(() => {
      this.check().catch((err: unknown) => {
        this.#logger.warn('Garbage collection on demand is unavailable; memory is left to V8', { err });
        this.stop();
      });
    }, intervalMs).unref();
  }

  stop(): void {
    this.#stopped = true;
    clearInterval(this.#timer);
    this.#timer = undefined;
  }
}

/**
 * This process's heap and event loop. The collection is V8's memory-reducing kind, started
 * through the native helper so that V8 runs it incrementally: at 100k alerts its longest stop of
 * JavaScript measured 27-60 ms, where the full collections on request stopped it for 0.2-0.3 s.
 * Without the helper it asks the inspector, whose collection is the stopping kind; unlike `gc()`
 * from `--expose-gc`, both shrink the young generation and release the freed pages (measured:
 * 101 against 134 MiB resident for the same live data). Then glibc hands back the C heap that
 * the collection and the requests before it freed: at 100k alerts, after listings, 24 MiB that
 * would otherwise stay resident. V8 takes such a collection as a sign that memory is short and
 * sets the next one's trigger barely above the survivors unless the growing factor is fixed
 * (`fixHeapGrowth`).
 */
export function processMemory(): MemoryProbe {
  let last: EventLoopUtilization = performance.eventLoopUtilization();
  return {
    residentBytes: () => process.memoryUsage.rss(),
    busyFraction: () => {
      const now = performance.eventLoopUtilization();
      const delta = performance.eventLoopUtilization(now, last);
      last = now;
      return delta.utilization;
    },
    collect: async () => {
      const first = await incrementalCollection();
      // A second one hands back the pages the first emptied by compacting, as the inspector's
      // two do: measured at 100k alerts, 172 MiB resident after two against 189 after one.
      const pauseSeconds = first === undefined ? await inspectorCollection() : Math.max(first, (await incrementalCollection()) ?? 0);
      releaseFreedMemory();
      return pauseSeconds;
    },
  };
}

/** What Node adds to a `gc` performance entry; its types leave `detail` out. */
interface GcEntry {
  readonly detail?: { readonly kind?: number };
}

/** Longest an incremental collection may take before the reducer stops waiting for it. */
const INCREMENTAL_LIMIT_MS = 30_000;

/**
 * Starts V8's incremental memory-reducing collection and resolves with its longest pause, in
 * seconds, once its final mark-compact ran; undefined when it cannot be started. If marking was
 * already under way, V8 finishes that one instead, which serves as well.
 */
function incrementalCollection(): Promise<number | undefined> {
  return new Promise((resolve) => {
    let longestMs = 0;
    const finish = (result: number | undefined): void => {
      observer.disconnect();
      clearTimeout(limit);
      resolve(result);
    };
    const observer = new PerformanceObserver((list) => {
      let done = false;
      for (const entry of list.getEntries()) {
        longestMs = Math.max(longestMs, entry.duration);
        if ((entry as GcEntry).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) done = true;
      }
      if (done) finish(longestMs / 1000);
    });
    observer.observe({ entryTypes: ['gc'] });
    const limit = setTimeout(() => finish(longestMs / 1000), INCREMENTAL_LIMIT_MS);
    if (!startMemoryReducingCollection()) finish(undefined);
  });
}

/** A full collection through the inspector, which stops JavaScript for all of it; resolves with its length in seconds. */
export function inspectorCollection(): Promise<number> {
  const started = performance.now();
  const session = new Session();
  session.connect();
  return new Promise<number>((resolve, reject) => {
    session.post('HeapProfiler.collectGarbage', (err) => {
      // Disconnecting inside the callback leaves Node 20's event loop stuck: timers stop firing.
      setImmediate(() => {
        session.disconnect();
        if (err !== null) reject(err);
        else resolve((performance.now() - started) / 1000);
      });
    });
  });
}
