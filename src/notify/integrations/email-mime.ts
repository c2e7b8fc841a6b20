/**
 * The byte-level encodings of Alertmanager's email message, as Go's standard library writes them:
 * `mime.QEncoding.Encode` for header values, `mime/quotedprintable.Writer` for the parts and the
 * `mime/multipart.Writer` layout.
 */
import { randomBytes } from 'node:crypto';
import { forEachSliced } from '../../common/sliced-loop.ts';
import { pairSafeCut } from '../../common/text-chunks.ts';

const HEX = '0123456789ABCDEF';
// "=?utf-8?q?" + "?=" around at most 63 encoded bytes: RFC 2047's 75-byte encoded-word limit.
const MAX_WORD_CONTENT = 75 - '=?utf-8?q?'.length - '?='.length;
// A quoted-printable line holds at most 76 characters, the soft break "=" included.
const QP_LINE_MAX = 76;

/**
 * `mime.QEncoding.Encode("utf-8", value)`: the value itself when it is printable ASCII (tabs
 * allowed), else Q-encoded words of at most 75 bytes that never split a UTF-8 sequence.
 */
export function qEncodeHeader(value: string): string {
  const bytes = Buffer.from(value, 'utf8');
  if (!bytes.some((b) => (b < 0x20 || b > 0x7e) && b !== 0x09)) return value;
  let out = '=?utf-8?q?';
  let wordLen = 0;
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i] as number;
    const plain = b >= 0x20 && b <= 0x7e && b !== 0x3d && b !== 0x3f && b !== 0x5f;
    const runeLen = plain ? 1 : utf8SequenceLength(bytes, i);
    const encLen = plain ? 1 : 3 * runeLen;
    if (wordLen + encLen > MAX_WORD_CONTENT) {
      out += '?= =?utf-8?q?';
      wordLen = 0;
    }
    for (const c of bytes.subarray(i, i + runeLen)) out += qByte(c);
    wordLen += encLen;
    i += runeLen;
  }
  return `${out}?=`;
}

function qByte(b: number): string {
  if (b === 0x20) return '_';
  if (b >= 0x21 && b <= 0x7e && b !== 0x3d && b !== 0x3f && b !== 0x5f) return String.fromCharCode(b);
  return hexEscape(b);
}

function hexEscape(b: number): string {
  return `=${HEX[b >> 4]}${HEX[b & 0x0f]}`;
}

// The length of the valid UTF-8 sequence at `i`, 1 for an invalid byte (Go's DecodeRune).
function utf8SequenceLength(bytes: Buffer, i: number): number {
  const b = bytes[i] as number;
  let len = 1;
  if (b >= 0xc2 && b <= 0xdf) len = 2;
  else if (b >= 0xe0 && b <= 0xef) len = 3;
  else if (b >= 0xf0 && b <= 0xf4) len = 4;
  if (len === 1 || i + len > bytes.length) return 1;
  const decoded = bytes.subarray(i, i + len).toString('utf8');
  return decoded.length > 0 && !decoded.includes('\ufffd') ? len : 1;
}

/** Characters of the body turned into UTF-8 and encoded per step. */
const QP_STEP_CHARS = 4096;

/**
 * Go's `quotedprintable.Writer` (text mode) over the whole body: CR, LF and CRLF become CRLF,
 * "=", control and non-ASCII bytes are escaped, trailing spaces and tabs of a line are escaped,
 * and lines are soft-broken at 76 characters. Written into a buffer, runs of plain bytes at once
 * (built up as a string a character at a time, the body of an email about 10,000 alerts left so
 * many string pieces that collecting them held the event loop 3.4 s), `stepChars` characters at
 * a time in slices of the event loop's time (that 30 MB body took a third of a second to encode).
 */
export async function quotedPrintable(text: string, stepChars = QP_STEP_CHARS): Promise<string> {
  const encoder = new QpEncoder(text.length);
  // Where step `i` starts, moved back so as not to split a surrogate pair.
  const start = (i: number): number => pairSafeCut(text, Math.min(text.length, i * stepChars));
  await forEachSliced(Math.ceil(text.length / stepChars), (i) => encoder.encode(Buffer.from(text.slice(start(i), start(i + 1)), 'utf8')));
  return encoder.finish();
}

/** Encodes a text's UTF-8 bytes, given in order in one piece or several. */
class QpEncoder {
  readonly #out: QpOutput;
  // The last line break written was a CR, whose LF is dropped if it comes next.
  #cr = false;

  constructor(textLength: number) {
    this.#out = new QpOutput(textLength);
  }

