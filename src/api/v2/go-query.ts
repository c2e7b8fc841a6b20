/**
 * A request's query string read as Go's `net/url.ParseQuery` reads it, which go-swagger binds
 * Alertmanager's parameters from: pairs split on `&` only; a pair holding `;` is dropped (Go 1.17
 * and later), as is one whose name or value has a bad `%` escape; `+` is a space. URLSearchParams
 * keeps both of those pairs, so `filter=a%3Db;c` would filter where Alertmanager does not.
 */
export function parseGoQuery(rawQuery: string): URLSearchParams {
  const out = new URLSearchParams();
  for (const pair of rawQuery.split('&')) {
    if (pair === '' || pair.includes(';')) continue;
    const eq = pair.indexOf('=');
    const name = queryUnescape(eq < 0 ? pair : pair.slice(0, eq));
    const value = queryUnescape(eq < 0 ? '' : pair.slice(eq + 1));
    if (name !== undefined && value !== undefined) out.append(name, value);
  }
  return out;
}

const ESCAPE = /%(?![0-9A-Fa-f]{2})/;
const BEYOND_PRINTABLE_ASCII = /[^\x20-\x7e]/;
const UTF8 = new TextDecoder();

/**
 * Go's `QueryUnescape`, or undefined where it fails: a `%` not followed by two hex digits. Node
 * hands over the request target as Latin-1, a character per byte, so raw bytes and escaped ones
 * are decoded alike, as UTF-8; bytes that are not UTF-8 become U+FFFD, as Go's JSON shows them.
 */
function queryUnescape(text: string): string | undefined {
  if (ESCAPE.test(text)) return undefined;
  const spaced = text.includes('+') ? text.replaceAll('+', ' ') : text;
  if (!spaced.includes('%') && !BEYOND_PRINTABLE_ASCII.test(spaced)) return spaced;
  const bytes = new Uint8Array(spaced.length);
  let n = 0;
  for (let i = 0; i < spaced.length; i++) {
    if (spaced[i] === '%') {
      bytes[n++] = Number.parseInt(spaced.slice(i + 1, i + 3), 16);
      i += 2;
    } else {
      bytes[n++] = spaced.charCodeAt(i) & 0xff;
    }
  }
  return UTF8.decode(bytes.subarray(0, n));
}

/**
 * A parameter that is not an array, as go-swagger binds it: the last value given, and an empty
 * one counts as absent (`?receiver=` filters nothing).
 */
export function lastParam(query: URLSearchParams, name: string): string | undefined {
  const values = query.getAll(name);
  const raw = values[values.length - 1];
  return raw === undefined || raw === '' ? undefined : raw;
}
