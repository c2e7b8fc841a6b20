import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { eq, re } from './fixtures.ts';
import type { SilenceMatcher } from './silence.ts';
import { validatePostedSilenceTimes, validateSilence } from './validate.ts';
import { GO_ZERO_TIME_MS } from '../alerts/timestamps.ts';

const T = Date.UTC(2026, 0, 1);
const HOUR = 3_600_000;
const ne = (name: string, value: string): SilenceMatcher => ({ name, value, isRegex: false, isEqual: false });

// Reasons as Alertmanager 0.34's validateSilence words them for API v2's single matcher set
// (silence/silence.go; the store prefixes "invalid silence: "). 0.25 said "silence invalid: " and
// had no set: "invalid label matcher 0: …", "at least one matcher must not match the empty string",
// "at least one matcher required".
describe('validateSilence messages', () => {
  const cases: [string, SilenceMatcher[], string | undefined][] = [
    ['equality with empty value only', [eq('a', '')], 'matcher set 0: at least one matcher must not match the empty string'],
    ['regex matching the empty string only', [re('a', '.*')], 'matcher set 0: at least one matcher must not match the empty string'],
    ['a negative matcher does not match the empty string', [ne('a', 'b')], undefined],
    ['bad label name', [eq('0bad', 'b')], 'invalid label matcher 0 in set 0: invalid label name "0bad"'],
    ['the index of the bad matcher is reported', [eq('a', 'b'), eq('a-b', 'b')], 'invalid label matcher 1 in set 0: invalid label name "a-b"'],
    ['unbalanced paren', [re('a', '(')], 'invalid label matcher 0 in set 0: invalid regular expression "(": error parsing regexp: missing closing ): `(`'],
    ['unbalanced bracket', [re('a', 'a[')], 'invalid label matcher 0 in set 0: invalid regular expression "a[": error parsing regexp: missing closing ]: `[`'],
    ['nested repetition', [re('a', 'a**')], 'invalid label matcher 0 in set 0: invalid regular expression "a**": error parsing regexp: invalid nested repetition operator: `**`'],
    ['UTF-8 name in classic mode', [eq('é', 'b')], 'invalid label matcher 0 in set 0: invalid label name "é"'],
    ['no matchers', [], 'matcher set 0 is empty'],
  ];
  for (const [name, matchers, want] of cases) {
    test(name, () => {
      assert.equal(validateSilence({ matchers, startsAt: T, endsAt: T + HOUR }, 'classic'), want);
    });
  }

  test('UTF-8 label names are valid outside classic mode', () => {
    assert.equal(validateSilence({ matchers: [eq('é', 'b')], startsAt: T, endsAt: T + HOUR }, 'fallback'), undefined);
  });

  test('time checks', () => {
    const matchers = [eq('a', 'b')];
    assert.equal(validateSilence({ matchers, startsAt: T, endsAt: T - 1 }, 'classic'), 'end time must not be before start time');
    assert.equal(validateSilence({ matchers, startsAt: T, endsAt: GO_ZERO_TIME_MS }, 'classic'), 'invalid zero end timestamp');
    assert.equal(validateSilence({ matchers, startsAt: T, endsAt: T }, 'classic'), undefined);
  });
});

describe('validatePostedSilenceTimes (API handler checks)', () => {
  test('start must be before end', () => {
    assert.equal(validatePostedSilenceTimes(T + HOUR, T + HOUR, T), 'Failed to create silence: start time must be before end time');
  });
  test('end must not be in the past', () => {
    assert.equal(validatePostedSilenceTimes(T - 2 * HOUR, T - HOUR, T), "Failed to create silence: end time can't be in the past");
  });
  test('valid times pass', () => {
    assert.equal(validatePostedSilenceTimes(T - HOUR, T + HOUR, T), undefined);
  });
});
