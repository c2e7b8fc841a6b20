import { RE2JS } from 're2js';
import { goQuote } from '../labels/go-quote.ts';
import { isValidLabelName } from '../labels/parse.ts';
import type { MatcherMode } from '../labels/parse.ts';
import { isUnsetTime } from '../alerts/timestamps.ts';
import type { Silence, SilenceMatcher } from './silence.ts';

const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/**
 * Checks one matcher as Alertmanager's `validateMatcher` does and returns the reason it is
 * invalid, or undefined. Regular expressions are compiled unanchored with RE2, so the error text
 * is Go's (`error parsing regexp: missing closing ): ...`).
 */
export function validateSilenceMatcher(m: SilenceMatcher, mode: MatcherMode): string | undefined {
  if (!isValidLabelName(m.name, mode)) return `invalid label name ${goQuote(m.name)}`;
  if (!m.isRegex) {
    return LONE_SURROGATE.test(m.value) ? `invalid label value ${goQuote(m.value)}` : undefined;
  }
  try {
    RE2JS.compile(m.value);
    return undefined;
  } catch (error) {
    return `invalid regular expression ${goQuote(m.value)}: ${(error as Error).message}`;
  }
}

// API v2 silences carry exactly one matcher set, which Alertmanager 0.34 numbers 0 in its messages.
const SET = 0;

/**
 * Checks a silence as Alertmanager 0.34's `validateSilence` does and returns the reason (without
 * the `invalid silence: ` prefix the store adds), or undefined when it is valid. `startsAt` must
 * already be defaulted.
 */
export function validateSilence(
  silence: Pick<Silence, 'matchers' | 'startsAt' | 'endsAt'>,
  mode: MatcherMode,
): string | undefined {
  if (silence.matchers.length === 0) return `matcher set ${SET} is empty`;
  let allMatchEmpty = true;
  for (let i = 0; i < silence.matchers.length; i++) {
    const m = silence.matchers[i] as SilenceMatcher;
    const reason = validateSilenceMatcher(m, mode);
    if (reason !== undefined) return `invalid label matcher ${i} in set ${SET}: ${reason}`;
    allMatchEmpty &&= matchesEmpty(m);
  }
  if (allMatchEmpty) return `matcher set ${SET}: at least one matcher must not match the empty string`;
  if (isUnsetTime(silence.endsAt)) return 'invalid zero end timestamp';
  if (silence.endsAt < silence.startsAt) return 'end time must not be before start time';
  return undefined;
}

/**
 * The checks API v2's postSilences handler makes before storing, with its messages:
 * the start must be before the end, and the end must not be in the past.
 */
export function validatePostedSilenceTimes(startsAt: number, endsAt: number, now: number): string | undefined {
  if (startsAt >= endsAt) return 'Failed to create silence: start time must be before end time';
  if (endsAt < now) return "Failed to create silence: end time can't be in the past";
  return undefined;
}

function matchesEmpty(m: SilenceMatcher): boolean {
  if (!m.isEqual) return false;
  if (!m.isRegex) return m.value === '';
  // Go's regexp.MatchString is unanchored; on the empty string that is the same as anchored.
  return RE2JS.compile(m.value).matcher('').find();
}
