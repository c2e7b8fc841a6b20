import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * Paces a long loop over many cheap steps: `spent()` is true once the current turn of the event
 * loop has run `ms` (read from the clock every 64 steps, which cost far less than the read), and
 * `next()` yields to the event loop and starts a new turn.
 */
export class TurnTimer {
  readonly #ms: number;
  #startedAt = performance.now();
  #steps = 0;

  constructor(ms: number) {
    this.#ms = ms;
  }

  spent(): boolean {
    return (++this.#steps & 63) === 0 && performance.now() - this.#startedAt >= this.#ms;
  }

  async next(): Promise<void> {
    await nextTurn();
    this.#startedAt = performance.now();
  }
}
