import assert from 'node:assert/strict';
import { test } from 'node:test';
import { prng } from '../common/prng.ts';
import { AlertNameLimiter } from './alert-limit.ts';

/** The rule spelled out with a linear scan, to check the heap against. */
class NaiveLimiter {
  readonly #tracked = new Map<string, Map<string, number>>();
  constructor(readonly limit: number) {}

  admit(name: string, fp: string, endsAt: number, now: number): boolean {
    let bucket = this.#tracked.get(name);
    if (bucket === undefined) this.#tracked.set(name, (bucket = new Map()));
    if (bucket.has(fp) || bucket.size < this.limit) {
      bucket.set(fp, endsAt);
      return true;
    }
    let oldest: [string, number] | undefined;
    for (const entry of bucket) if (oldest === undefined || entry[1] < oldest[1]) oldest = entry;
    if (oldest === undefined || !(oldest[1] < now)) return false;
    bucket.delete(oldest[0]);
    bucket.set(fp, endsAt);
    return true;
  }

  forget(name: string, fp: string): void {
    this.#tracked.get(name)?.delete(fp);
  }
}

test('the per-alertname limiter agrees with a linear-scan model under random traffic', () => {
  const rand = prng(3);
  const limiter = new AlertNameLimiter(5);
  const naive = new NaiveLimiter(5);
  let now = 1_000_000;
  let unique = 0;
  for (let i = 0; i < 20_000; i++) {
    now += Math.floor(rand() * 10);
    const name = `a${Math.floor(rand() * 3)}`;
    const fp = `f${Math.floor(rand() * 12)}`;
    if (rand() < 0.1) {
      limiter.forget(name, fp);
      naive.forget(name, fp);
      continue;
    }
    // Distinct endsAt values keep the eviction choice unambiguous.
    const endsAt = now + Math.floor((rand() - 0.5) * 200) + ++unique / 1e6;
    assert.equal(limiter.admit(name, fp, endsAt, now), naive.admit(name, fp, endsAt, now), `step ${i}`);
  }
});
