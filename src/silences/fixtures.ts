import type { SilenceInput, SilenceMatcher } from './silence.ts';

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
