import { compileRegex, formatMatcher, matches } from './matchers.ts';
import type { Matcher } from './matchers.ts';
import type { Silence } from './types.ts';

export interface SilenceDraft {
  matchers: Matcher[];
  startsAt: string;
  endsAt: string;
  createdBy: string;
  comment: string;
}

export type DraftErrors = Partial<Record<'matchers' | 'startsAt' | 'endsAt' | 'createdBy' | 'comment', string>> & { matcher?: Record<number, string> };

/** Field errors as Alertmanager's `validateSilence` and the API would raise them, before posting. */
export function validateDraft(d: SilenceDraft, now = Date.now()): DraftErrors {
  const errors: DraftErrors = {};
  const perMatcher: Record<number, string> = {};
  d.matchers.forEach((m, i) => {
    if (m.name.trim() === '') perMatcher[i] = 'A label name is required.';
    else if (m.op.includes('~')) {
      try {
        compileRegex(m.value);
      } catch (err) {
        perMatcher[i] = `Invalid regular expression: ${(err as Error).message.replace(/^Invalid regular expression: /, '')}`;
      }
    }
  });
  if (Object.keys(perMatcher).length > 0) errors.matcher = perMatcher;
  else if (d.matchers.length === 0) errors.matchers = 'Add at least one matcher.';
  else if (d.matchers.every((m) => matches(m, {}))) errors.matchers = 'At least one matcher must not match the empty string, or the silence would mute every alert.';
  const start = Date.parse(d.startsAt);
  const end = Date.parse(d.endsAt);
  if (Number.isNaN(start)) errors.startsAt = 'A start time is required.';
  if (Number.isNaN(end)) errors.endsAt = 'An end time is required.';
  else if (end <= now) errors.endsAt = 'The end time must be in the future.';
  else if (!Number.isNaN(start) && end <= start) errors.endsAt = 'The end time must be after the start time.';
  if (d.createdBy.trim() === '') errors.createdBy = 'Say who is creating the silence.';
  if (d.comment.trim() === '') errors.comment = 'Say why (a ticket or incident link helps the next person).';
  return errors;
}

export function hasErrors(e: DraftErrors): boolean {
  return Object.keys(e).length > 0;
}

function matcherSet(ms: readonly Matcher[]): string {
  return ms.map(formatMatcher).sort().join('\n');
}

/**
 * What posting an edit of `prev` does, by Alertmanager's `canUpdate`: updated in place, or a new
 * silence created and the old one expired (undefined reason: in place).
 */
export function replaceReason(prev: Silence, d: SilenceDraft, prevMatchers: readonly Matcher[], now = Date.now()): string | undefined {
  if (prev.status.state === 'expired') return 'The silence has expired, so saving creates a new silence (the old one stays in the history).';
  if (matcherSet(prevMatchers) !== matcherSet(d.matchers))
    return 'The matchers changed, so saving creates a new silence with a new ID and expires the current one.';
  const start = Date.parse(d.startsAt);
  if (prev.status.state === 'active' && Math.floor(start / 1000) !== Math.floor(Date.parse(prev.startsAt) / 1000))
    return 'The start time of an active silence changed, so saving creates a new silence and expires the current one.';
  if (prev.status.state === 'pending' && start < now) return 'The new start time is in the past, so saving creates a new silence and expires the pending one.';
  return undefined;
}
