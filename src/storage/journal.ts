import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { crc32 } from 'node:zlib';
import { fsyncDirectory } from './atomic-write.ts';

/** Why a journal's tail was cut off while it was opened. */
export interface JournalCorruption {
  readonly path: string;
  /** Byte offset of the first record that could not be read; the file now ends here. */
  readonly offset: number;
  /** Size of the file before it was cut. */
  readonly size: number;
  readonly reason: string;
}

export interface JournalOptions {
  /** Called once when a torn or corrupt tail is found and cut off. */
  readonly onCorruption?: (corruption: JournalCorruption) => void;
  /** Upper bound of bytes written by one group commit; defaults to 8 MiB. */
  readonly maxBatchBytes?: number;
}

/** A journal opened for appending together with the records it already held. */
export interface OpenedJournal {
  readonly journal: Journal;
  readonly records: Buffer[];
}

const HEADER_BYTES = 8;

interface AppendOp {
  readonly kind: 'append';
  /** Each record's frame header followed by its payload's parts. */
  readonly parts: readonly Uint8Array[];
  readonly bytes: number;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

interface TaskOp {
  readonly kind: 'task';
  readonly run: () => Promise<void>;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/**
 * An append-only file of length- and CRC-framed records. `append` resolves only once the record
 * is on disk (fdatasync); appends arriving while a sync is in flight are written and synced
 * together (group commit), so the fsync rate stays bounded under load. `checkpoint` runs a
 * snapshot writer exclusively and then empties the journal, so the journal only ever holds what
 * the latest snapshot lacks.
 *
 * Frame layout: u32 LE payload length, u32 LE CRC-32 of the payload, payload.
 */
export class Journal {
  readonly #path: string;
  readonly #handle: FileHandle;
  readonly #maxBatchBytes: number;
  #size: number;
  #queue: (AppendOp | TaskOp)[] = [];
  #draining = false;
  #closed = false;
  #syncs = 0;

  private constructor(path: string, handle: FileHandle, size: number, maxBatchBytes: number) {
    this.#path = path;
    this.#handle = handle;
    this.#size = size;
    this.#maxBatchBytes = maxBatchBytes;
  }

  /**
   * Opens (creating if needed) the journal at `path` and returns the intact records it holds.
   * A torn or corrupt tail is truncated away and reported through `onCorruption`; it never throws
   * for bad content, only for I/O errors.
   */
  static async open(path: string, options: JournalOptions = {}): Promise<OpenedJournal> {
    const handle = await open(path, 'a+');
    // 'a+' forces every write to the end; reopen read-write so writes go where we say.
    await handle.close();
    const rw = await open(path, 'r+');
    try {
      const content = await rw.readFile();
      const { records, end, reason } = decodeFrames(content);
      if (reason !== undefined) {
        await rw.truncate(end);
        await rw.sync();
        options.onCorruption?.({ path, offset: end, size: content.length, reason });
      }
      await fsyncDirectory(dirname(path));
      const journal = new Journal(path, rw, end, options.maxBatchBytes ?? 8 * 1024 * 1024);
      return { journal, records };
    } catch (error) {
      await rw.close();
      throw error;
    }
  }

  /** The journal's current size in bytes. */
  get size(): number {
    return this.#size;
  }

  /** How many fsyncs the journal has issued; with group commit this is below the append count. */
  get syncCount(): number {
    return this.#syncs;
  }

  /** Appends one record; resolves once it is durable, rejects if writing or syncing failed. */
  append(payload: Uint8Array): Promise<void> {
    return this.#enqueueAppend([frameHeader(payload.length, crc32(payload)), payload], HEADER_BYTES + payload.length);
  }

  /**
   * Appends records in order, each given as the parts of its payload (written without being
   * copied together), in one write and one fsync: all of them are durable when it resolves; when
   * it rejects, what the failed write left is truncated away, so a caller retries the whole set.
   */
  appendAll(records: ReadonlyArray<readonly Uint8Array[]>): Promise<void> {
    const parts: Uint8Array[] = [];
    let bytes = 0;
    for (const payload of records) {
      let length = 0;
      let crc = 0;
      for (const part of payload) {
        length += part.length;
        crc = crc32(part, crc);
      }
      parts.push(frameHeader(length, crc), ...payload);
      bytes += HEADER_BYTES + length;
    }
    return this.#enqueueAppend(parts, bytes);
  }

  #enqueueAppend(parts: Uint8Array[], bytes: number): Promise<void> {
    return new Promise((resolve, reject) => this.#enqueue({ kind: 'append', parts, bytes, resolve, reject }));
  }

