import { sameMatchers, silenceState } from './silence.ts';
import type { Silence, SilenceMatcher } from './silence.ts';

/**
 * Whether `prev` may be changed into `next` in place (same id) without rewriting history, by
 * Alertmanager's `canUpdate` rule: the matchers must be identical; an active silence must keep
 * its start (compared at second granularity) and must not end in the past; a pending silence
 * must not start in the past; an expired silence is never updated.
 */
export function canUpdate(
  prev: Pick<Silence, 'matchers' | 'startsAt' | 'endsAt'>,
  next: { readonly matchers: readonly SilenceMatcher[]; readonly startsAt: number; readonly endsAt: number },
  now: number,
): boolean {
  if (!sameMatchers(prev.matchers, next.matchers)) return false;
  switch (silenceState(prev, now)) {
    case 'active':
      return unixSeconds(prev.startsAt) === unixSeconds(next.startsAt) && next.endsAt >= now;
    case 'pending':
      return next.startsAt >= now;
    case 'expired':
      return false;
  }
}

function unixSeconds(ms: number): number {
  return Math.floor(ms / 1000);
}
