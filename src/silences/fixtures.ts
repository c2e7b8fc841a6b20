import type { Clock, TimerHandle } from '../common/clock.ts';
import type { SilenceInput, SilenceMatcher } from './silence.ts';

/**
 * A clock moved by hand whose timers never fire.
 * @deprecated Use `FakeClock` from `src/common/fake-clock.ts` (`jump` is this `advance`); kept only
 * until bench/ switches to it.
 */
export class ManualClock implements Clock {
  #now: number;
  #nextId = 1;

  constructor(now = Date.UTC(2026, 0, 1)) {
    this.#now = now;
  }

  now(): number {
    return this.#now;
  }

  set(now: number): void {
    this.#now = now;
  }

  advance(ms: number): void {
    this.#now += ms;
  }

  setTimeout(): TimerHandle {
    return { id: this.#nextId++ };
  }

  clearTimeout(): void {}
}

/** An equality matcher `name="value"`. */
export function eq(name: string, value: string): SilenceMatcher {
  return { name, value, isRegex: false, isEqual: true };
}

/** A regex matcher `name=~"value"`. */
export function re(name: string, value: string): SilenceMatcher {
  return { name, value, isRegex: true, isEqual: true };
}

/** A silence input from `startsAt` to `endsAt` with the given matchers. */
export function silenceInput(
  matchers: readonly SilenceMatcher[],
  startsAt: number | undefined,
  endsAt: number,
  id?: string,
): SilenceInput {
  return { id, matchers, startsAt, endsAt, createdBy: 'tester', comment: 'test' };
}
