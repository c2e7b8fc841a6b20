/**
 * JSON text exactly as Go's encoding/json writes it, for wire formats Alertmanager defines. Built
 * with `JSON.stringify` and then passed, as a whole document, through `goJsonEscape`: the
 * characters Go escapes differently only ever occur inside strings, so one pass suffices.
 */
import { GO_ZERO_TIME_MS } from '../alerts/timestamps.ts';
import { compareGoStrings } from '../labels/go-string.ts';

const GO_ESCAPES: Readonly<Record<string, string>> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};
const GO_ZERO_TIME_JSON = '"0001-01-01T00:00:00Z"';
const HAS_GO_ESCAPE = /[<>&\u2028\u2029]/;
const GO_ESCAPE_ALL = /[<>&\u2028\u2029]/g;
// JSON.stringify writes a lone surrogate as a \udXXX escape (after an even run of backslashes,
// so the backslash is a real escape); Go meets invalid UTF-8 there and writes \ufffd.
const LONE_SURROGATE_ESCAPE = /(?<!\\)((?:\\\\)*)\\ud[89a-f][0-9a-f]{2}/g;

/**
 * Rewrites JSON produced by `JSON.stringify` into Go's `json.Marshal` form: `<`, `>`, `&`, U+2028
 * and U+2029 escaped as `\u003c`…, lone surrogates (Go's invalid UTF-8) as `\ufffd`.
 */
export function goJsonEscape(json: string): string {
  let out = HAS_GO_ESCAPE.test(json) ? json.replace(GO_ESCAPE_ALL, (c) => GO_ESCAPES[c] as string) : json;
  if (out.includes('\\ud')) out = out.replace(LONE_SURROGATE_ESCAPE, '$1\\ufffd');
  return out;
}

/**
 * A `map[string]string` as JSON with keys in Go's byte order. The text still needs `goJsonEscape`
 * (done once for the whole document).
 */
export function jsonStringMap(m: Readonly<Record<string, string>>): string {
  const keys = Object.keys(m);
  if (keys.length === 0) return '{}';
  keys.sort(compareGoStrings);
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
