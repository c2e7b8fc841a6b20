import { openAlertPersistence } from './alert-journal.ts';
import type { AlertJournalOptions } from './alert-journal.ts';
import { MemoryAlertStore } from './memory-alert-store.ts';
import type { MemoryAlertStoreOptions } from './memory-alert-store.ts';

export interface FileAlertStoreOptions
  extends Omit<MemoryAlertStoreOptions, 'initial' | 'persistence'>,
    Omit<AlertJournalOptions, 'logger'> {
  /** `--storage.path`. */
  readonly directory: string;
}

/**
 * Opens the alert store with the alerts of the last snapshot plus the journal written after it.
 * Stored and collected alerts are journaled behind `put` (at most a flush interval late), so
 * they survive kill -9; snapshots on the maintenance interval and `close()` empty the journal.
 * Alertmanager forgets alerts on restart; we restore them so resolved notifications are not lost
 * while sources have not re-sent yet.
 */
export async function openFileAlertStore(options: FileAlertStoreOptions): Promise<MemoryAlertStore> {
  const { directory, flushIntervalMs, maxJournalBytes, maxBacklogBytes, decodeBatch, ...rest } = options;
  const { alerts, persistence } = await openAlertPersistence(directory, {
    flushIntervalMs,
    maxJournalBytes,
    maxBacklogBytes,
    decodeBatch,
    logger: options.logger,
  });
  return new MemoryAlertStore({ ...rest, initial: alerts, persistence });
}
