/** Alertmanager's `notify.TruncateInRunes` and `notify.TruncateInBytes`, used by every integration with field limits. */

const MARKER = '…';

/**
 * `notify.TruncateInRunes`: at most `max` code points, the last one replaced by "…" when cut
 * (no marker when `max` is 3 or less). Returns the text and whether it was cut.
 */
export function truncateInRunes(text: string, max: number): [string, boolean] {
  // Cheap exit: a string of at most `max` UTF-16 units has at most `max` code points.
  if (text.length <= max) return [text, false];
  const runes = Array.from(text);
  if (runes.length <= max) return [text, false];
  if (max <= 3) return [runes.slice(0, max).join(''), true];
  return [`${runes.slice(0, max - 1).join('')}${MARKER}`, true];
}

/** `notify.TruncateInBytes`: at most `n` UTF-8 bytes including the 3-byte "…", whole runes only. */
export function truncateInBytes(s: string, n: number): [string, boolean] {
  if (Buffer.byteLength(s, 'utf8') <= n) return [s, false];
  if (n <= 3) return [n === 3 ? MARKER : '.'.repeat(n), true];
  const target = n - 3;
  let out = '';
  let size = 0;
  for (const r of s) {
    const len = Buffer.byteLength(r, 'utf8');
    if (size + len > target) break;
    out += r;
    size += len;
  }
  return [out + MARKER, true];
}
