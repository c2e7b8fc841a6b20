/**
 * FNV-1a 64 (Go's `hash/fnv.New64a`, which label-set fingerprints use) in two 32-bit integer
 * halves, several times faster than BigInt. Between calls the running hash lives in a caller's
 * own `Int32Array(2)` [high, low]: a module-level number above 2^30 would be boxed at every store,
 * and an imported array or constant is read slower in the hot loop (a quarter more per
 * fingerprint). Callers hash in their own loops (over a string's code units or a buffer's
 * bytes), one step per byte:
 *
 *   const x = low ^ byte; low = fnv64Low(x); high = fnv64High(high, x);
 */
import { hex64 } from './hex.ts';

/** Starts a new hash in `state` at the offset basis 14695981039346656037 = 0xcbf29ce484222325. */
export function fnv64Reset(state: Int32Array): void {
  state[0] = 0xcbf29ce4 | 0;
  state[1] = 0x84222325 | 0;
}

/** The low half of h * (2^40 + 0x1b3) mod 2^64, where `x` is h's low half (already xor-ed with the byte). */
export function fnv64Low(x: number): number {
  return Math.imul(x, 0x1b3);
}

/**
 * The high half of h * (2^40 + 0x1b3) mod 2^64, where `high` is h's high half and `x` its low
 * half (already xor-ed with the byte): the low half times 0x1b3 carries into the high half
 * (computed from 16-bit pieces, so every product is exact), and the low half times 2^40 adds x << 8.
 */
export function fnv64High(high: number, x: number): number {
  const carry = ((x >>> 16) * 0x1b3 + (((x & 0xffff) * 0x1b3) >>> 16)) >>> 16;
  return (Math.imul(high, 0x1b3) + carry + (x << 8)) | 0;
}

/** The hash in `state` as 16 lowercase hex digits. */
export function fnv64Hex(state: Int32Array): string {
  return hex64((state[0] as number) >>> 0, (state[1] as number) >>> 0);
}
