/**
 * JSON text as Go's `encoding/json` writes it, which is what Alertmanager's clients receive:
 * strings escaped as `json.Marshal` does, map keys sorted by their UTF-8 bytes.
 */

import { goJsonEscape, goJsonString } from '../../common/go-json-string.ts';
import { sortedLabelNames } from '../../labels/label-set.ts';
import type { LabelSet } from '../../labels/label-set.ts';

/** A label set (or any string map) as a JSON object with Go's key order. */
export function labelSetJson(ls: LabelSet): string {
  let out = '{';
  let first = true;
  for (const name of sortedLabelNames(ls)) {
    out += `${first ? '' : ','}${goJsonString(name)}:${goJsonString(ls[name] as string)}`;
    first = false;
  }
  return `${out}}`;
}

/** A JSON array of strings. */
export function stringArrayJson(items: readonly string[]): string {
  return items.length === 0 ? '[]' : `[${items.map(goJsonString).join(',')}]`;
}

/** Any JSON-able value with Go's string escaping and object keys in the order given. */
export function goJson(value: unknown): string {
  return goJsonEscape(JSON.stringify(value));
}
