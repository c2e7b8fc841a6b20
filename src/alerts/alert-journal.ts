import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { ChunkPool } from '../storage/chunk-pool.ts';
import type { TakenChunks } from '../storage/chunk-pool.ts';
import { Journal } from '../storage/journal.ts';
import { silentLogger } from '../storage/logger.ts';
import type { StoreLogger } from '../storage/logger.ts';
import type { Alert } from './alert.ts';
import { AlertSnapshotFile } from './alert-persistence.ts';
import type { AlertBatch } from './alert-store.ts';
import type { AlertPersistence } from './memory-alert-store.ts';
import { combineAlerts } from './merge.ts';

/** Journal of alert changes since the last snapshot, under `--storage.path`. */
export const ALERTS_JOURNAL_FILE = 'tocsin-alerts.journal';

/** Entries serialised per event-loop turn by a flush. */
const CHUNK = 2000;

/**
 * First byte of a record holding one batch as it arrived: then the merge time (float64 LE) and
 * the batch's payload. Other records are JSON lines, which start with `{` or `"`.
 */
const BATCH_RECORD = 0x01;
const BATCH_HEADER_BYTES = 9;

/** Pending batch bytes that make a flush start at once rather than at the next interval. */
const EAGER_FLUSH_BYTES = 8 * 1024 * 1024;

/**
 * A journal this many times the size of the last snapshot asks for a new one: snapshots encode
 * every alert, so they must stay rare next to the re-sends a large fleet journals each minute.
 */
const SNAPSHOT_GROWTH = 4;

/** Longest wait between attempts to write after failures (a full disk, say); waits double up to it. */
const MAX_RETRY_DELAY_MS = 10_000;

/** Failures in a row of one kind of write, and the time before which it is not tried again. */
class Backoff {
  failures = 0;
  #retryAt = 0;
  readonly #baseMs: number;

  constructor(baseMs: number) {
    this.#baseMs = baseMs;
  }

  /** Milliseconds until the next try may be made; zero or less when it may be made now. */
  get untilRetry(): number {
    return this.#retryAt - Date.now();
  }

  /** Counts a failure and returns the wait before the next try: doubling, up to 10 s. */
  failed(): number {
    this.failures++;
    const delay = Math.min(MAX_RETRY_DELAY_MS, this.#baseMs * 2 ** this.failures);
    this.#retryAt = Date.now() + delay;
    return delay;
  }

  succeeded(): void {
    this.failures = 0;
    this.#retryAt = 0;
  }
}

/** Turns a journaled batch back into the alerts it was put with. */
export type AlertBatchDecoder = (payload: Uint8Array) => Alert[];

export interface AlertJournalOptions {
  /** How long a stored alert may wait before it is written; 250 ms by default. */
  readonly flushIntervalMs?: number;
  /**
   * A journal larger than this, and than four times the last snapshot, asks for a snapshot
   * (`needsSnapshot`); 256 MiB by default, so replaying it at start takes a few seconds at most.
   */
  readonly maxJournalBytes?: number;
  /**
   * Changes waiting to be written after failed writes, in bytes, beyond which they are dropped and
   * the next snapshot writes every alert instead; 64 MiB by default.
   */
  readonly maxBacklogBytes?: number;
  /** Lets puts that carry their batch be journaled as that batch; without it each alert is encoded. */
  readonly decodeBatch?: AlertBatchDecoder;
  readonly logger?: StoreLogger;
}

/** The alerts found on disk and the persistence that keeps writing there. */
export interface OpenedAlertPersistence {
  readonly alerts: Alert[];
  readonly persistence: AlertPersistence;
}

/**
 * Loads the alerts snapshot, replays the journal written after it and returns a write-behind
 * persistence over both. A torn journal tail is cut off and logged: it only ever holds the last,
 * unfinished flush.
 */
export async function openAlertPersistence(directory: string, options: AlertJournalOptions = {}): Promise<OpenedAlertPersistence> {
  const logger = options.logger ?? silentLogger;
  await mkdir(directory, { recursive: true });
  const snapshotFile = new AlertSnapshotFile(directory, logger);
  const snapshot = await snapshotFile.load();
  const byFingerprint = new Map<string, Alert>();
  for (const alert of snapshot.alerts) byFingerprint.set(alert.fingerprint, alert);

  const { journal, records } = await Journal.open(join(directory, ALERTS_JOURNAL_FILE), {
    onCorruption: (c) => logger.warn(c, 'Truncated a torn or corrupt alerts journal tail'),
  });
  const replay = new JournalReplay(byFingerprint, options.decodeBatch);
  for (const record of records) replay.apply(record);
  if (records.length > 0) logger.info({ records: records.length, entries: replay.entries }, 'Replayed alerts journal');
  if (replay.skipped > 0) logger.warn({ skipped: replay.skipped }, 'Skipped unreadable alerts journal entries');
  const persistence = new WriteBehindAlertJournal(journal, snapshotFile, snapshot.bytes, options);
  return { alerts: [...byFingerprint.values()], persistence };
}

/** Applies journal records, in order, to the alerts of the snapshot. */
class JournalReplay {
  readonly #byFingerprint: Map<string, Alert>;
  readonly #decodeBatch: AlertBatchDecoder | undefined;
  entries = 0;
  skipped = 0;

