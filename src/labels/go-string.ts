/**
 * Helpers that give JavaScript strings the behaviour of Go strings where the two differ: byte-wise
 * (UTF-8) ordering and UTF-8 validity.
 */

/**
 * Compares two strings in Go's order (by UTF-8 bytes, which is code point order). JavaScript's `<`
 * compares UTF-16 code units, which puts characters above U+FFFF before U+E000..U+FFFF.
 */
export function compareGoStrings(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let ca = a.charCodeAt(i);
    let cb = b.charCodeAt(i);
    if (ca === cb) continue;
    if (ca >= 0xd800 && cb >= 0xd800) {
      // Move surrogates above U+E000..U+FFFF so code units order like code points.
      ca = ca >= 0xe000 ? ca - 0x800 : ca + 0x2000;
      cb = cb >= 0xe000 ? cb - 0x800 : cb + 0x2000;
    }
    return ca - cb;
  }
  return a.length - b.length;
}

/**
 * Reports whether the string would be valid UTF-8: a JavaScript string can only fail that by
 * holding a lone surrogate (`isWellFormed`, which V8 answers at once for Latin-1 strings).
 */
export function isValidUtf8(s: string): boolean {
  return s.isWellFormed();
}
