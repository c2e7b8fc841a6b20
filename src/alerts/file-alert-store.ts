import { AlertSnapshotFile } from './alert-persistence.ts';
import { MemoryAlertStore } from './memory-alert-store.ts';
import type { MemoryAlertStoreOptions } from './memory-alert-store.ts';

export interface FileAlertStoreOptions extends Omit<MemoryAlertStoreOptions, 'initial' | 'snapshotFile'> {
  /** `--storage.path`. */
  readonly directory: string;
}

/**
 * Opens the alert store with the alerts of the last snapshot, which `snapshot()` (on the
 * maintenance interval) and `close()` keep current. Alertmanager forgets alerts on restart; we
 * restore them so resolved notifications are not lost while sources have not re-sent yet.
 */
export async function openFileAlertStore(options: FileAlertStoreOptions): Promise<MemoryAlertStore> {
  const { directory, ...rest } = options;
  const snapshotFile = new AlertSnapshotFile(directory, options.logger);
  const initial = await snapshotFile.load();
  return new MemoryAlertStore({ ...rest, initial, snapshotFile });
}
