import type { Clock } from '../../common/clock.ts';
import { silentLogger } from '../../storage/logger.ts';
import type { StoreLogger } from '../../storage/logger.ts';
import type { NflogMetrics } from './nflog-metrics.ts';
import { openNflogPersistence } from './nflog-persistence.ts';
import type { NflogPersistence } from './nflog-persistence.ts';
import { nflogExpiresAt, nflogKey } from './notification-log.ts';
import type { NflogEntry, NflogLogInput, NflogMaintenance, NflogReceiver, NotificationLog } from './notification-log.ts';

const DONE: Promise<void> = Promise.resolve();

export interface LocalNotificationLogOptions {
  readonly clock: Clock;
  /** `--data.retention`: the longest an entry is kept. */
  readonly retentionMs: number;
  readonly metrics?: NflogMetrics;
  readonly logger?: StoreLogger;
  /** Entries to start with (snapshot then journal order); expired ones are dropped. */
  readonly initial?: readonly NflogEntry[];
  readonly persistence?: NflogPersistence;
  /** A journal larger than this triggers a snapshot right away; 64 MiB by default. */
  readonly maxJournalBytes?: number;
}

/**
 * The notification log of a single node: a map in memory, every entry fsynced to a journal
 * before `log` resolves, snapshots on maintenance, on close and when the journal grows large.
 * A failing disk is logged, not thrown: the notification was sent, and losing the entry only
 * risks a duplicate after a restart.
 */
export class LocalNotificationLog implements NotificationLog {
  readonly #clock: Clock;
  readonly #retentionMs: number;
  readonly #metrics: NflogMetrics | undefined;
  readonly #logger: StoreLogger;
  readonly #persistence: NflogPersistence | undefined;
  readonly #maxJournalBytes: number;
  readonly #entries = new Map<string, NflogEntry>();
  #snapshotting: Promise<number> | undefined;

  constructor(options: LocalNotificationLogOptions) {
    this.#clock = options.clock;
    this.#retentionMs = options.retentionMs;
    this.#metrics = options.metrics;
    this.#logger = options.logger ?? silentLogger;
    this.#persistence = options.persistence;
    this.#maxJournalBytes = options.maxJournalBytes ?? 64 * 1024 * 1024;
    const now = this.#clock.now();
    for (const e of options.initial ?? []) this.#merge(e, now);
  }

  /** Number of entries held. */
  get size(): number {
    return this.#entries.size;
  }

  query(groupKey: string, receiver: NflogReceiver): Promise<NflogEntry | undefined> {
    const start = performance.now();
    const m = this.#metrics;
    m?.queriesTotal.inc();
    try {
      if (groupKey === '') {
        m?.queryErrorsTotal.inc();
        return Promise.reject(new RangeError('nflog query: empty group key'));
      }
      const entry = this.#entries.get(nflogKey(groupKey, receiver));
      // Alertmanager counts "not found" as a failed query.
      if (entry === undefined) m?.queryErrorsTotal.inc();
      return Promise.resolve(entry);
    } finally {
      m?.queryDuration.observe((performance.now() - start) / 1000);
    }
  }

  log(input: NflogLogInput): Promise<void> {
    const now = this.#clock.now();
    const key = nflogKey(input.groupKey, input.receiver);
    const prev = this.#entries.get(key);
    if (prev !== undefined && prev.timestamp > now) return DONE;
    const entry: NflogEntry = {
      groupKey: input.groupKey,
      receiver: { receiver: input.receiver.receiver, integration: input.receiver.integration, index: input.receiver.index },
      timestamp: now,
      firingAlerts: [...input.firingAlerts],
      resolvedAlerts: [...input.resolvedAlerts],
      receiverData: { ...input.receiverData },
      expiresAt: nflogExpiresAt(now, this.#retentionMs, input.expiryMs),
    };
    const persistence = this.#persistence;
    if (!this.#merge(entry, now, key) || persistence === undefined) return DONE;
    // Handlers rather than an async function: one frame fewer per notification.
    return persistence.record(entry).then(this.#recorded, (error: unknown) => {
      this.#logger.warn({ err: error, groupKey: input.groupKey }, 'Cannot persist notification log entry');
    });
  }

  // Snapshots once the journal outgrew its limit. A field, so no handler is made per entry.
  readonly #recorded = (): void => {
    if ((this.#persistence?.journalBytes() ?? 0) > this.#maxJournalBytes && this.#snapshotting === undefined) {
      void this.#snapshot().catch((error: unknown) =>
        this.#logger.warn({ err: error }, 'Notification log snapshot after journal growth failed'),
      );
    }
  };

  gc(): Promise<number> {
    const start = performance.now();
    const now = this.#clock.now();
    let removed = 0;
    for (const [key, e] of this.#entries) {
      if (e.expiresAt <= now) {
        this.#entries.delete(key);
        removed++;
      }
    }
    this.#metrics?.gcDuration.observe((performance.now() - start) / 1000);
    return Promise.resolve(removed);
  }

  async maintenance(): Promise<NflogMaintenance> {
    this.#metrics?.maintenanceTotal.inc();
    try {
      const removed = await this.gc();
      const snapshotBytes = await this.#snapshot();
      this.#metrics?.snapshotSize.set(snapshotBytes);
      return { removed, snapshotBytes };
    } catch (error) {
      this.#metrics?.maintenanceErrorsTotal.inc();
      throw error;
    }
  }

  async close(): Promise<void> {
    if (this.#persistence === undefined) return;
    await this.#snapshot();
    await this.#persistence.close();
  }

  #snapshot(): Promise<number> {
    const persistence = this.#persistence;
    if (persistence === undefined) return Promise.resolve(0);
    if (this.#snapshotting !== undefined) return this.#snapshotting;
    const start = performance.now();
    const view = [...this.#entries.values()];
    this.#snapshotting = persistence.snapshot(() => view).finally(() => {
      this.#snapshotting = undefined;
      this.#metrics?.snapshotDuration.observe((performance.now() - start) / 1000);
    });
    return this.#snapshotting;
  }

  // Last write wins by timestamp (ties go to the later write); expired entries are ignored.
  #merge(e: NflogEntry, now: number, key = nflogKey(e.groupKey, e.receiver)): boolean {
    if (e.expiresAt < now) return false;
    const prev = this.#entries.get(key);
    if (prev !== undefined && prev.timestamp > e.timestamp) return false;
    this.#entries.set(key, e);
    return true;
  }
}

export interface FileNotificationLogOptions extends Omit<LocalNotificationLogOptions, 'initial' | 'persistence'> {
  /** `--storage.path`. */
  readonly directory: string;
}

/** Opens the crash-safe local notification log under `directory`: snapshot plus journal replay. */
export async function openFileNotificationLog(options: FileNotificationLogOptions): Promise<LocalNotificationLog> {
  const { directory, ...rest } = options;
  const { entries, persistence } = await openNflogPersistence(directory, options.logger);
  return new LocalNotificationLog({ ...rest, initial: entries, persistence });
}
