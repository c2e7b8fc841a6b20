import { sortedLabelNames } from '../labels/label-set.ts';
import type { LabelSet } from '../labels/label-set.ts';
import { xxhash64Hex } from './xxhash64.ts';

/**
 * An alert's identity in the notification log: Alertmanager's `hashAlert`, XXH64 over
 * `name 0xff value 0xff` for each label in name order, as 16 lowercase hex digits (the uint64 the
 * nflog protobuf stores, printed with `%016x`).
 */
export type AlertHash = string;

let buffer = new Uint8Array(1024);
const encoder = new TextEncoder();

// Alerts keep their label set object across flushes, so each set is hashed once while it lives.
const cache = new WeakMap<LabelSet, AlertHash>();

/** Computes `hashAlert` of a label set (memoised per label set object, which must not be mutated). */
export function hashAlert(labels: LabelSet): AlertHash {
  let hash = cache.get(labels);
  if (hash === undefined) {
    hash = computeHash(labels);
    cache.set(labels, hash);
  }
  return hash;
}

function computeHash(labels: LabelSet): AlertHash {
  let n = 0;
  for (const name of sortedLabelNames(labels)) {
    n = put(name, n);
    n = put(labels[name] as string, n);
  }
  return xxhash64Hex(buffer, n);
}

// Appends the UTF-8 of s and the 0xff separator at offset n; returns the new length.
function put(s: string, n: number): number {
  // UTF-8 needs at most 3 bytes per UTF-16 unit, plus the separator.
  const need = n + s.length * 3 + 1;
  if (need > buffer.length) {
    const grown = new Uint8Array(Math.max(need, buffer.length * 2));
    grown.set(buffer.subarray(0, n));
    buffer = grown;
  }
  let ascii = true;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) {
      ascii = false;
      break;
    }
    buffer[n + i] = c;
  }
  if (ascii) n += s.length;
  else n += encoder.encodeInto(s, buffer.subarray(n)).written;
  buffer[n] = 0xff;
  return n + 1;
}
