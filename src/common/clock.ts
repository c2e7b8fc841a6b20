/** A source of time, injected wherever timers matter so tests can drive time without sleeping. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

export interface TimerHandle {
  readonly id: number;
}

/** A process timer, holding what `clearTimeout` needs: no table to find it in, no wrapper to keep one tidy. */
class SystemTimer implements TimerHandle {
  readonly id: number;
  readonly timeout: NodeJS.Timeout;

  constructor(id: number, timeout: NodeJS.Timeout) {
    this.id = id;
    this.timeout = timeout;
  }
}

/** The wall clock, backed by the process's timers. */
export class SystemClock implements Clock {
  #nextId = 1;

  now(): number {
    return Date.now();
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    return new SystemTimer(this.#nextId++, setTimeout(fn, Math.max(0, ms)));
  }

  clearTimeout(handle: TimerHandle): void {
    if (handle instanceof SystemTimer) clearTimeout(handle.timeout);
  }
}
