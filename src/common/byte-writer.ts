/**
 * Bytes assembled from many small strings in one reusable buffer: concatenating strings instead
 * makes a rope cell or a copy per piece, and the result is encoded to UTF-8 once more to be sent.
 */

/** A buffer grown past this is dropped on `reset`, so one large document does not pin it. */
const MAX_RETAINED_BYTES = 64 * 1024;
const MINUS = 0x2d;
const ZERO = 0x30;

export class ByteWriter {
  readonly #initialSize: number;
  #bytes: Buffer;
  #length = 0;

  constructor(initialSize: number) {
    this.#initialSize = initialSize;
    this.#bytes = Buffer.allocUnsafe(initialSize);
  }

  /** The buffer written to; only its first `length` bytes are valid, until the next write. */
  get bytes(): Uint8Array {
    return this.#bytes;
  }

  get length(): number {
    return this.#length;
  }

  /** Starts a new document. */
  reset(): void {
    this.#length = 0;
    if (this.#bytes.length > MAX_RETAINED_BYTES) this.#bytes = Buffer.allocUnsafe(this.#initialSize);
  }

  byte(b: number): void {
    this.#reserve(1);
    this.#bytes[this.#length++] = b;
  }

  /** Appends the UTF-8 of `s` (of `s.slice(start, end)`); a lone surrogate becomes U+FFFD, as TextEncoder writes it. */
  text(s: string, start = 0, end = s.length): void {
    // UTF-8 needs at most 3 bytes per UTF-16 unit.
    this.#reserve((end - start) * 3);
    const bytes = this.#bytes;
    const at = this.#length - start;
    for (let i = start; i < end; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) {
        const rest = i === 0 && end === s.length ? s : s.slice(i, end);
        this.#length = at + i + bytes.write(rest, at + i, 'utf8');
        return;
      }
      bytes[at + i] = c;
    }
    this.#length = at + end;
  }

  /** Appends a number in decimal, as `String(n)` writes it; safe integers without a string on the way. */
  number(n: number): void {
    if (!Number.isSafeInteger(n)) {
      this.text(String(n));
      return;
    }
    if (n < 0) {
      this.byte(MINUS);
      n = -n;
    }
    let digits = 1;
    for (let power = 10; power <= n; power *= 10) digits++;
    this.#reserve(digits);
    const bytes = this.#bytes;
    for (let i = this.#length + digits - 1; i >= this.#length; i--) {
      bytes[i] = ZERO + (n % 10);
      n = Math.floor(n / 10);
    }
    this.#length += digits;
  }

  /** The text written since the last `reset`. */
  toString(): string {
    return this.#bytes.toString('utf8', 0, this.#length);
  }

  /** A copy of the bytes written since the last `reset`. */
  toBuffer(): Buffer {
    // From the shared pool of small Buffers; a small document is copied by hand, since `copy`,
    // `subarray` and `copyBytesFrom` each make a view of the source on the way.
    const out = Buffer.allocUnsafe(this.#length);
    const bytes = this.#bytes;
    if (this.#length > MAX_RETAINED_BYTES) {
      bytes.copy(out, 0, 0, this.#length);
      return out;
    }
    for (let i = 0; i < out.length; i++) out[i] = bytes[i] as number;
    return out;
  }

  #reserve(extra: number): void {
    const need = this.#length + extra;
    if (need <= this.#bytes.length) return;
    const grown = Buffer.allocUnsafe(Math.max(need, this.#bytes.length * 2));
    this.#bytes.copy(grown, 0, 0, this.#length);
    this.#bytes = grown;
  }
}
