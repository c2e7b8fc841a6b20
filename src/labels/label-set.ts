/**
 * Label sets as prometheus/common `model.LabelSet`: identity (fingerprint) and printing.
 */

import { Buffer } from 'node:buffer';
import { fnv64Hex, fnv64High, fnv64Low, fnv64Reset } from '../common/fnv64.ts';
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

const SEPARATOR = 0xff;
// The running FNV-1a hash (src/common/fnv64.ts).
const hash = new Int32Array(2);

/**
 * The fingerprint of a label set as Alertmanager computes it (`model.LabelSet.Fingerprint()`):
 * FNV-1a 64 over `name 0xff value 0xff` for each label in name order, as 16 lowercase hex digits.
 * The strings' own code units are their bytes while they are ASCII; otherwise the set is hashed
 * again over its UTF-8 bytes, a lone surrogate as U+FFFD.
 */
export function fingerprint(ls: LabelSet): string {
  const names = sortedLabelNames(ls);
  fnv64Reset(hash);
  let ascii = true;
  for (const name of names) {
    if (mix(name, 0x80) && mix(ls[name] as string, 0x80)) continue;
    ascii = false;
    break;
  }
  if (!ascii) {
    fnv64Reset(hash);
    for (const name of names) {
      mix(Buffer.from(name, 'utf8').toString('latin1'), 0x100);
      mix(Buffer.from(ls[name] as string, 'utf8').toString('latin1'), 0x100);
    }
  }
  return fnv64Hex(hash);
}

/** Mixes the code units of `s` (each below `limit`, else false and the hash is spoilt) and the separator. */
function mix(s: string, limit: number): boolean {
  let hi = hash[0] as number;
  let lo = hash[1] as number;
  const n = s.length;
  for (let i = 0; i <= n; i++) {
    const b = i === n ? SEPARATOR : s.charCodeAt(i);
    if (b >= limit && i < n) return false;
    const x = lo ^ b;
    lo = fnv64Low(x);
    hi = fnv64High(hi, x);
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
