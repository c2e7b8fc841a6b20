import { readFile } from 'node:fs/promises';

export interface SnapshotLayout {
  /** The `format` the snapshot must declare, e.g. `tocsin-silences/v1`. */
  readonly format: string;
  /** The member holding the records, e.g. `silences`. */
  readonly key: string;
  /** What the snapshot holds, for error messages, e.g. `notification log`. */
  readonly what: string;
}

/**
 * The records of a JSON snapshot `{"format": ..., "<key>": [...]}`; none when the file does not
 * exist. An unreadable snapshot throws, since snapshots are only ever replaced atomically and
 * starting without one would drop state.
 */
export async function readSnapshotRecords<T>(path: string, layout: SnapshotLayout): Promise<T[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    throw new Error(`Cannot read ${layout.what} snapshot ${path}: ${(error as Error).message}`, { cause: error });
  }
  const records = parsed[layout.key];
  if (parsed['format'] !== layout.format || !Array.isArray(records)) {
    throw new Error(`Cannot read ${layout.what} snapshot ${path}: unknown format ${JSON.stringify(parsed['format'])}`);
  }
  return records as T[];
}
