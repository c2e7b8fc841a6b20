import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canUpdate } from './can-update.ts';
import { eq } from './fixtures.ts';

const NOW = Date.UTC(2026, 0, 1, 12);
const MIN = 60_000;
const matchers = [eq('job', 'a')];
const active = { matchers, startsAt: NOW - 10 * MIN + 123, endsAt: NOW + 60 * MIN };
const pending = { matchers, startsAt: NOW + 60 * MIN, endsAt: NOW + 120 * MIN };
const expired = { matchers, startsAt: NOW - 60 * MIN, endsAt: NOW - MIN };

// Update-in-place (true) or replace (false), as observed with Alertmanager 0.25 re-posting a silence with its id.
const cases: [string, typeof active, Partial<typeof active>, boolean][] = [
  ['active: extend end', active, { endsAt: NOW + 120 * MIN }, true],
  ['active: shorten end (still in the future)', active, { endsAt: NOW + 10 * MIN }, true],
  ['active: end exactly now', active, { endsAt: NOW }, true],
  ['active: end in the past', active, { endsAt: NOW - 1 }, false],
  ['active: matchers changed', active, { matchers: [eq('job', 'b')] }, false],
  ['active: extra matcher', active, { matchers: [eq('job', 'a'), eq('x', 'y')] }, false],
  ['active: start moved by one second', active, { startsAt: active.startsAt + 1000 }, false],
  ['active: start truncated to the second', active, { startsAt: Math.floor(active.startsAt / 1000) * 1000 }, true],
  ['active: start earlier', active, { startsAt: active.startsAt - MIN }, false],
  ['pending: start later', pending, { startsAt: NOW + 30 * MIN + 60 * MIN }, true],
  ['pending: start earlier but in the future', pending, { startsAt: NOW + 30 * MIN }, true],
  ['pending: start in the past', pending, { startsAt: NOW - 30 * MIN }, false],
  ['pending: end later', pending, { endsAt: NOW + 150 * MIN }, true],
  ['pending: matchers changed', pending, { matchers: [eq('job', 'q')] }, false],
  ['expired: anything', expired, { endsAt: NOW + 60 * MIN }, false],
];

for (const [name, prev, change, want] of cases) {
  test(`canUpdate ${name} → ${want ? 'in place' : 'replace'}`, () => {
    assert.equal(canUpdate(prev, { ...prev, ...change }, NOW), want);
  });
}
