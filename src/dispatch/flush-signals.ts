import { setMaxListeners } from 'node:events';
import type { Clock, TimerHandle } from '../common/clock.ts';

/** The abort signal of the flushes due at one deadline; `FlushSignals` keeps its state. */
export class FlushSignal {
  readonly deadline: number;
  readonly controller = new AbortController();
  timer: TimerHandle | undefined;
  /** Flushes running with it. */
  holders = 0;

  constructor(deadline: number) {
    this.deadline = deadline;
    // Every request of every flush sharing it may listen: no leak, so no warning past ten.
    setMaxListeners(0, this.controller.signal);
  }

  /** Aborts at the deadline, or when the dispatcher stops. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }
}

/**
 * Hands out the abort signals of flushes. A Node AbortSignal costs over a kilobyte, and a burst
 * starts a dozen flushes within one millisecond, all due at the same deadline (same tick time, same
 * timeout): flushes with equal deadlines share one signal and one deadline timer while any of
 * them runs. Stopping aborts every signal, which is how a stopping dispatcher aborts its flushes.
 */
export class FlushSignals {
  readonly #clock: Clock;
  readonly #byDeadline = new Map<number, FlushSignal>();
  #stopped = false;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** The signal for a flush due at `deadline` (epoch ms); give it back with `release` once the flush is done. */
  acquire(deadline: number): FlushSignal {
    let shared = this.#byDeadline.get(deadline);
    if (shared === undefined) {
      const created = new FlushSignal(deadline);
      if (this.#stopped) created.controller.abort(stoppedError());
      else created.timer = this.#clock.setTimeout(() => this.#expire(created), deadline - this.#clock.now());
      this.#byDeadline.set(deadline, created);
      shared = created;
    }
    shared.holders++;
    return shared;
  }

  /** Gives back a signal from `acquire`; the last flush to give it back cancels its deadline timer. */
  release(shared: FlushSignal): void {
    if (--shared.holders > 0) return;
    this.#cancelTimer(shared);
    if (this.#byDeadline.get(shared.deadline) === shared) this.#byDeadline.delete(shared.deadline);
  }

  /** Aborts the signals of all flushes, running and future (reload, shutdown). */
  stop(): void {
    this.#stopped = true;
    const reason = stoppedError();
    for (const shared of this.#byDeadline.values()) {
      this.#cancelTimer(shared);
      shared.controller.abort(reason);
    }
  }

  #expire(shared: FlushSignal): void {
    shared.timer = undefined;
    // A flush starting later with this deadline gets a signal of its own, aborted at once.
    this.#byDeadline.delete(shared.deadline);
    shared.controller.abort(flushDeadlineExceeded());
  }

  #cancelTimer(shared: FlushSignal): void {
    if (shared.timer === undefined) return;
    this.#clock.clearTimeout(shared.timer);
    shared.timer = undefined;
  }
}

/**
 * The reason a flush's signal aborts at its deadline: a `TimeoutError`, as `AbortSignal.timeout`
 * gives, so the notification fails as `contextDeadlineExceeded` even when the timer fires a
 * millisecond before the wall clock reaches the deadline.
 */
export function flushDeadlineExceeded(): DOMException {
  return new DOMException('flush deadline exceeded', 'TimeoutError');
}

function stoppedError(): Error {
  return new Error('aggregation group stopped');
}