  /** Encodes the next piece of the input. */
  encode(bytes: Buffer): void {
    const out = this.#out;
    for (let i = 0; i < bytes.length; ) {
      const b = bytes[i] as number;
      if (b === 0x0a || b === 0x0d) {
        i++;
        // The LF of a CRLF was written with the CR.
        if (this.#cr && b === 0x0a) {
          this.#cr = false;
          continue;
        }
        this.#cr = b === 0x0d;
        out.escapeTrailingSpace();
        out.lineBreak();
      } else if (isLiteral(b)) {
        // As in Go, only a byte written as it is ends a CR: the LF after a CR and escaped bytes is
        // taken as the CR's own and dropped.
        this.#cr = false;
        let end = i + 1;
        while (end < bytes.length && isLiteral(bytes[end] as number)) end++;
        out.literals(bytes, i, end);
        i = end;
      } else {
        out.escaped(b);
        i++;
      }
    }
  }

  finish(): string {
    this.#out.escapeTrailingSpace();
    return this.#out.text();
  }
}

/** Printable ASCII but "=", and blanks: written as they are. */
function isLiteral(b: number): boolean {
  return (b >= 0x21 && b <= 0x7e && b !== 0x3d) || b === 0x20 || b === 0x09;
}

/** The bytes of a quoted-printable body and the length of its current line. */
class QpOutput {
  #buffer: Buffer;
  #length = 0;
  #lineLength = 0;

  constructor(inputBytes: number) {
    // Plain text grows by its line breaks; escapes can triple it, and then the buffer grows.
    this.#buffer = Buffer.allocUnsafe(Math.ceil(inputBytes * 1.1) + 64);
  }

  /** Bytes [from, to) of `bytes`, all literal, soft-breaking lines as they fill. */
  literals(bytes: Buffer, from: number, to: number): void {
    while (from < to) {
      if (this.#lineLength === QP_LINE_MAX - 1) this.#softBreak();
      const take = Math.min(to - from, QP_LINE_MAX - 1 - this.#lineLength);
      this.#reserve(take);
      bytes.copy(this.#buffer, this.#length, from, from + take);
      this.#length += take;
      this.#lineLength += take;
      from += take;
    }
  }

  escaped(b: number): void {
    if (QP_LINE_MAX - 1 - this.#lineLength < 3) this.#softBreak();
    this.#push(0x3d);
    this.#push(HEX.charCodeAt(b >> 4));
    this.#push(HEX.charCodeAt(b & 0x0f));
    this.#lineLength += 3;
  }

  lineBreak(): void {
    this.#push(0x0d);
    this.#push(0x0a);
    this.#lineLength = 0;
  }

  /** A line must not end in a space or tab: the last one is escaped instead. */
  escapeTrailingSpace(): void {
    if (this.#lineLength === 0) return;
    const last = this.#buffer[this.#length - 1] as number;
    if (last !== 0x20 && last !== 0x09) return;
    this.#length--;
    this.#lineLength--;
    this.escaped(last);
  }

  text(): string {
    return this.#buffer.toString('latin1', 0, this.#length);
  }

  #softBreak(): void {
    this.#push(0x3d);
    this.lineBreak();
  }

  #push(b: number): void {
    this.#reserve(1);
    this.#buffer[this.#length++] = b;
  }

  #reserve(bytes: number): void {
    if (this.#length + bytes <= this.#buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.#buffer.length * 2, this.#length + bytes));
    this.#buffer.copy(grown, 0, 0, this.#length);
    this.#buffer = grown;
  }
}

/** A part of the multipart/alternative body. */
export interface MimePart {
  readonly contentType: string;
  readonly body: string;
}

/** A random boundary as Go's `multipart.NewWriter` makes it: 30 random bytes in hex. */
export function randomBoundary(): string {
  return randomBytes(30).toString('hex');
}

/**
 * The multipart body as Go's `multipart.Writer` lays it out, each part quoted-printable with its
 * headers in Go's sorted order, and the closing delimiter.
 */
export async function multipartBody(boundary: string, parts: readonly MimePart[]): Promise<string> {
  let out = '';
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as MimePart;
    out += i === 0 ? `--${boundary}\r\n` : `\r\n--${boundary}\r\n`;
    out += `Content-Transfer-Encoding: quoted-printable\r\nContent-Type: ${part.contentType}\r\n\r\n`;
    out += await quotedPrintable(part.body);
  }
  return `${out}\r\n--${boundary}--\r\n`;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Go's `time.RFC1123Z` in the local zone: `Mon, 02 Jan 2006 15:04:05 -0700`. */
export function rfc1123z(date: Date): string {
  const offset = -date.getTimezoneOffset();
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return (
    `${DAYS[date.getDay()]}, ${pad(date.getDate())} ${MONTHS[date.getMonth()]} ${date.getFullYear()} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())} ${sign}${pad(Math.floor(abs / 60))}${pad(abs % 60)}`
  );
}

/** Go's `2006-01-02` layout in the local zone. */
export function localDate(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