  constructor(byFingerprint: Map<string, Alert>, decodeBatch: AlertBatchDecoder | undefined) {
    this.#byFingerprint = byFingerprint;
    this.#decodeBatch = decodeBatch;
  }

  apply(record: Buffer): void {
    if (record[0] === BATCH_RECORD) {
      this.#applyBatch(record);
      return;
    }
    for (const line of record.toString('utf8').split('\n')) {
      if (line === '') continue;
      try {
        const entry = JSON.parse(line) as Alert | string;
        if (typeof entry === 'string') this.#byFingerprint.delete(entry);
        else this.#byFingerprint.set(entry.fingerprint, entry);
        this.entries++;
      } catch {
        this.skipped++;
      }
    }
  }

  // The batch is merged as `put` merged it when it arrived.
  #applyBatch(record: Buffer): void {
    const alerts = this.#decodeBatch === undefined || record.length < BATCH_HEADER_BYTES ? undefined : this.#decoded(record);
    if (alerts === undefined) {
      this.skipped++;
      return;
    }
    const now = record.readDoubleLE(1);
    for (const alert of alerts) this.#byFingerprint.set(alert.fingerprint, combineAlerts(this.#byFingerprint.get(alert.fingerprint), alert, now));
    this.entries++;
  }

  #decoded(record: Buffer): Alert[] | undefined {
    try {
      return this.#decodeBatch?.(record.subarray(BATCH_HEADER_BYTES));
    } catch {
      return undefined;
    }
  }
}

/** What waits for the next flush, in the order it happened; a batch as views of its copy in the chunk pool. */
type PendingEntry = { readonly alert: Alert } | { readonly removed: string } | { readonly batch: readonly Uint8Array[]; readonly now: number };

interface Taken {
  readonly entries: PendingEntry[];
  readonly chunks: TakenChunks;
}

/**
 * Writes alert changes behind `put`: they wait in order and are written at most every
 * `flushIntervalMs`, one group commit and fsync per flush. A put that carries its batch (API
 * ingest) is written as that batch, as it arrived, so journaling costs no encoding; other puts
 * and removals are written as JSON lines. Prometheus re-sends every alert every minute, so
 * waiting for an fsync per put would cap ingest; a crash loses at most the last interval, which
 * the sources re-send anyway.
 *
 * Flushes and snapshots run one at a time, in order: a snapshot takes the pending changes it
 * covers at the moment it reads the alerts, so the journal after it holds only later changes.
 *
 * A failed write or snapshot (a full disk, say) is retried with waits that double up to 10 s:
 * neither flushes nor the snapshots `needsSnapshot` asks for are tried before the retry time.
 * Changes that pile up meanwhile beyond `maxBacklogBytes` are dropped rather than held without
 * bound: the store holds every alert, so from then on only a snapshot can bring the disk up to
 * date, and `needsSnapshot` asks for one at each retry time until one succeeds.
 */
