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

/** The wall clock, backed by the process's timers. */
export class SystemClock implements Clock {
  #timers = new Map<number, NodeJS.Timeout>();
  #nextId = 1;

  now(): number {
    return Date.now();
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const id = this.#nextId++;
    const timer = setTimeout(() => {
      this.#timers.delete(id);
      fn();
    }, Math.max(0, ms));
    this.#timers.set(id, timer);
    return { id };
  }

  clearTimeout(handle: TimerHandle): void {
    const timer = this.#timers.get(handle.id);
    if (timer !== undefined) {
      clearTimeout(timer);
      this.#timers.delete(handle.id);
    }
  }
}
