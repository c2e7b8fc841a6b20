import { Buffer } from 'node:buffer';

/** The bytes taken from a ChunkPool, and how to hand their chunks back once they are written. */
export interface TakenChunks {
  /** Makes the chunks reusable; the views into them must not be used afterwards. */
  release(): void;
}

/**
 * Copies byte regions into a few large, reused chunks. Data that waits for a write (the alerts
 * journal's pending batches) would otherwise keep each small buffer alive long enough to reach
 * V8's old generation, where it stays as garbage until the next full collection; a pool of
 * chunks holds the same bytes in memory that is allocated once and recycled.
 */
export class ChunkPool {
  readonly #chunkBytes: number;
  readonly #keep: number;
  readonly #free: Buffer[] = [];
  /** Chunks written to since the last `take`; the last one is being filled. */
  #used: Buffer[] = [];
  #offset = 0;

  constructor(chunkBytes = 1024 * 1024, keep = 8) {
    this.#chunkBytes = chunkBytes;
    this.#keep = keep;
  }

  /** Copies `parts` in, one after the other; returns views of the copy (more than one when it spans chunks). */
  append(parts: readonly Uint8Array[]): Uint8Array[] {
    const views: Uint8Array[] = [];
    for (const part of parts) {
      // A part larger than a chunk gets a chunk of its own size, used once.
      if (part.length > this.#chunkBytes) {
        const own = Buffer.allocUnsafeSlow(part.length);
        own.set(part);
        views.push(own);
        continue;
      }
      let from = 0;
      while (from < part.length) {
        const chunk = this.#current();
        const n = Math.min(part.length - from, chunk.length - this.#offset);
        chunk.set(part.subarray(from, from + n), this.#offset);
        views.push(chunk.subarray(this.#offset, this.#offset + n));
        this.#offset += n;
        from += n;
      }
    }
    return views;
  }

  /** Ends the chunks filled so far: later appends go to other chunks until these are released. */
  take(): TakenChunks {
    const taken = this.#used;
    this.#used = [];
    this.#offset = 0;
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        for (const chunk of taken) if (this.#free.length < this.#keep) this.#free.push(chunk);
      },
    };
  }

  /** Drops the chunks kept for reuse, so the collector can free them (the process went idle). */
  trim(): void {
    this.#free.length = 0;
  }

  #current(): Buffer {
    const last = this.#used[this.#used.length - 1];
    if (last !== undefined && this.#offset < last.length) return last;
    const chunk = this.#free.pop() ?? Buffer.allocUnsafeSlow(this.#chunkBytes);
    this.#used.push(chunk);
    this.#offset = 0;
    return chunk;
  }
}
