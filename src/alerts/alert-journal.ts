import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Journal } from '../storage/journal.ts';
import { silentLogger } from '../storage/logger.ts';
import type { StoreLogger } from '../storage/logger.ts';
import type { Alert } from './alert.ts';
import { AlertSnapshotFile } from './alert-persistence.ts';
import type { AlertPersistence } from './memory-alert-store.ts';

/** Journal of alert changes since the last snapshot, under `--storage.path`. */
export const ALERTS_JOURNAL_FILE = 'tocsin-alerts.journal';

/** Entries serialised per event-loop turn by a flush. */
const CHUNK = 2000;

export interface AlertJournalOptions {
  /** How long a stored alert may wait before it is written; 250 ms by default. */
  readonly flushIntervalMs?: number;
  /** A journal larger than this asks for a snapshot (`needsSnapshot`); 64 MiB by default. */
  readonly maxJournalBytes?: number;
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
  const byFingerprint = new Map<string, Alert>();
  for (const alert of await snapshotFile.load()) byFingerprint.set(alert.fingerprint, alert);

  const { journal, records } = await Journal.open(join(directory, ALERTS_JOURNAL_FILE), {
    onCorruption: (c) => logger.warn(c, 'Truncated a torn or corrupt alerts journal tail'),
  });
  let entries = 0;
  let skipped = 0;
  for (const record of records) {
    for (const line of record.toString('utf8').split('\n')) {
      if (line === '') continue;
      try {
        applyEntry(byFingerprint, JSON.parse(line) as Alert | string);
        entries++;
      } catch {
        skipped++;
      }
    }
  }
  if (records.length > 0) logger.info({ records: records.length, entries }, 'Replayed alerts journal');
  if (skipped > 0) logger.warn({ skipped }, 'Skipped unreadable alerts journal entries');
  const persistence = new WriteBehindAlertJournal(journal, snapshotFile, options);
  return { alerts: [...byFingerprint.values()], persistence };
}

/** A journal entry is a stored alert, or the fingerprint of a collected one. */
function applyEntry(byFingerprint: Map<string, Alert>, entry: Alert | string): void {
  if (typeof entry === 'string') byFingerprint.delete(entry);
  else byFingerprint.set(entry.fingerprint, entry);
}

/**
 * Writes alert changes behind `put`: the latest version per fingerprint (or its removal) waits in
 * a map and is serialised at most every `flushIntervalMs`, one journal record and fsync per
 * flush. Prometheus re-sends every alert every minute, so waiting for an fsync per put would cap
 * ingest; a crash loses at most the last interval, which the sources re-send anyway.
 *
 * Flushes and snapshots run one at a time, in order: a snapshot takes the pending changes it
 * covers at the moment it reads the alerts, so the journal after it holds only later changes.
 */
class WriteBehindAlertJournal implements AlertPersistence {
  readonly #journal: Journal;
  readonly #snapshotFile: AlertSnapshotFile;
  readonly #flushIntervalMs: number;
  readonly #maxJournalBytes: number;
  readonly #logger: StoreLogger;
  /** Fingerprint → latest stored version, or null once collected. */
  #pending = new Map<string, Alert | null>();
  #timer: NodeJS.Timeout | undefined;
  #steps: Promise<unknown> = Promise.resolve();
  #closed = false;

  constructor(journal: Journal, snapshotFile: AlertSnapshotFile, options: AlertJournalOptions) {
    this.#journal = journal;
    this.#snapshotFile = snapshotFile;
    this.#flushIntervalMs = options.flushIntervalMs ?? 250;
    this.#maxJournalBytes = options.maxJournalBytes ?? 64 * 1024 * 1024;
    this.#logger = options.logger ?? silentLogger;
  }

  get needsSnapshot(): boolean {
    return this.#journal.size > this.#maxJournalBytes;
  }

  record(alert: Alert): void {
    this.#pending.set(alert.fingerprint, alert);
    this.#schedule();
  }

  recordRemoval(fingerprint: string): void {
    this.#pending.set(fingerprint, null);
    this.#schedule();
  }

  snapshot(alerts: () => Alert[]): Promise<number> {
    return this.#step(async () => {
      const captured = alerts();
      const covered = this.#take();
      let bytes = 0;
      try {
        await this.#journal.checkpoint(async () => {
          bytes = await this.#snapshotFile.write(captured);
        });
      } catch (error) {
        this.#requeue(covered);
        throw error;
      }
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
    if (this.#timer !== undefined || this.#closed) return;
    // Wall-clock time, not the store's Clock: durability is about real time, and tests drive that clock by hand.
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.#step(() => this.#flush());
    }, this.#flushIntervalMs);
    this.#timer.unref();
  }

  /** Runs `work` after every step queued before it; a failed step does not stop later ones. */
  #step<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#steps.then(work);
    this.#steps = run.catch(() => undefined);
    return run;
  }

  async #flush(): Promise<void> {
    const taken = this.#take();
    if (taken.size === 0) return;
    try {
      await this.#journal.append(await encode(taken));
    } catch (error) {
      this.#logger.warn({ err: error, alerts: taken.size }, 'Writing the alerts journal failed; retrying with the next flush');
      this.#requeue(taken);
    }
  }

  #take(): Map<string, Alert | null> {
    const taken = this.#pending;
    this.#pending = new Map();
    return taken;
  }

  /** Puts back changes that were not written, unless a newer version is already waiting. */
  #requeue(taken: Map<string, Alert | null>): void {
    for (const [fp, entry] of taken) if (!this.#pending.has(fp)) this.#pending.set(fp, entry);
    if (this.#pending.size > 0) this.#schedule();
  }
}

/** One JSON line per entry, serialised a chunk per event-loop turn so a large flush does not stall the process. */
async function encode(entries: Map<string, Alert | null>): Promise<Buffer> {
  const parts: Buffer[] = [];
  let text = '';
  let n = 0;
  for (const [fp, alert] of entries) {
    text += `${JSON.stringify(alert ?? fp)}\n`;
    if (++n % CHUNK === 0) {
      parts.push(Buffer.from(text, 'utf8'));
      text = '';
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
  parts.push(Buffer.from(text, 'utf8'));
  return Buffer.concat(parts);
}
