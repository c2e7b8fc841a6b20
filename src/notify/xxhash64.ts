/**
 * XXH64 with seed 0 (cespare/xxhash `Sum64`), on 32-bit halves so no BigInt is needed. The helpers
 * return through one module-level register to keep the hot loop free of allocations.
 */
import { hex64 } from '../common/hex.ts';

// The five 64-bit primes, as [high, low] halves.
const P1H = 0x9e3779b1, P1L = 0x85ebca87;
const P2H = 0xc2b2ae3d, P2L = 0x27d4eb4f;
const P3H = 0x165667b1, P3L = 0x9e3779f9;
const P4H = 0x85ebca77, P4L = 0xc2b2ae63;
const P5H = 0x27d4eb2f, P5L = 0x165667c5;

// Result register of the helpers below, [high, low]. Object fields, since V8 updates a number
// field in place, where a module variable gets a new heap number for every value above 2^30.
const r = { h: 0, l: 0 };

// High 32 bits of the unsigned 64-bit product of two uint32s; every partial stays below 2^53.
function mulHigh32(a: number, b: number): number {
  const ah = a >>> 16, al = a & 0xffff, bh = b >>> 16, bl = b & 0xffff;
  const mid = ah * bl + al * bh + ((al * bl) >>> 16);
  return (ah * bh + Math.floor(mid / 0x10000)) >>> 0;
}

// r = a * b mod 2^64
function mul(ah: number, al: number, bh: number, bl: number): void {
  r.h = (mulHigh32(al, bl) + Math.imul(ah, bl) + Math.imul(al, bh)) >>> 0;
  r.l = Math.imul(al, bl) >>> 0;
}

// r = a + b mod 2^64
function add(ah: number, al: number, bh: number, bl: number): void {
  const lo = al + bl;
  r.l = lo >>> 0;
  r.h = (ah + bh + (lo > 0xffffffff ? 1 : 0)) >>> 0;
}

// r = rotl(a, n) for 0 < n < 32
function rotl(ah: number, al: number, n: number): void {
  r.h = ((ah << n) | (al >>> (32 - n))) >>> 0;
  r.l = ((al << n) | (ah >>> (32 - n))) >>> 0;
}

// r = rotl(acc + input * P2, 31) * P1
function round(acch: number, accl: number, inh: number, inl: number): void {
  mul(inh, inl, P2H, P2L);
  add(acch, accl, r.h, r.l);
  rotl(r.h, r.l, 31);
  mul(r.h, r.l, P1H, P1L);
}

function readU32(b: Uint8Array, i: number): number {
  return ((b[i] as number) | ((b[i + 1] as number) << 8) | ((b[i + 2] as number) << 16) | ((b[i + 3] as number) << 24)) >>> 0;
}

// h = (h ^ round(0, v)) * P1 + P4, on the accumulator halves passed in and returned in r.
function mergeRound(hh: number, hl: number, vh: number, vl: number): void {
  round(0, 0, vh, vl);
  mul((hh ^ r.h) >>> 0, (hl ^ r.l) >>> 0, P1H, P1L);
  add(r.h, r.l, P4H, P4L);
}

/** XXH64 (seed 0) of `bytes[0, length)` as 16 lowercase hex digits. */
export function xxhash64Hex(bytes: Uint8Array, length: number = bytes.length): string {
  let i = 0;
  let hh: number, hl: number;
  if (length >= 32) {
    add(P1H, P1L, P2H, P2L);
    let v1h = r.h, v1l = r.l;
    let v2h = P2H, v2l = P2L;
    let v3h = 0, v3l = 0;
    // 0 - P1
    add(~P1H >>> 0, ~P1L >>> 0, 0, 1);
    let v4h = r.h, v4l = r.l;
    for (; i + 32 <= length; i += 32) {
      round(v1h, v1l, readU32(bytes, i + 4), readU32(bytes, i));
      v1h = r.h; v1l = r.l;
      round(v2h, v2l, readU32(bytes, i + 12), readU32(bytes, i + 8));
      v2h = r.h; v2l = r.l;
      round(v3h, v3l, readU32(bytes, i + 20), readU32(bytes, i + 16));
      v3h = r.h; v3l = r.l;
      round(v4h, v4l, readU32(bytes, i + 28), readU32(bytes, i + 24));
      v4h = r.h; v4l = r.l;
    }
    rotl(v1h, v1l, 1);
    hh = r.h; hl = r.l;
    rotl(v2h, v2l, 7);
    add(hh, hl, r.h, r.l);
    hh = r.h; hl = r.l;
    rotl(v3h, v3l, 12);
    add(hh, hl, r.h, r.l);
    hh = r.h; hl = r.l;
    rotl(v4h, v4l, 18);
    add(hh, hl, r.h, r.l);
    mergeRound(r.h, r.l, v1h, v1l);
    mergeRound(r.h, r.l, v2h, v2l);
    mergeRound(r.h, r.l, v3h, v3l);
    mergeRound(r.h, r.l, v4h, v4l);
    hh = r.h; hl = r.l;
  } else {
    hh = P5H; hl = P5L;
  }
  // Lengths beyond 2^32 bytes do not occur here.
  add(hh, hl, 0, length >>> 0);
  hh = r.h; hl = r.l;

  for (; i + 8 <= length; i += 8) {
    round(0, 0, readU32(bytes, i + 4), readU32(bytes, i));
    hh = (hh ^ r.h) >>> 0; hl = (hl ^ r.l) >>> 0;
    rotl(hh, hl, 27);
    mul(r.h, r.l, P1H, P1L);
    add(r.h, r.l, P4H, P4L);
    hh = r.h; hl = r.l;
  }
  if (i + 4 <= length) {
    mul(0, readU32(bytes, i), P1H, P1L);
    hh = (hh ^ r.h) >>> 0; hl = (hl ^ r.l) >>> 0;
    rotl(hh, hl, 23);
    mul(r.h, r.l, P2H, P2L);
    add(r.h, r.l, P3H, P3L);
    hh = r.h; hl = r.l;
    i += 4;
  }
  for (; i < length; i++) {
    mul(0, bytes[i] as number, P5H, P5L);
    hh = (hh ^ r.h) >>> 0; hl = (hl ^ r.l) >>> 0;
    rotl(hh, hl, 11);
    mul(r.h, r.l, P1H, P1L);
    hh = r.h; hl = r.l;
  }

  // Avalanche: h ^= h >> 33; h *= P2; h ^= h >> 29; h *= P3; h ^= h >> 32.
  hl = (hl ^ (hh >>> 1)) >>> 0;
  mul(hh, hl, P2H, P2L);
  hh = r.h; hl = r.l;
  hl = (hl ^ ((hl >>> 29) | (hh << 3))) >>> 0;
  hh = (hh ^ (hh >>> 29)) >>> 0;
  mul(hh, hl, P3H, P3L);
  hh = r.h; hl = r.l;
  hl = (hl ^ hh) >>> 0;
  return hex64(hh, hl);
}
