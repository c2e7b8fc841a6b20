import { ByteWriter } from '../common/byte-writer.ts';
import { namesInGoOrder, sortedLabelNames } from '../labels/label-set.ts';
import type { LabelSet } from '../labels/label-set.ts';
import { xxhash64Hex } from './xxhash64.ts';

const SEPARATOR = 0xff;

/**
 * An alert's identity in the notification log: Alertmanager's `hashAlert`, XXH64 over
 * `name 0xff value 0xff` for each label in name order, as 16 lowercase hex digits (the uint64 the
 * nflog protobuf stores, printed with `%016x`).
 */
export type AlertHash = string;

// Hashing is synchronous: one buffer serves every label set.
const writer = new ByteWriter(1024);

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
  writer.reset();
  if (namesInGoOrder(labels)) for (const name in labels) put(name, labels[name] as string);
  else for (const name of sortedLabelNames(labels)) put(name, labels[name] as string);
  return xxhash64Hex(writer.bytes, writer.length);
}

function put(name: string, value: string): void {
  writer.text(name);
  writer.byte(SEPARATOR);
  writer.text(value);
  writer.byte(SEPARATOR);
}
