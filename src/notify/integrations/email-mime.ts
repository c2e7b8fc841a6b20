/**
 * The byte-level encodings of Alertmanager's email message, as Go's standard library writes them:
 * `mime.QEncoding.Encode` for header values, `mime/quotedprintable.Writer` for the parts and the
 * `mime/multipart.Writer` layout.
 */
import { randomBytes } from 'node:crypto';

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

/**
 * Go's `quotedprintable.Writer` (text mode) over the whole body: CR, LF and CRLF become CRLF,
 * "=", control and non-ASCII bytes are escaped, trailing spaces and tabs of a line are escaped,
 * and lines are soft-broken at 76 characters.
 */
export function quotedPrintable(text: string): string {
  const bytes = Buffer.from(text, 'utf8');
  let out = '';
  let line = '';
  let cr = false;
  const flush = (): void => {
    out += line;
    line = '';
  };
  const softBreak = (): void => {
    line += '=\r\n';
    flush();
  };
  const encode = (b: number): void => {
    if (QP_LINE_MAX - 1 - line.length < 3) softBreak();
    line += hexEscape(b);
  };
  const escapeTrailingSpace = (): void => {
    const last = line.charCodeAt(line.length - 1);
    if (line.length > 0 && (last === 0x20 || last === 0x09)) {
      line = line.slice(0, -1);
      encode(last);
    }
  };
  for (const b of bytes) {
    if (b === 0x0a || b === 0x0d) {
      // The LF of a CRLF was written with the CR.
      if (cr && b === 0x0a) {
        cr = false;
        continue;
      }
      cr = b === 0x0d;
      escapeTrailingSpace();
      line += '\r\n';
      flush();
      continue;
    }
    cr = false;
    if ((b >= 0x21 && b <= 0x7e && b !== 0x3d) || b === 0x20 || b === 0x09) {
      if (line.length === QP_LINE_MAX - 1) softBreak();
      line += String.fromCharCode(b);
    } else {
      encode(b);
    }
  }
  escapeTrailingSpace();
  flush();
  return out;
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
export function multipartBody(boundary: string, parts: readonly MimePart[]): string {
  let out = '';
  parts.forEach((part, i) => {
    out += i === 0 ? `--${boundary}\r\n` : `\r\n--${boundary}\r\n`;
    out += `Content-Transfer-Encoding: quoted-printable\r\nContent-Type: ${part.contentType}\r\n\r\n`;
    out += quotedPrintable(part.body);
  });
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
