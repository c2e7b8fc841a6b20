/**
 * Label sets as prometheus/common `model.LabelSet`: identity (fingerprint) and printing.
 */

import { Buffer } from 'node:buffer';
import { hex64 } from '../common/hex.ts';
import { goQuote } from './go-quote.ts';
import { compareGoStrings, sortGoStrings } from './go-string.ts';

/** A set of labels, name to value. Alert identity is its label set. */
export type LabelSet = Readonly<Record<string, string>>;

/** The label names of a set, in Go's sort order (by UTF-8 bytes). */
export function sortedLabelNames(ls: LabelSet): string[] {
  return sortGoStrings(Object.keys(ls));
}

/**
 * Whether `for...in` visits the names (keys) in Go's sort order, as it does for most label sets:
 * they come sorted from Prometheus. Walking them then needs no sorted copy of the names.
 */
export function namesInGoOrder(ls: Readonly<Record<string, unknown>>): boolean {
  let previous: string | undefined;
  for (const name in ls) {
    if (previous !== undefined && compareGoStrings(previous, name) > 0) return false;
    previous = name;
  }
  return true;
}

// FNV-1a 64 (hash/fnv) in two 32-bit integer halves, several times faster than BigInt. They live in
// a typed array between strings: a module-level number above 2^30 would be boxed at every store.
// The offset basis is 14695981039346656037 = 0xcbf29ce484222325.
const OFFSET_HI = 0xcbf29ce4 | 0;
const OFFSET_LO = 0x84222325 | 0;
const SEPARATOR = 0xff;
const hash = new Int32Array(2);

/**
 * The fingerprint of a label set as Alertmanager computes it (`model.LabelSet.Fingerprint()`):
 * FNV-1a 64 over `name 0xff value 0xff` for each label in name order, as 16 lowercase hex digits.
 * The strings' own code units are their bytes while they are ASCII; otherwise the set is hashed
 * again over its UTF-8 bytes, a lone surrogate as U+FFFD.
 */
export function fingerprint(ls: LabelSet): string {
  const names = sortedLabelNames(ls);
  hash[0] = OFFSET_HI;
  hash[1] = OFFSET_LO;
  let ascii = true;
  for (const name of names) {
    if (mix(name, 0x80) && mix(ls[name] as string, 0x80)) continue;
    ascii = false;
    break;
  }
  if (!ascii) {
    hash[0] = OFFSET_HI;
    hash[1] = OFFSET_LO;
    for (const name of names) {
      mix(Buffer.from(name, 'utf8').toString('latin1'), 0x100);
      mix(Buffer.from(ls[name] as string, 'utf8').toString('latin1'), 0x100);
    }
  }
  return hex64((hash[0] as number) >>> 0, (hash[1] as number) >>> 0);
}

/** Mixes the code units of `s` (each below `limit`, else false and the hash is spoilt) and the separator. */
function mix(s: string, limit: number): boolean {
  let hi = hash[0] as number;
  let lo = hash[1] as number;
  const n = s.length;
  for (let i = 0; i <= n; i++) {
    const b = i === n ? SEPARATOR : s.charCodeAt(i);
    if (b >= limit && i < n) return false;
    // h * (2^40 + 0x1b3) mod 2^64: the low half times 0x1b3 gives the new low half and a carry
    // (from 16-bit pieces, so every product is exact); the low half times 2^40 adds x << 8.
    const x = lo ^ b;
    lo = Math.imul(x, 0x1b3);
    const carry = ((x >>> 16) * 0x1b3 + (((x & 0xffff) * 0x1b3) >>> 16)) >>> 16;
    hi = (Math.imul(hi, 0x1b3) + carry + (x << 8)) | 0;
  }
  hash[0] = hi;
  hash[1] = lo;
  return true;
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
