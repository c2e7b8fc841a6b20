const PERIOD_MS = 10;

/**
 * How long this process was kept from running: the longest a short repeating timer fired late.
 * On a shared two-core VM whose host takes the CPUs away (steal time), every process stalls
 * alike, and the acceptance scenarios' timing windows then say nothing about the server.
 */
export class StallMonitor {
  #longestMs = 0;
  #last = performance.now();
  readonly #timer: NodeJS.Timeout;

  constructor() {
    this.#timer = setInterval(() => {
      const now = performance.now();
      this.#longestMs = Math.max(this.#longestMs, now - this.#last - PERIOD_MS);
      this.#last = now;
    }, PERIOD_MS);
  }

  /** Stops the monitor; the longest stall seen, in milliseconds. */
  stop(): number {
    clearInterval(this.#timer);
    return Math.max(this.#longestMs, performance.now() - this.#last - PERIOD_MS);
  }
}
