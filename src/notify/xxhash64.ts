/**
 * XXH64 with seed 0 (cespare/xxhash `Sum64`), on 32-bit halves so no BigInt is needed. The 64-bit
 * registers live in module variables to keep the hot loop free of allocations.
 */

// The five 64-bit primes, as [high, low] halves.
const P1H = 0x9e3779b1, P1L = 0x85ebca87;
const P2H = 0xc2b2ae3d, P2L = 0x27d4eb4f;
const P3H = 0x165667b1, P3L = 0x9e3779f9;
const P4H = 0x85ebca77, P4L = 0xc2b2ae63;
const P5H = 0x27d4eb2f, P5L = 0x165667c5;

// Result register of the helpers below.
let rh = 0;
let rl = 0;

// High 32 bits of the unsigned 64-bit product of two uint32s; every partial stays below 2^53.
function mulHigh32(a: number, b: number): number {
  const ah = a >>> 16, al = a & 0xffff, bh = b >>> 16, bl = b & 0xffff;
  const mid = ah * bl + al * bh + ((al * bl) >>> 16);
  return (ah * bh + Math.floor(mid / 0x10000)) >>> 0;
}

// r = a * b mod 2^64
function mul(ah: number, al: number, bh: number, bl: number): void {
  rh = (mulHigh32(al, bl) + Math.imul(ah, bl) + Math.imul(al, bh)) >>> 0;
  rl = Math.imul(al, bl) >>> 0;
}

// r = a + b mod 2^64
function add(ah: number, al: number, bh: number, bl: number): void {
  const lo = al + bl;
  rl = lo >>> 0;
  rh = (ah + bh + (lo > 0xffffffff ? 1 : 0)) >>> 0;
}

// r = rotl(a, n) for 0 < n < 32
function rotl(ah: number, al: number, n: number): void {
  rh = ((ah << n) | (al >>> (32 - n))) >>> 0;
  rl = ((al << n) | (ah >>> (32 - n))) >>> 0;
}

// r = rotl(acc + input * P2, 31) * P1
function round(acch: number, accl: number, inh: number, inl: number): void {
  mul(inh, inl, P2H, P2L);
  add(acch, accl, rh, rl);
  rotl(rh, rl, 31);
  mul(rh, rl, P1H, P1L);
}

function readU32(b: Uint8Array, i: number): number {
  return ((b[i] as number) | ((b[i + 1] as number) << 8) | ((b[i + 2] as number) << 16) | ((b[i + 3] as number) << 24)) >>> 0;
}

// h = (h ^ round(0, v)) * P1 + P4, on the accumulator halves passed in and returned in r.
function mergeRound(hh: number, hl: number, vh: number, vl: number): void {
  round(0, 0, vh, vl);
  mul((hh ^ rh) >>> 0, (hl ^ rl) >>> 0, P1H, P1L);
  add(rh, rl, P4H, P4L);
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function hex32(x: number): string {
  return (HEX[x >>> 24] as string) + (HEX[(x >>> 16) & 0xff] as string) + (HEX[(x >>> 8) & 0xff] as string) + (HEX[x & 0xff] as string);
}

/** XXH64 (seed 0) of `bytes[0, length)` as 16 lowercase hex digits. */
export function xxhash64Hex(bytes: Uint8Array, length: number = bytes.length): string {
  let i = 0;
  let hh: number, hl: number;
  if (length >= 32) {
    add(P1H, P1L, P2H, P2L);
    let v1h = rh, v1l = rl;
    let v2h = P2H, v2l = P2L;
    let v3h = 0, v3l = 0;
    // 0 - P1
    add(~P1H >>> 0, ~P1L >>> 0, 0, 1);
    let v4h = rh, v4l = rl;
    for (; i + 32 <= length; i += 32) {
      round(v1h, v1l, readU32(bytes, i + 4), readU32(bytes, i));
      v1h = rh; v1l = rl;
      round(v2h, v2l, readU32(bytes, i + 12), readU32(bytes, i + 8));
      v2h = rh; v2l = rl;
      round(v3h, v3l, readU32(bytes, i + 20), readU32(bytes, i + 16));
      v3h = rh; v3l = rl;
      round(v4h, v4l, readU32(bytes, i + 28), readU32(bytes, i + 24));
      v4h = rh; v4l = rl;
    }
    rotl(v1h, v1l, 1);
    hh = rh; hl = rl;
    rotl(v2h, v2l, 7);
    add(hh, hl, rh, rl);
    hh = rh; hl = rl;
    rotl(v3h, v3l, 12);
    add(hh, hl, rh, rl);
    hh = rh; hl = rl;
    rotl(v4h, v4l, 18);
    add(hh, hl, rh, rl);
    mergeRound(rh, rl, v1h, v1l);
    mergeRound(rh, rl, v2h, v2l);
    mergeRound(rh, rl, v3h, v3l);
    mergeRound(rh, rl, v4h, v4l);
    hh = rh; hl = rl;
  } else {
    hh = P5H; hl = P5L;
  }
  // Lengths beyond 2^32 bytes do not occur here.
  add(hh, hl, 0, length >>> 0);
  hh = rh; hl = rl;

  for (; i + 8 <= length; i += 8) {
    round(0, 0, readU32(bytes, i + 4), readU32(bytes, i));
    hh = (hh ^ rh) >>> 0; hl = (hl ^ rl) >>> 0;
    rotl(hh, hl, 27);
    mul(rh, rl, P1H, P1L);
    add(rh, rl, P4H, P4L);
    hh = rh; hl = rl;
  }
  if (i + 4 <= length) {
    mul(0, readU32(bytes, i), P1H, P1L);
    hh = (hh ^ rh) >>> 0; hl = (hl ^ rl) >>> 0;
    rotl(hh, hl, 23);
    mul(rh, rl, P2H, P2L);
    add(rh, rl, P3H, P3L);
    hh = rh; hl = rl;
    i += 4;
  }
  for (; i < length; i++) {
    mul(0, bytes[i] as number, P5H, P5L);
    hh = (hh ^ rh) >>> 0; hl = (hl ^ rl) >>> 0;
    rotl(hh, hl, 11);
    mul(rh, rl, P1H, P1L);
    hh = rh; hl = rl;
  }

  // Avalanche: h ^= h >> 33; h *= P2; h ^= h >> 29; h *= P3; h ^= h >> 32.
  hl = (hl ^ (hh >>> 1)) >>> 0;
  mul(hh, hl, P2H, P2L);
  hh = rh; hl = rl;
  hl = (hl ^ ((hl >>> 29) | (hh << 3))) >>> 0;
  hh = (hh ^ (hh >>> 29)) >>> 0;
  mul(hh, hl, P3H, P3L);
  hh = rh; hl = rl;
  hl = (hl ^ hh) >>> 0;
  return hex32(hh) + hex32(hl);
}
