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

// V8's Array.prototype.sort allocates its work state on every call, even for three elements;
// label names and map keys are almost always fewer than this.
const INSERTION_SORT_MAX = 16;

/**
 * Sorts strings in place in Go's order and returns them. Short lists are insertion-sorted, which
 * allocates nothing and takes one comparison per element when they are already in order, as label
 * sets usually are.
 */
export function sortGoStrings(strings: string[]): string[] {
  if (strings.length > INSERTION_SORT_MAX) return sortLongGoStrings(strings);
  for (let i = 1; i < strings.length; i++) {
    const s = strings[i] as string;
    let j = i - 1;
    for (; j >= 0 && compareGoStrings(strings[j] as string, s) > 0; j--) strings[j + 1] = strings[j] as string;
    strings[j + 1] = s;
  }
  return strings;
}

// The default sort orders UTF-16 code units, which agrees with Go's order unless surrogates meet
// U+E000..U+FFFF; strings are almost always ASCII, so look before paying for the Go comparator.
function sortLongGoStrings(strings: string[]): string[] {
  strings.sort();
  for (const s of strings) if (hasCodeUnitFrom(s, 0xd800)) return strings.sort(compareGoStrings);
  return strings;
}

function hasCodeUnitFrom(s: string, min: number): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= min) return true;
  return false;
}

/**
 * Reports whether the string would be valid UTF-8: a JavaScript string can only fail that by
 * holding a lone surrogate (`isWellFormed`, which V8 answers at once for Latin-1 strings).
 */
export function isValidUtf8(s: string): boolean {
  return s.isWellFormed();
}
