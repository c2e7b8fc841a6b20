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

// FNV-1a 64 (hash/fnv) kept as two unsigned 32-bit halves, which is several times faster than BigInt.
// The offset basis is 14695981039346656037 = 0xcbf29ce484222325.
const OFFSET_HI = 0xcbf29ce4;
const OFFSET_LO = 0x84222325;
const SEPARATOR = 0xff;

/**
 * The fingerprint of a label set as Alertmanager computes it (`model.LabelSet.Fingerprint()`):
 * FNV-1a 64 over `name 0xff value 0xff` for each label in name order, as 16 lowercase hex digits.
 */
export function fingerprint(ls: LabelSet): string {
  const names = sortedLabelNames(ls);
  return fnv1a(names, ls, false) ?? (fnv1a(names, ls, true) as string);
}

/**
 * Hashes the labels' bytes: the strings' own code units when `utf8` is false, which gives up
 * (undefined) at the first non-ASCII one; else their UTF-8 bytes, a lone surrogate as U+FFFD.
 */
function fnv1a(names: readonly string[], ls: LabelSet, utf8: boolean): string | undefined {
  let hi = OFFSET_HI;
  let lo = OFFSET_LO;
  for (let k = 0; k < names.length * 2; k++) {
    const name = names[k >> 1] as string;
    let s = (k & 1) === 0 ? name : (ls[name] as string);
    if (utf8) s = Buffer.from(s, 'utf8').toString('latin1');
    for (let i = 0; i <= s.length; i++) {
      const b = i === s.length ? SEPARATOR : s.charCodeAt(i);
      if (b >= 0x80 && !utf8 && i < s.length) return undefined;
      // x * (2^40 + 0x1b3) mod 2^64: the low half times 0x1b3 stays below 2^41, so its carry is exact.
      const x = (lo ^ b) >>> 0;
      const low = x * 0x1b3;
      hi = (Math.imul(hi, 0x1b3) + ((low / 0x1_0000_0000) | 0) + ((x << 8) >>> 0)) >>> 0;
      lo = low >>> 0;
    }
  }
  return hex64(hi, lo);
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
