/**
 * A small deterministic pseudo-random generator (mulberry32) for randomised tests and benchmarks:
 * the same seed gives the same sequence, so a failure replays. Returns numbers in [0, 1).
 */
export function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A whole number in [0, n) from `rand`. */
export function randomBelow(rand: () => number, n: number): number {
  return Math.floor(rand() * n);
}