class WriteBehindAlertJournal implements AlertPersistence {
  readonly #journal: Journal;
  readonly #snapshotFile: AlertSnapshotFile;
  readonly #flushIntervalMs: number;
  readonly #maxJournalBytes: number;
  readonly #maxBacklogBytes: number;
  readonly #decodeBatch: AlertBatchDecoder | undefined;
  readonly #logger: StoreLogger;
  #snapshotBytes: number;
  #pending: PendingEntry[] = [];
  #pendingBatchBytes = 0;
  /** Journal writes and snapshots fail apart: a disk may take small appends but not a whole snapshot. */
  readonly #writes: Backoff;
  readonly #snapshots: Backoff;
  /** Changes were dropped: the disk is behind the store until a snapshot succeeds. */
  #stale = false;
  readonly #chunks = new ChunkPool();
  #timer: NodeJS.Timeout | undefined;
  #steps: Promise<unknown> = Promise.resolve();
  #closed = false;

  constructor(journal: Journal, snapshotFile: AlertSnapshotFile, snapshotBytes: number, options: AlertJournalOptions) {
    this.#journal = journal;
    this.#snapshotFile = snapshotFile;
    this.#snapshotBytes = snapshotBytes;
    this.#flushIntervalMs = options.flushIntervalMs ?? 250;
    this.#maxJournalBytes = options.maxJournalBytes ?? 256 * 1024 * 1024;
    this.#maxBacklogBytes = options.maxBacklogBytes ?? 64 * 1024 * 1024;
    this.#writes = new Backoff(this.#flushIntervalMs);
    this.#snapshots = new Backoff(this.#flushIntervalMs);
    this.#decodeBatch = options.decodeBatch;
    this.#logger = options.logger ?? silentLogger;
  }

  get needsSnapshot(): boolean {
    if (this.#snapshots.untilRetry > 0) return false;
    return this.#stale || this.#journal.size > Math.max(this.#maxJournalBytes, SNAPSHOT_GROWTH * this.#snapshotBytes);
  }

  recordPut(stored: readonly Alert[], now: number, batch?: AlertBatch): void {
    // A stale journal is replaced by the next snapshot, which holds these alerts.
    if (stored.length === 0 || this.#stale) return;
    if (batch !== undefined && this.#decodeBatch !== undefined) {
      const views = this.#chunks.append(batch.parts);
      this.#pending.push({ batch: views, now });
      for (const view of views) this.#pendingBatchBytes += view.length;
      // While writes fail, the backlog is bounded as it grows, not only at the next retry.
      if (this.#writes.failures > 0 && this.#pendingBatchBytes > this.#maxBacklogBytes) {
        this.#fallBehind();
        return;
      }
    } else {
      for (const alert of stored) this.#pending.push({ alert });
    }
    this.#schedule();
  }

  trim(): void {
    this.#chunks.trim();
  }

  recordRemoval(fingerprint: string): void {
    if (this.#stale) return;
    this.#pending.push({ removed: fingerprint });
    this.#schedule();
  }

  snapshot(alerts: () => Alert[]): Promise<number> {
    return this.#step(async () => {
      const captured = alerts();
      const covered = this.#take();
      // Changes from here on come after the captured alerts, so they are journaled again.
      const wasStale = this.#stale;
      this.#stale = false;
      let bytes = 0;
      try {
        await this.#journal.checkpoint(async () => {
          bytes = await this.#snapshotFile.write(captured);
        });
      } catch (error) {
        // The caller logs the error; the retry time holds back the next attempt `needsSnapshot` asks for.
        this.#snapshots.failed();
        if (wasStale) {
          covered.chunks.release();
          this.#dropPending();
          this.#stale = true;
        } else this.#requeue(covered.entries);
        throw error;
      }
      covered.chunks.release();
      this.#snapshotBytes = bytes;
      if (wasStale) this.#logger.info({ bytes }, 'Alerts snapshot written; the alerts journal is up to date again');
      this.#snapshots.succeeded();
      return bytes;
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#timer);
    await this.#step(() => this.#flush());
    await this.#journal.close();
  }

  #schedule(): void {
    if (this.#closed || this.#stale) return;
    // Large batches are written without waiting for the interval, which bounds the memory they
    // hold; after a failure, not before the retry time.
    const untilRetry = this.#writes.untilRetry;
    const eager = this.#pendingBatchBytes >= EAGER_FLUSH_BYTES && untilRetry <= 0;
    const delay = eager ? 0 : Math.max(this.#flushIntervalMs, untilRetry);
    if (this.#timer !== undefined) {
      if (delay > 0) return;
      clearTimeout(this.#timer);
    }
    // Wall-clock time, not the store's Clock: durability is about real time, and tests drive that clock by hand.
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.#step(() => this.#flush());
    }, delay);
    this.#timer.unref();
  }

  /** Runs `work` after every step queued before it; a failed step does not stop later ones. */
  #step<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#steps.then(work);
    this.#steps = run.catch(() => undefined);
    return run;
  }

