const HEX_DIGITS = '0123456789abcdef';
const digits: number[] = new Array<number>(16).fill(0);

/**
 * A 64-bit value given as unsigned 32-bit halves, as 16 lowercase hex digits. Built as one flat
 * string: concatenating pieces would make a rope, which costs more to allocate and to use as a
 * map key.
 */
export function hex64(hi: number, lo: number): string {
  for (let i = 7; i >= 0; i--) {
    digits[i] = HEX_DIGITS.charCodeAt(hi & 15);
    digits[i + 8] = HEX_DIGITS.charCodeAt(lo & 15);
    hi >>>= 4;
    lo >>>= 4;
  }
  return String.fromCharCode(...digits);
}
