/**
 * JSON text as Go's `encoding/json` writes it, which is what Alertmanager's clients receive:
 * `<`, `>`, `&`, U+2028 and U+2029 escaped, map keys sorted by their UTF-8 bytes.
 */

import { sortedLabelNames } from '../../labels/label-set.ts';
import type { LabelSet } from '../../labels/label-set.ts';

const HTML_UNSAFE = /[<>&\u2028\u2029]/g;
// Strings that need no escaping at all, the common case for label names and values.
// eslint-disable-next-line no-control-regex
const PLAIN = /^[^"\\\u0000-\u001f<>&\u2028\u2029\ud800-\udfff]*$/;

function escapeHtmlUnsafe(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** A JSON string literal, escaped as Go escapes it. */
export function goJsonString(s: string): string {
  if (PLAIN.test(s)) return `"${s}"`;
  const json = JSON.stringify(s);
  return json.search(HTML_UNSAFE) < 0 ? json : json.replace(HTML_UNSAFE, escapeHtmlUnsafe);
}

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
  const json = JSON.stringify(value);
  return json.search(HTML_UNSAFE) < 0 ? json : json.replace(HTML_UNSAFE, escapeHtmlUnsafe);
}
