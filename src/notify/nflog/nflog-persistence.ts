import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { ByteWriter } from '../../common/byte-writer.ts';
import { writeJsonString } from '../../common/json-string-writer.ts';
import { writeFileAtomic } from '../../storage/atomic-write.ts';
import { Journal } from '../../storage/journal.ts';
import { silentLogger } from '../../storage/logger.ts';
import type { StoreLogger } from '../../storage/logger.ts';
import type { NflogEntry } from './notification-log.ts';
import { readSnapshotRecords } from '../../storage/snapshot-file.ts';

/** File names under `--storage.path`; distinct from Alertmanager's own `nflog` file. */
export const NFLOG_SNAPSHOT_FILE = 'tocsin-nflog.json';
export const NFLOG_JOURNAL_FILE = 'tocsin-nflog.journal';

const FORMAT = 'tocsin-nflog/v1';
const SNAPSHOT_LAYOUT = { format: FORMAT, key: 'entries', what: 'notification log' };
/** Entries serialised per chunk of a streamed snapshot, so the event loop is not held long. */
const CHUNK_ENTRIES = 2000;

/** Where the local notification log makes its entries durable. */
export interface NflogPersistence {
  /** Resolves once the entry is durable (fsynced to the journal); rejects, never throws, when it cannot be. */
  record(entry: NflogEntry): Promise<void>;
  /** Writes every entry (read when the write starts), empties the journal; resolves with the bytes written. */
  snapshot(entries: () => Iterable<NflogEntry>): Promise<number>;
  /** Bytes in the journal since the last snapshot. */
  journalBytes(): number;
  close(): Promise<void>;
}

export interface OpenedNflogPersistence {
  /** The snapshot's entries followed by the journal's, in write order. */
  readonly entries: NflogEntry[];
  readonly persistence: NflogPersistence;
}

/**
 * Opens the snapshot and the journal written after it. A torn journal tail is cut off and logged;
 * an unreadable snapshot throws, since it is only ever replaced atomically.
 */
export async function openNflogPersistence(directory: string, logger: StoreLogger = silentLogger): Promise<OpenedNflogPersistence> {
  await mkdir(directory, { recursive: true });
  const snapshotPath = join(directory, NFLOG_SNAPSHOT_FILE);
  const entries = await readSnapshotRecords<NflogEntry>(snapshotPath, SNAPSHOT_LAYOUT);
  const { journal, records } = await Journal.open(join(directory, NFLOG_JOURNAL_FILE), {
    onCorruption: (c) => logger.warn(c, 'Truncated a torn or corrupt notification log journal tail'),
  });
  for (const record of records) {
    try {
      entries.push(JSON.parse(record.toString('utf8')) as NflogEntry);
    } catch (error) {
      logger.warn({ err: error }, 'Skipped an unparsable notification log journal record');
    }
  }
  if (records.length > 0) logger.info({ records: records.length }, 'Replayed notification log journal');

  const persistence: NflogPersistence = {
    record: (entry) => journal.append(encodeEntry(entry)),
    snapshot: async (all) => {
      let bytes = 0;
      await journal.checkpoint(async () => {
        const counted = countBytes(serialise(all()), (n) => (bytes += n));
        await writeFileAtomic(snapshotPath, counted);
      });
      return bytes;
    },
    journalBytes: () => journal.size,
    close: () => journal.close(),
  };
  return { entries, persistence };
}

// Every notification writes a record: encoded straight into bytes, the same bytes as
// `JSON.stringify(entry)` (which replay parses), without the strings that builds on the way.
const recordWriter = new ByteWriter(1024);
const COMMA = 0x2c;

/** An entry as its journal record: UTF-8 JSON with the fields in the order `log` creates them. */
export function encodeEntry(entry: NflogEntry): Buffer {
  const w = recordWriter;
  w.reset();
  w.text('{"groupKey":');
  writeJsonString(w, entry.groupKey);
  w.text(',"receiver":{"receiver":');
  writeJsonString(w, entry.receiver.receiver);
  w.text(',"integration":');
  writeJsonString(w, entry.receiver.integration);
  w.text(',"index":');
  w.number(entry.receiver.index);
  w.text('},"timestamp":');
  w.number(entry.timestamp);
  w.text(',"firingAlerts":');
  writeJsonStrings(w, entry.firingAlerts);
  w.text(',"resolvedAlerts":');
  writeJsonStrings(w, entry.resolvedAlerts);
  w.text(',"receiverData":');
  w.text(JSON.stringify(entry.receiverData));
  w.text(',"expiresAt":');
  w.number(entry.expiresAt);
  w.text('}');
  return w.toBuffer();
}

function writeJsonStrings(w: ByteWriter, strings: readonly string[]): void {
  w.text('[');
  for (let i = 0; i < strings.length; i++) {
    if (i > 0) w.byte(COMMA);
    writeJsonString(w, strings[i] as string);
  }
  w.text(']');
}

async function* serialise(entries: Iterable<NflogEntry>): AsyncGenerator<string> {
  yield `{"format":"${FORMAT}","entries":[`;
  let chunk = '';
  let n = 0;
  for (const entry of entries) {
    chunk += (n === 0 ? '' : ',') + JSON.stringify(entry);
    n++;
    if (n % CHUNK_ENTRIES === 0) {
      yield chunk;
      chunk = '';
      // Let other work run between chunks of a large snapshot.
      await nextTurn();
    }
  }
  yield `${chunk}]}`;
}

async function* countBytes(source: AsyncIterable<string>, add: (n: number) => void): AsyncGenerator<Buffer> {
  for await (const s of source) {
    const b = Buffer.from(s, 'utf8');
    add(b.length);
    yield b;
  }
}
