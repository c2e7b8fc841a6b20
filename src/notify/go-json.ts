/**
 * JSON text exactly as Go's encoding/json writes it, for wire formats Alertmanager defines. Built
 * with `JSON.stringify` and then passed, as a whole document, through `goJsonEscape` (one pass
 * suffices: the characters Go escapes differently only ever occur inside strings).
 */
import { GO_ZERO_TIME_MS } from '../alerts/timestamps.ts';
import { sortGoStrings } from '../labels/go-string.ts';

const GO_ZERO_TIME_JSON = '"0001-01-01T00:00:00Z"';

/**
 * A `map[string]string` as JSON with keys in Go's byte order. The text still needs `goJsonEscape`
 * (done once for the whole document).
 */
export function jsonStringMap(m: Readonly<Record<string, string>>): string {
  const keys = Object.keys(m);
  if (keys.length === 0) return '{}';
  sortGoStrings(keys);
  let out = '{';
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] as string;
    if (i > 0) out += ',';
    out += `${JSON.stringify(k)}:${JSON.stringify(m[k])}`;
  }
  return `${out}}`;
}

/**
 * A UTC instant (epoch ms) as Go's `time.Time` JSON: RFC 3339 with the fraction's trailing zeros
 * dropped, e.g. `"2026-11-21T00:29:41.45Z"`; Go's zero time prints `"0001-01-01T00:00:00Z"`.
 */
export function goJsonTime(ms: number): string {
  // Firing alerts all carry the zero time.
  if (ms === GO_ZERO_TIME_MS) return GO_ZERO_TIME_JSON;
  const iso = new Date(ms).toISOString();
  // toISOString always prints milliseconds: ".000Z" → "Z", ".450Z" → ".45Z".
  const dot = iso.length - 5;
  let end = iso.length - 1;
  while (end > dot + 1 && iso.charCodeAt(end - 1) === 48) end--;
  const fraction = end === dot + 1 ? '' : iso.slice(dot, end);
  return `"${iso.slice(0, dot)}${fraction}Z"`;
}
