/**
 * Where a text cut at `at` would split a surrogate pair, the cut moves one unit back, so that each
 * piece turns into the same UTF-8 as its part of the whole text.
 */
export function pairSafeCut(text: string, at: number): number {
  const before = text.charCodeAt(at - 1);
  const after = text.charCodeAt(at);
  return before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff ? at - 1 : at;
}
