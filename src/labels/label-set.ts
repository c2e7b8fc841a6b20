/**
 * Label sets as prometheus/common `model.LabelSet`: identity (fingerprint) and printing.
 */

import { goQuote } from './go-quote.ts';
import { compareGoStrings } from './go-string.ts';

/** A set of labels, name to value. Alert identity is its label set. */
export type LabelSet = Readonly<Record<string, string>>;

/** The label names of a set, in Go's sort order (by UTF-8 bytes). */
export function sortedLabelNames(ls: LabelSet): string[] {
  return Object.keys(ls).sort(compareGoStrings);
}

// FNV-1a 64 (hash/fnv) kept as two unsigned 32-bit halves, which is several times faster than BigInt.
// The offset basis is 14695981039346656037 = 0xcbf29ce484222325.
const OFFSET_HI = 0xcbf29ce4;
const OFFSET_LO = 0x84222325;
let hi = OFFSET_HI;
let lo = OFFSET_LO;

// Multiplies by the FNV prime 2^40 + 0x1b3 modulo 2^64; every intermediate stays below 2^53.
function addByte(b: number): void {
  const x = (lo ^ b) >>> 0;
  const low = x * 0x1b3;
  lo = low >>> 0;
  hi = (hi * 0x1b3 + Math.floor(low / 0x1_0000_0000) + ((x << 8) >>> 0)) >>> 0;
}

// Hashes the UTF-8 encoding of s; a lone surrogate hashes as U+FFFD, as TextEncoder encodes it.
function addString(s: string): void {
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      addByte(c);
      continue;
    }
    if (c < 0x800) {
      addByte(0xc0 | (c >> 6));
      addByte(0x80 | (c & 0x3f));
      continue;
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      const next = s.charCodeAt(i + 1);
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
        i++;
        addByte(0xf0 | (c >> 18));
        addByte(0x80 | ((c >> 12) & 0x3f));
        addByte(0x80 | ((c >> 6) & 0x3f));
        addByte(0x80 | (c & 0x3f));
        continue;
      }
      c = 0xfffd;
    }
    addByte(0xe0 | (c >> 12));
    addByte(0x80 | ((c >> 6) & 0x3f));
    addByte(0x80 | (c & 0x3f));
  }
}

/**
 * The fingerprint of a label set as Alertmanager computes it (`model.LabelSet.Fingerprint()`):
 * FNV-1a 64 over `name 0xff value 0xff` for each label in name order, as 16 lowercase hex digits.
 */
export function fingerprint(ls: LabelSet): string {
  hi = OFFSET_HI;
  lo = OFFSET_LO;
  for (const name of sortedLabelNames(ls)) {
    addString(name);
    addByte(0xff);
    addString(ls[name] as string);
    addByte(0xff);
  }
  return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
}

/**
 * Prints a label set as prometheus/common `LabelSet.String()` does: `{a="x", b="y"}`, names
 * sorted, values quoted like Go's `%q`. Group keys are built from this.
 */
export function labelSetToString(ls: LabelSet): string {
  let out = '{';
  let first = true;
  for (const name of sortedLabelNames(ls)) {
    if (!first) out += ', ';
    first = false;
    out += `${name}=${goQuote(ls[name] as string)}`;
  }
  return `${out}}`;
}
