import type { StoreLogger } from '../storage/logger.ts';
import { MemorySilenceStore } from './memory-silence-store.ts';
import type { SilenceStoreOptions } from './memory-silence-store.ts';
import { openSilencePersistence } from './silence-persistence.ts';

export interface FileSilenceStoreOptions extends Omit<SilenceStoreOptions, 'initial' | 'persistence'> {
  /** `--storage.path`. */
  readonly directory: string;
  readonly logger?: StoreLogger;
}

/**
 * Opens the local, crash-safe silence store: state from the last snapshot plus the journal,
 * every acknowledged change fsynced to the journal, snapshots on `maintenance()` and `close()`.
 */
export async function openFileSilenceStore(options: FileSilenceStoreOptions): Promise<MemorySilenceStore> {
  const { directory, logger, ...rest } = options;
  const { silences, persistence } = await openSilencePersistence(directory, logger);
  return new MemorySilenceStore({ ...rest, initial: silences, persistence });
}
