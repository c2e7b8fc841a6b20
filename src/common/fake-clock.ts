import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Clock, TimerHandle } from './clock.ts';

interface Timer {
  readonly id: number;
  readonly at: number;
  readonly fn: () => void;
}

/** Lets pending promise callbacks and `setImmediate` work (flushes, store deliveries) run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) await nextTurn();
}

/**
 * Calls `onTurn` once per turn of the event loop, from the next one on, until the function it
 * returns is called: tests see whether long work let the loop run meanwhile.
 */
export function everyTurn(onTurn: () => void): () => void {
  let running = true;
  const tick = (): void => {
    onTurn();
    if (running) setImmediate(tick);
  };
  setImmediate(tick);
  return () => {
    running = false;
  };
}

/**
 * A test clock whose timers fire only when the test advances time, each at its due time (the
 * clock reads that time while the callback runs), with async work settled in between. `set` and
 * `jump` move time at once without running timers, for code that only reads the time.
 */
export class FakeClock implements Clock {
  #now: number;
  #nextId = 1;
  /** Live timers by id; the heap may still hold cleared ones, skipped when popped. */
  readonly #live = new Map<number, Timer>();
  /** A binary min-heap by (due time, id). */
  readonly #heap: Timer[] = [];

  constructor(now = Date.UTC(2026, 0, 1)) {
    this.#now = now;
  }

  now(): number {
    return this.#now;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const timer = { id: this.#nextId++, at: this.#now + Math.max(0, ms), fn };
    this.#live.set(timer.id, timer);
    this.#push(timer);
    return { id: timer.id };
  }

  clearTimeout(handle: TimerHandle): void {
    this.#live.delete(handle.id);
  }

  /** Timers not yet fired or cleared. */
  get pending(): number {
    return this.#live.size;
  }

  /** Sets the time (also backwards) without running timers. */
  set(now: number): void {
    this.#now = now;
  }

  /** Moves the time by `ms` (also backwards) without running timers. */
  jump(ms: number): void {
    this.#now += ms;
  }

  /** Moves time forward by `ms`, firing due timers in order. */
  async advance(ms: number): Promise<void> {
    await this.advanceTo(this.#now + ms);
  }

  /** Moves time forward to `at`, firing due timers in order (ties in creation order). */
  async advanceTo(at: number): Promise<void> {
    await settle();
    for (;;) {
      while (this.#heap.length > 0 && !this.#live.has((this.#heap[0] as Timer).id)) this.#pop();
      const next = this.#heap[0];
      if (next === undefined || next.at > at) break;
      this.#pop();
      this.#live.delete(next.id);
      this.#now = Math.max(this.#now, next.at);
      next.fn();
      await settle();
    }
    this.#now = Math.max(this.#now, at);
  }

  #push(timer: Timer): void {
    const heap = this.#heap;
    heap.push(timer);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i] as Timer, heap[parent] as Timer)) break;
      [heap[i], heap[parent]] = [heap[parent] as Timer, heap[i] as Timer];
      i = parent;
    }
  }

  #pop(): void {
    const heap = this.#heap;
    const last = heap.pop() as Timer;
    if (heap.length === 0) return;
    heap[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let min = i;
      if (l < heap.length && before(heap[l] as Timer, heap[min] as Timer)) min = l;
      if (r < heap.length && before(heap[r] as Timer, heap[min] as Timer)) min = r;
      if (min === i) return;
      [heap[i], heap[min]] = [heap[min] as Timer, heap[i] as Timer];
      i = min;
    }
  }
}

function before(a: Timer, b: Timer): boolean {
  return a.at < b.at || (a.at === b.at && a.id < b.id);
}