  /**
   * Runs `writeSnapshot` with no journal write in flight, then empties the journal. Records
   * appended while the snapshot is written land after the truncation, so nothing acknowledged
   * can be lost: it is either in the snapshot or still in the journal.
   */
  checkpoint(writeSnapshot: () => Promise<void>): Promise<void> {
    const run = async (): Promise<void> => {
      await writeSnapshot();
      await this.#handle.truncate(0);
      await this.#handle.sync();
      this.#size = 0;
    };
    return new Promise((resolve, reject) => this.#enqueue({ kind: 'task', run, resolve, reject }));
  }

  /** Waits for queued work, then closes the file. Later appends are rejected. */
  async close(): Promise<void> {
    if (this.#closed) return;
    await new Promise<void>((resolve, reject) =>
      this.#enqueue({ kind: 'task', run: () => Promise.resolve(), resolve, reject }),
    );
    this.#closed = true;
    await this.#handle.close();
  }

  #enqueue(op: AppendOp | TaskOp): void {
    if (this.#closed) {
      op.reject(new Error(`journal ${this.#path} is closed`));
      return;
    }
    this.#queue.push(op);
    if (!this.#draining) {
      this.#draining = true;
      void this.#drain();
    }
  }

  async #drain(): Promise<void> {
    while (this.#queue.length > 0) {
      const head = this.#queue[0] as AppendOp | TaskOp;
      if (head.kind === 'task') {
        this.#queue.shift();
        try {
          await head.run();
          head.resolve();
        } catch (error) {
          head.reject(error);
        }
        continue;
      }
      await this.#writeBatch(this.#takeAppendBatch());
    }
    this.#draining = false;
  }

  #takeAppendBatch(): AppendOp[] {
    const batch: AppendOp[] = [];
    let bytes = 0;
    while (this.#queue.length > 0) {
      const op = this.#queue[0] as AppendOp | TaskOp;
      if (op.kind !== 'append') break;
      if (batch.length > 0 && bytes + op.bytes > this.#maxBatchBytes) break;
      this.#queue.shift();
      batch.push(op);
      bytes += op.bytes;
    }
    return batch;
  }

  async #writeBatch(batch: AppendOp[]): Promise<void> {
    const parts = batch.flatMap((op) => op.parts);
    let total = 0;
    for (const op of batch) total += op.bytes;
    try {
      const written = (await this.#handle.writev(parts, this.#size)).bytesWritten;
      // A short write is rare; finish it from a copy.
      if (written < total) {
        const rest = Buffer.concat(parts).subarray(written);
        for (let done = 0; done < rest.length; ) {
          done += (await this.#handle.write(rest, done, rest.length - done, this.#size + written + done)).bytesWritten;
        }
      }
      await this.#handle.datasync();
      this.#syncs++;
      this.#size += total;
      for (const op of batch) op.resolve();
    } catch (error) {
      // Drop whatever part of the batch reached the file so the next batch starts on a frame boundary.
      await this.#handle.truncate(this.#size).catch(() => undefined);
      for (const op of batch) op.reject(error);
    }
  }
}

interface DecodedFrames {
  readonly records: Buffer[];
  /** Offset just past the last intact frame. */
  readonly end: number;
  /** Set when bytes after `end` were not an intact frame. */
  readonly reason: string | undefined;
}

function decodeFrames(content: Buffer): DecodedFrames {
  const records: Buffer[] = [];
  let offset = 0;
  while (offset < content.length) {
    if (content.length - offset < HEADER_BYTES) {
      return { records, end: offset, reason: `torn record header (${content.length - offset} bytes)` };
    }
    const length = content.readUInt32LE(offset);
    const checksum = content.readUInt32LE(offset + 4);
    const start = offset + HEADER_BYTES;
    if (length > content.length - start) {
      return { records, end: offset, reason: `torn record: needs ${length} bytes, ${content.length - start} left` };
    }
    const payload = content.subarray(start, start + length);
    if (crc32(payload) !== checksum) {
      return { records, end: offset, reason: 'record checksum mismatch' };
    }
    records.push(payload);
    offset = start + length;
  }
  return { records, end: offset, reason: undefined };
}

// A record's frame header: u32 LE payload length, u32 LE CRC-32 of the payload.
function frameHeader(length: number, crc: number): Buffer {
  const header = Buffer.allocUnsafe(HEADER_BYTES);
  header.writeUInt32LE(length, 0);
  header.writeUInt32LE(crc, 4);
  return header;
}
