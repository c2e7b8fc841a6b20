import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../storage/atomic-write.ts';
import { Journal } from '../storage/journal.ts';
import { silentLogger } from '../storage/logger.ts';
import type { StoreLogger } from '../storage/logger.ts';
import type { SilencePersistence } from './memory-silence-store.ts';
import type { Silence } from './silence.ts';
import { readSnapshotRecords } from '../storage/snapshot-file.ts';

/** File names under `--storage.path`; distinct from Alertmanager's own `silences` file. */
export const SILENCES_SNAPSHOT_FILE = 'tocsin-silences.json';
export const SILENCES_JOURNAL_FILE = 'tocsin-silences.journal';

const FORMAT = 'tocsin-silences/v1';
const SNAPSHOT_LAYOUT = { format: FORMAT, key: 'silences', what: 'silences' };

/** The silences found on disk and the persistence that keeps writing there. */
export interface OpenedSilencePersistence {
  readonly silences: Silence[];
  readonly persistence: SilencePersistence;
}

/**
 * Loads the silence snapshot and replays the journal written after it (later versions of a
 * silence win, ties included, since the journal is in write order), then returns a persistence
 * that journals every change with an fsync before it is acknowledged and empties the journal
 * after each snapshot. A torn journal tail is cut off and logged; an unreadable snapshot throws,
 * since it is only ever replaced atomically and starting without it would drop silences.
 */
export async function openSilencePersistence(
  directory: string,
  logger: StoreLogger = silentLogger,
): Promise<OpenedSilencePersistence> {
  await mkdir(directory, { recursive: true });
  const snapshotPath = join(directory, SILENCES_SNAPSHOT_FILE);
  const byId = new Map<string, Silence>();
  for (const silence of await readSnapshotRecords<Silence>(snapshotPath, SNAPSHOT_LAYOUT)) byId.set(silence.id, silence);

  const { journal, records } = await Journal.open(join(directory, SILENCES_JOURNAL_FILE), {
    onCorruption: (c) => logger.warn(c, 'Truncated a torn or corrupt silences journal tail'),
  });
  let replayed = 0;
  for (const record of records) {
    let silences: unknown;
    try {
      silences = JSON.parse(record.toString('utf8'));
    } catch (error) {
      logger.warn({ err: error }, 'Skipped an unparsable silences journal record');
      continue;
    }
    for (const silence of silences as Silence[]) {
      const prev = byId.get(silence.id);
      if (prev === undefined || prev.updatedAt <= silence.updatedAt) byId.set(silence.id, silence);
      replayed++;
    }
  }
  if (records.length > 0) logger.info({ records: records.length, silences: replayed }, 'Replayed silences journal');

  const persistence: SilencePersistence = {
    record: (silences) => journal.append(Buffer.from(JSON.stringify(silences), 'utf8')),
    snapshot: async (all) => {
      let bytes = 0;
      await journal.checkpoint(async () => {
        const data = Buffer.from(JSON.stringify({ format: FORMAT, silences: all() }), 'utf8');
        await writeFileAtomic(snapshotPath, data);
        bytes = data.length;
      });
      return bytes;
    },
    close: () => journal.close(),
  };
  return { silences: [...byId.values()], persistence };
}
