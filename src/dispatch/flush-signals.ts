import { setMaxListeners } from 'node:events';
import type { Clock, TimerHandle } from '../common/clock.ts';
import { TurnQueue } from '../common/turn-queue.ts';

/** Flushes that share one signal at most. */
const FLUSHES_PER_SIGNAL = 64;

/** The abort signal of up to 64 flushes due at one deadline; `FlushSignals` keeps its state. */
export class FlushSignal {
  readonly deadline: number;
  readonly controller = new AbortController();
  /** Flushes running with it. */
  holders = 0;
  /** Flushes handed it, running or done. */
  handedOut = 0;

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

/** The signals of the flushes due at one deadline, and its timer. */
interface Deadline {
  timer: TimerHandle | undefined;
  readonly signals: FlushSignal[];
}

/**
 * Hands out the abort signals of flushes. A Node AbortSignal costs over a kilobyte, and a burst
 * starts a dozen flushes within one millisecond, all due at the same deadline (same tick time, same
 * timeout): up to 64 flushes with equal deadlines share one signal, and all of a deadline's
 * signals one timer, while any of them runs. At the deadline the signals abort one per turn of the
 * event loop: a flush that fails runs its failure (retry stage, metrics, logs) in the turn of the
 * abort, and 5,000 flushes failing at one deadline held the event loop 0.4-0.5 s together.
 * Stopping aborts every signal at once, which is how a stopping dispatcher aborts its flushes.
 */
export class FlushSignals {
  readonly #clock: Clock;
  readonly #byDeadline = new Map<number, Deadline>();
  readonly #aborts = new TurnQueue({ perTurn: 1 });
  #stopped = false;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** The signal for a flush due at `deadline` (epoch ms); give it back with `release` once the flush is done. */
  acquire(deadline: number): FlushSignal {
    let due = this.#byDeadline.get(deadline);
    if (due === undefined) {
      const created: Deadline = { timer: undefined, signals: [] };
      if (!this.#stopped) created.timer = this.#clock.setTimeout(() => this.#expire(deadline, created), deadline - this.#clock.now());
      this.#byDeadline.set(deadline, created);
      due = created;
    }
    let shared = due.signals.at(-1);
    if (shared === undefined || shared.handedOut >= FLUSHES_PER_SIGNAL) {
      shared = new FlushSignal(deadline);
      if (this.#stopped) shared.controller.abort(stoppedError());
      due.signals.push(shared);
    }
    shared.holders++;
    shared.handedOut++;
    return shared;
  }

  /** Gives back a signal from `acquire`; the last flush of a deadline to give one back cancels its timer. */
  release(shared: FlushSignal): void {
    if (--shared.holders > 0) return;
    const due = this.#byDeadline.get(shared.deadline);
    // Past its deadline the signal is no longer tracked; a later one's entry holds other signals.
    const at = due?.signals.indexOf(shared) ?? -1;
    if (due === undefined || at < 0) return;
    due.signals.splice(at, 1);
    if (due.signals.length > 0) return;
    this.#cancelTimer(due);
    this.#byDeadline.delete(shared.deadline);
  }

  /** Aborts the signals of all flushes, running and future (reload, shutdown). */
  stop(): void {
    this.#stopped = true;
    const reason = stoppedError();
    for (const due of this.#byDeadline.values()) {
      this.#cancelTimer(due);
      for (const shared of due.signals) shared.controller.abort(reason);
    }
  }

  #expire(deadline: number, due: Deadline): void {
    due.timer = undefined;
    // A flush starting later with this deadline gets a signal of its own, aborted at once.
    if (this.#byDeadline.get(deadline) === due) this.#byDeadline.delete(deadline);
    for (const shared of due.signals) this.#aborts.enqueue(() => shared.controller.abort(flushDeadlineExceeded()));
  }

  #cancelTimer(due: Deadline): void {
    if (due.timer === undefined) return;
    this.#clock.clearTimeout(due.timer);
    due.timer = undefined;
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
