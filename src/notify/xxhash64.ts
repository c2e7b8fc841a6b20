/**
 * XXH64 with seed 0 (cespare/xxhash `Sum64`), on 32-bit halves so no BigInt is needed. The 64-bit
 * values live in registers: the halves of register r are `high[r]` and `low[r]`, and the helpers
 * below take register numbers. Passing the halves themselves would box every one above 2^30 in a
 * new heap number whenever V8 does not inline the call, and this function is too large for it to
 * inline them all.
 */
import { hex64 } from '../common/hex.ts';

// The five primes, then the working registers: the four lanes, the accumulator and a scratch.
const P1 = 0, P2 = 1, P3 = 2, P4 = 3, P5 = 4;
const V1 = 5, V2 = 6, V3 = 7, V4 = 8, H = 9, K = 10;
const high = new Uint32Array(11);
const low = new Uint32Array(11);
high.set([0x9e3779b1, 0xc2b2ae3d, 0x165667b1, 0x85ebca77, 0x27d4eb2f]);
low.set([0x85ebca87, 0x27d4eb4f, 0x9e3779f9, 0xc2b2ae63, 0x165667c5]);

// Stores convert to uint32 (mod 2^32), so results need no `>>> 0`.

function copy(d: number, a: number): void {
  high[d] = high[a] as number;
  low[d] = low[a] as number;
}

// d = a small non-negative integer (below 2^32).
function setSmall(d: number, n: number): void {
  high[d] = 0;
  low[d] = n;
}

// d = the little-endian uint64 at bytes[i, i + 8).
function read64(d: number, b: Uint8Array, i: number): void {
  low[d] = (b[i] as number) | ((b[i + 1] as number) << 8) | ((b[i + 2] as number) << 16) | ((b[i + 3] as number) << 24);
  high[d] = (b[i + 4] as number) | ((b[i + 5] as number) << 8) | ((b[i + 6] as number) << 16) | ((b[i + 7] as number) << 24);
}

// d = the little-endian uint32 at bytes[i, i + 4).
function read32(d: number, b: Uint8Array, i: number): void {
  high[d] = 0;
  low[d] = (b[i] as number) | ((b[i + 1] as number) << 8) | ((b[i + 2] as number) << 16) | ((b[i + 3] as number) << 24);
}

// d = a + b mod 2^64
function add(d: number, a: number, b: number): void {
  const lo = (low[a] as number) + (low[b] as number);
  high[d] = (high[a] as number) + (high[b] as number) + (lo > 0xffffffff ? 1 : 0);
  low[d] = lo;
}

// d = a * b mod 2^64, from 16-bit partial products that stay below 2^53.
function mul(d: number, a: number, b: number): void {
  const ah = high[a] as number, al = low[a] as number, bh = high[b] as number, bl = low[b] as number;
  const all = al & 0xffff, alh = al >>> 16, bll = bl & 0xffff, blh = bl >>> 16;
  const mid = alh * bll + all * blh + ((all * bll) >>> 16);
  // High half of the 64-bit product al * bl, plus the cross products' low halves.
  high[d] = alh * blh + Math.floor(mid / 0x10000) + Math.imul(ah, bl) + Math.imul(al, bh);
  low[d] = Math.imul(al, bl);
}

// d = rotl(a, n) for 0 < n < 32
function rotl(d: number, a: number, n: number): void {
  const h = high[a] as number, l = low[a] as number;
  high[d] = (h << n) | (l >>> (32 - n));
  low[d] = (l << n) | (h >>> (32 - n));
}

function xor(d: number, a: number, b: number): void {
  high[d] = (high[a] as number) ^ (high[b] as number);
  low[d] = (low[a] as number) ^ (low[b] as number);
}

// d ^= d >>> n for 0 < n < 64
function xorShiftRight(d: number, n: number): void {
  const h = high[d] as number, l = low[d] as number;
  if (n >= 32) {
    low[d] = l ^ (h >>> (n - 32));
  } else {
    low[d] = l ^ ((l >>> n) | (h << (32 - n)));
    high[d] = h ^ (h >>> n);
  }
}

// acc = rotl(acc + input * P2, 31) * P1; input is overwritten.
function round(acc: number, input: number): void {
  mul(input, input, P2);
  add(acc, acc, input);
  rotl(acc, acc, 31);
  mul(acc, acc, P1);
}

// r = round(0, r) = rotl(r * P2, 31) * P1
function roundFromZero(r: number): void {
  mul(r, r, P2);
  rotl(r, r, 31);
  mul(r, r, P1);
}

// h = (h ^ round(0, v)) * P1 + P4
function mergeRound(h: number, v: number): void {
  copy(K, v);
  roundFromZero(K);
  xor(h, h, K);
  mul(h, h, P1);
  add(h, h, P4);
}

/** XXH64 (seed 0) of `bytes[0, length)` as 16 lowercase hex digits. */
export function xxhash64Hex(bytes: Uint8Array, length: number = bytes.length): string {
  let i = 0;
  if (length >= 32) {
    add(V1, P1, P2);
    copy(V2, P2);
    setSmall(V3, 0);
    // 0 - P1, in two's complement
    high[V4] = ~(high[P1] as number);
    low[V4] = ~(low[P1] as number);
    setSmall(K, 1);
    add(V4, V4, K);
    for (; i + 32 <= length; i += 32) {
      read64(K, bytes, i);
      round(V1, K);
      read64(K, bytes, i + 8);
      round(V2, K);
      read64(K, bytes, i + 16);
      round(V3, K);
      read64(K, bytes, i + 24);
      round(V4, K);
    }
    rotl(H, V1, 1);
    rotl(K, V2, 7);
    add(H, H, K);
    rotl(K, V3, 12);
    add(H, H, K);
    rotl(K, V4, 18);
    add(H, H, K);
    mergeRound(H, V1);
    mergeRound(H, V2);
    mergeRound(H, V3);
    mergeRound(H, V4);
  } else {
    copy(H, P5);
  }
  // Lengths beyond 2^32 bytes do not occur here.
  setSmall(K, length);
  add(H, H, K);

  for (; i + 8 <= length; i += 8) {
    read64(K, bytes, i);
    roundFromZero(K);
    xor(H, H, K);
    rotl(H, H, 27);
    mul(H, H, P1);
    add(H, H, P4);
  }
  if (i + 4 <= length) {
    read32(K, bytes, i);
    mul(K, K, P1);
    xor(H, H, K);
    rotl(H, H, 23);
    mul(H, H, P2);
    add(H, H, P3);
    i += 4;
  }
  for (; i < length; i++) {
    setSmall(K, bytes[i] as number);
    mul(K, K, P5);
    xor(H, H, K);
    rotl(H, H, 11);
    mul(H, H, P1);
  }

  xorShiftRight(H, 33);
  mul(H, H, P2);
  xorShiftRight(H, 29);
  mul(H, H, P3);
  xorShiftRight(H, 32);
  return hex64(high[H] as number, low[H] as number);
}
