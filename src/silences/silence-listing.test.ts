import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Matcher } from '../labels/matcher.ts';
import { eq, re } from './fixtures.ts';
import type { Silence } from './silence.ts';
import { silenceHasFilterMatchers, sortSilencesForListing } from './silence-listing.ts';

const NOW = 10_000;
function silence(id: string, startsAt: number, endsAt: number): Silence {
  return { id, matchers: [eq('job', 'a')], startsAt, endsAt, updatedAt: 0, createdBy: '', comment: '', expiresAt: endsAt };
}

test('listing order: active by soonest end, pending by soonest start, expired by latest end', () => {
  const list = [
    silence('expired-old', 0, 1000),
    silence('pending-late', 30_000, 40_000),
    silence('active-long', 0, 50_000),
    silence('expired-recent', 0, 9000),
    silence('active-short', 0, 20_000),
    silence('pending-soon', 12_000, 40_000),
    silence('ends-now', 0, NOW),
  ];
  assert.deepEqual(
    sortSilencesForListing(list, NOW).map((s) => s.id),
    ['active-short', 'active-long', 'pending-soon', 'pending-late', 'ends-now', 'expired-recent', 'expired-old'],
  );
});

test('filters compare matchers syntactically, not by evaluation', () => {
  const s = { ...silence('s', 0, 1), matchers: [eq('job', 'a'), re('env', 'prod|dev')] };
  assert.ok(silenceHasFilterMatchers(s, [Matcher.create('env', '=~', 'prod|dev')]));
  assert.ok(silenceHasFilterMatchers(s, [Matcher.create('job', '=', 'a'), Matcher.create('env', '=~', 'prod|dev')]));
  assert.ok(!silenceHasFilterMatchers(s, [Matcher.create('env', '=', 'prod')]));
  assert.ok(!silenceHasFilterMatchers(s, [Matcher.create('job', '!=', 'a')]));
  assert.ok(silenceHasFilterMatchers(s, []));
});
