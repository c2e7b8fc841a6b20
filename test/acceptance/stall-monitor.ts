const PERIOD_MS = 10;

/**
 * How long this process was kept from running: the longest a short repeating timer fired late.
 * On a shared two-core VM whose host takes the CPUs away (steal time), every process stalls
 * alike, and the acceptance scenarios' timing windows then say nothing about the server.
 */
export class StallMonitor {
  #longestMs = 0;
  #last: number;
  readonly #now: () => number;
  readonly #timer: NodeJS.Timeout;

  /** `now` is injectable so that a test can tell an idle wait from a stall without a real one. */
  constructor(now: () => number = () => performance.now()) {
    this.#now = now;
    this.#last = now();
    this.#timer = setInterval(() => {
      const at = this.#now();
      this.#longestMs = Math.max(this.#longestMs, at - this.#last - PERIOD_MS);
      this.#last = at;
    }, PERIOD_MS);
  }

  /** Stops the monitor; the longest stall seen, in milliseconds. */
  stop(): number {
    clearInterval(this.#timer);
    return Math.max(this.#longestMs, this.#now() - this.#last - PERIOD_MS);
  }
}
