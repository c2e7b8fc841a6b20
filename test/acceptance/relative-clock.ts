import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Scenario time: seconds relative to a base instant, as in Alertmanager's acceptance harness.
 * The base is reset right after the servers are ready so slow start-ups do not eat the timeline.
 */
export class RelativeClock {
  #baseMs = Date.now();

  get baseMs(): number {
    return this.#baseMs;
  }

  resetBase(): void {
    this.#baseMs = Date.now();
  }

  /** Seconds since the base (may be negative before `resetBase`). */
  now(): number {
    return this.relative(Date.now());
  }

  relative(epochMs: number): number {
    return (epochMs - this.#baseMs) / 1000;
  }

  /** Epoch milliseconds of relative second `t`. */
  absolute(t: number): number {
    return this.#baseMs + t * 1000;
  }

  async sleepUntil(t: number): Promise<void> {
    const ms = this.absolute(t) - Date.now();
    if (ms > 0) await sleep(ms);
  }
}
