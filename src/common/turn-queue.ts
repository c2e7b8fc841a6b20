/** A turn of the event loop starts flushes until this much time has passed, or this many. */
const TURN_MS = 2;
const FLUSHES_PER_TURN = 64;

/**
 * Starts the flushes of a dispatcher's groups that fall due, a few per turn of the event loop.
 * Groups created by one burst of alerts fall due together: 5,000 groups flushing to two
 * receivers ran all 10,000 flushes in one timers phase and held the event loop 250-420 ms, where
 * in turns the API and the replies of receivers are served in between.
 */
export class FlushQueue {
  readonly #due: ((() => void) | undefined)[] = [];
  #head = 0;
  #scheduled = false;

  /** Runs `flush` in a later turn, after the flushes queued before it. */
  enqueue(flush: () => void): void {
    this.#due.push(flush);
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(this.#drain);
  }

  /** Flushes queued and not yet started. */
  get length(): number {
    return this.#due.length - this.#head;
  }

  readonly #drain = (): void => {
    const startedAt = performance.now();
    try {
      for (let started = 1; this.#head < this.#due.length; started++) {
        const flush = this.#due[this.#head] as () => void;
        this.#due[this.#head++] = undefined;
        flush();
        // The flushes' promise work runs after this turn, so a turn stops well before it is long.
        if (started === FLUSHES_PER_TURN || performance.now() - startedAt >= TURN_MS) break;
      }
    } finally {
      if (this.#head < this.#due.length) {
        setImmediate(this.#drain);
      } else {
        this.#due.length = 0;
        this.#head = 0;
        this.#scheduled = false;
      }
    }
  };
}
