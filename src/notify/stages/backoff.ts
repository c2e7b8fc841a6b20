/**
 * Exponential backoff with cenkalti/backoff's defaults, as Alertmanager's retry stage uses:
 * 500ms initial interval, ×1.5 per attempt, capped at 60s, each wait randomised by ±50%.
 */
export class ExponentialBackoff {
  static readonly INITIAL_MS = 500;
  static readonly MULTIPLIER = 1.5;
  static readonly RANDOMIZATION = 0.5;
  static readonly MAX_INTERVAL_MS = 60_000;

  readonly #random: () => number;
  #interval = ExponentialBackoff.INITIAL_MS;

  /** `random` returns values in [0, 1); injectable for tests. */
  constructor(random: () => number = Math.random) {
    this.#random = random;
  }

  /** The wait before the next attempt. */
  next(): number {
    const delta = ExponentialBackoff.RANDOMIZATION * this.#interval;
    const min = this.#interval - delta;
    const wait = min + this.#random() * 2 * delta;
    this.#interval = Math.min(this.#interval * ExponentialBackoff.MULTIPLIER, ExponentialBackoff.MAX_INTERVAL_MS);
    return Math.floor(wait);
  }
}
