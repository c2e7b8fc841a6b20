import type { Matcher } from '../labels/matcher.ts';
import { currentSilenceState, matcherOperator } from './silence.ts';
import type { Silence, SilenceState } from './silence.ts';

const STATE_ORDER: Readonly<Record<SilenceState, number>> = { active: 1, pending: 2, expired: 3 };

/**
 * Orders silences as API v2's getSilences lists them (`SortSilences`): active first by `endsAt`
 * ascending (next to end first), then pending by `startsAt` ascending, then expired by `endsAt`
 * descending (most recently ended first). States are the API's (`currentSilenceState`) at `now`.
 */
export function sortSilencesForListing(silences: readonly Silence[], now: number): Silence[] {
  const keyed = silences.map((s) => ({ s, state: currentSilenceState(s, now) }));
  keyed.sort((a, b) => {
    if (a.state !== b.state) return STATE_ORDER[a.state] - STATE_ORDER[b.state];
    if (a.state === 'active') return a.s.endsAt - b.s.endsAt;
    if (a.state === 'pending') return a.s.startsAt - b.s.startsAt;
    return b.s.endsAt - a.s.endsAt;
  });
  return keyed.map((k) => k.s);
}

/**
 * API v2's `filter` semantics for silences (`CheckSilenceMatchesFilterLabels`): not label
 * evaluation but syntax — every filter matcher must appear in the silence with the same name,
 * operator and value.
 */
export function silenceHasFilterMatchers(silence: Silence, filter: readonly Matcher[]): boolean {
  return filter.every((f) =>
    silence.matchers.some((m) => m.name === f.name && m.value === f.value && matcherOperator(m) === f.type),
  );
}
