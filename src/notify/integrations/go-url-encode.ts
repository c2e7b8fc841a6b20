/** Go's `url.QueryEscape` of a string or raw bytes: unreserved characters kept, space as "+", the rest %XX. */
export function goQueryEscape(s: string | Uint8Array): string {
  let out = '';
  for (const b of typeof s === 'string' ? Buffer.from(s, 'utf8') : s) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (b === 0x20) out += '+';
    else out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Go's `url.Values.Encode`: sorted by key (stable for repeated keys), `k=v` joined by "&". */
export function goEncodeValues(params: readonly (readonly [string, string])[]): string {
  return [...params]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${goQueryEscape(k)}=${goQueryEscape(v)}`)
    .join('&');
}