  async #flush(): Promise<void> {
    // A flush queued while a write was failing waits for the retry time too.
    if (this.#writes.untilRetry > 0) {
      this.#schedule();
      return;
    }
    const { entries, chunks } = this.#take();
    if (entries.length === 0) return;
    try {
      await this.#journal.appendAll(await encodeRecords(entries));
      chunks.release();
      if (this.#writes.failures > 0) this.#logger.info({ failures: this.#writes.failures }, 'Writing the alerts journal succeeded again');
      this.#writes.succeeded();
    } catch (error) {
      const retryInMs = this.#writes.failed();
      this.#logger.warn({ err: error, failures: this.#writes.failures, retryInMs }, 'Writing the alerts journal failed');
      // Fallen behind while this write was under way: the snapshot will hold these alerts.
      if (this.#stale) {
        chunks.release();
        return;
      }
      this.#requeue(entries);
      if (this.#pendingBatchBytes > this.#maxBacklogBytes) this.#fallBehind();
    }
  }

  /** Drops the backlog: from now on only a snapshot of every alert brings the disk up to date. */
  #fallBehind(): void {
    this.#logger.warn(
      { backlogBytes: this.#pendingBatchBytes, limitBytes: this.#maxBacklogBytes },
      'Dropped the alerts journal backlog; a snapshot of every alert will replace it once writing works',
    );
    this.#dropPending();
    this.#stale = true;
  }

  #dropPending(): void {
    this.#take().chunks.release();
  }

  #take(): Taken {
    const entries = this.#pending;
    this.#pending = [];
    this.#pendingBatchBytes = 0;
    return { entries, chunks: this.#chunks.take() };
  }

  /**
   * Puts back changes that were not written, ahead of the ones that came since. Their chunks
   * are not released: the entries still point into them.
   */
  #requeue(entries: PendingEntry[]): void {
    this.#pending = [...entries, ...this.#pending];
    for (const entry of entries) if ('batch' in entry) for (const view of entry.batch) this.#pendingBatchBytes += view.length;
    if (this.#pending.length > 0) this.#schedule();
  }
}

/**
 * The journal records for pending entries, in order, each as the parts of its payload: each
 * batch as its own record, runs of alerts and removals as JSON lines, serialised a chunk per
 * event-loop turn so a large flush does not stall the process.
 */
async function encodeRecords(entries: readonly PendingEntry[]): Promise<Uint8Array[][]> {
  const records: Uint8Array[][] = [];
  let lines: Uint8Array[] = [];
  let text = '';
  let n = 0;
  const endLines = (): void => {
    if (text !== '') lines.push(Buffer.from(text, 'utf8'));
    if (lines.length > 0) records.push(lines);
    lines = [];
    text = '';
  };
  for (const entry of entries) {
    if ('batch' in entry) {
      endLines();
      const header = Buffer.allocUnsafe(BATCH_HEADER_BYTES);
      header[0] = BATCH_RECORD;
      header.writeDoubleLE(entry.now, 1);
      records.push([header, ...entry.batch]);
      continue;
    }
    text += `${JSON.stringify('alert' in entry ? entry.alert : entry.removed)}\n`;
    if (++n % CHUNK === 0) {
      lines.push(Buffer.from(text, 'utf8'));
      text = '';
      await nextTurn();
    }
  }
  endLines();
  return records;
}
