export interface TurnQueueOptions {
  /** Tasks a turn of the event loop starts at most. */
  readonly perTurn: number;
  /** A turn stops starting tasks once it has spent this long on them (their synchronous part). */
  readonly turnMs?: number;
}

/**
 * Runs queued tasks in later turns of the event loop, in order, a few per turn, so that work
 * falling due at one moment (thousands of group flushes, the failures of the flushes reaching one
 * deadline) lets the API and the receivers' replies be served in between. A task's promise work
 * runs right after it in the same turn, so `perTurn` bounds that too, where `turnMs` cannot.
 */
export class TurnQueue {
  readonly #perTurn: number;
  readonly #turnMs: number;
  readonly #due: ((() => void) | undefined)[] = [];
  #head = 0;
  #scheduled = false;

  constructor(options: TurnQueueOptions) {
    this.#perTurn = options.perTurn;
    this.#turnMs = options.turnMs ?? Number.POSITIVE_INFINITY;
  }

  /** Runs `task` in a later turn, after the tasks queued before it. */
  enqueue(task: () => void): void {
    this.#due.push(task);
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(this.#drain);
  }

  /** Tasks queued and not yet started. */
  get length(): number {
    return this.#due.length - this.#head;
  }

  readonly #drain = (): void => {
    const startedAt = performance.now();
    try {
      for (let started = 1; this.#head < this.#due.length; started++) {
        const task = this.#due[this.#head] as () => void;
        this.#due[this.#head++] = undefined;
        task();
        if (started === this.#perTurn || performance.now() - startedAt >= this.#turnMs) break;
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
