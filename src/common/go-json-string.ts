/**
 * JSON strings exactly as Go's `json.Marshal` writes them, as built by the Go release Alertmanager
 * 0.34 uses (1.22 and later): `JSON.stringify`'s escapes (`\"`, `\\`, `\b`, `\f`, `\n`, `\r`,
 * `\t`, `\u00XX` for other control characters), plus `<`, `>`, `&`, U+2028 and U+2029 as
 * `\u003c`…, and invalid UTF-8 (a lone surrogate here) as `\ufffd`.
 */
const GO_ESCAPES: Readonly<Record<string, string>> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};
const HAS_GO_ESCAPE = /[<>&\u2028\u2029]/;
const GO_ESCAPE_ALL = /[<>&\u2028\u2029]/g;
// JSON.stringify writes a lone surrogate as a \udXXX escape (after an even run of backslashes,
// so the backslash is a real escape); Go meets invalid UTF-8 there and writes \ufffd.
const LONE_SURROGATE_ESCAPE = /(?<!\\)((?:\\\\)*)\\ud[89a-f][0-9a-f]{2}/g;
// Strings that need no escaping at all, the common case for label names and values.
// eslint-disable-next-line no-control-regex
const PLAIN = /^[^"\\\u0000-\u001f<>&\u2028\u2029\ud800-\udfff]*$/;

/**
 * Rewrites JSON produced by `JSON.stringify` (a single string or a whole document: the characters
 * Go escapes differently only ever occur inside strings) into Go's `json.Marshal` form.
 */
export function goJsonEscape(json: string): string {
  let out = HAS_GO_ESCAPE.test(json) ? json.replace(GO_ESCAPE_ALL, (c) => GO_ESCAPES[c] as string) : json;
  if (out.includes('\\ud')) out = out.replace(LONE_SURROGATE_ESCAPE, '$1\\ufffd');
  return out;
}

/** A JSON string literal as Go's `json.Marshal` writes it. */
export function goJsonString(s: string): string {
  return PLAIN.test(s) ? `"${s}"` : goJsonEscape(JSON.stringify(s));
}
