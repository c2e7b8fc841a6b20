import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Alert } from './alert.ts';
import { activityOverlaps, combineAlerts, mergeAlerts } from './merge.ts';

const NOW = Date.UTC(2026, 0, 1);
const MIN = 60_000;

function alert(startsAt: number, endsAt: number, updatedAt: number, timeout = false, note = ''): Alert {
  return {
    fingerprint: 'f',
    labels: { alertname: 'A' },
    annotations: { note },
    startsAt: NOW + startsAt * MIN,
    endsAt: NOW + endsAt * MIN,
    generatorURL: '',
    updatedAt: NOW + updatedAt * MIN,
    timeout,
  };
}

// The exhaustive comparison with Alertmanager's own code is in merge-go-parity.test.ts;
// these cases name the rules.
test('a re-sent firing alert keeps the earliest start and takes the newer annotations', () => {
  const merged = combineAlerts(alert(-10, 5, -10, true, 'old'), alert(-1, 10, -1, true, 'new'), NOW);
  assert.equal(merged.startsAt, NOW - 10 * MIN);
  assert.equal(merged.endsAt, NOW + 10 * MIN);
  assert.equal(merged.annotations['note'], 'new');
});

test('a later explicit endsAt of the older alert wins over a younger firing one, a timeout one does not', () => {
  assert.equal(mergeAlerts(alert(-10, 20, -2), alert(-5, 10, -1), NOW).endsAt, NOW + 20 * MIN);
  assert.equal(mergeAlerts(alert(-10, 20, -2, true), alert(-5, 10, -1), NOW).endsAt, NOW + 10 * MIN);
});

test('when both are resolved the latest endsAt wins', () => {
  assert.equal(mergeAlerts(alert(-20, -5, -2), alert(-20, -10, -1), NOW).endsAt, NOW - 5 * MIN);
});

test('a resolve for a firing alert sticks even if the older endsAt is later', () => {
  assert.equal(mergeAlerts(alert(-20, 10, -2), alert(-20, -1, -1), NOW).endsAt, NOW - MIN);
});

test('merging is symmetric in argument order: the later updatedAt decides', () => {
  const older = alert(-10, 5, -2, false, 'old');
  const younger = alert(-5, 10, -1, false, 'new');
  assert.deepEqual(mergeAlerts(older, younger, NOW), mergeAlerts(younger, older, NOW));
});

test('a re-fire after resolution does not overlap and replaces the stored alert', () => {
  const stored = alert(-30, -10, -10);
  const refire = alert(-1, 4, -1, true);
  assert.equal(activityOverlaps(stored, refire), false);
  assert.deepEqual(combineAlerts(stored, refire, NOW), refire);
});

test('an incoming range that covers the stored one entirely replaces it (Alertmanager quirk)', () => {
  const stored = alert(-5, 5, -2);
  const covering = alert(-10, 10, -1);
  assert.equal(activityOverlaps(stored, covering), false);
  assert.deepEqual(combineAlerts(stored, covering, NOW), covering);
});

test('a re-sent alert keeps the stored label and annotation objects when they are equal', () => {
  const stored = alert(-30, 10, -10);
  const resent = { ...alert(-30, 15, -1), labels: { ...stored.labels }, annotations: { ...stored.annotations } };
  const kept = combineAlerts(stored, resent, NOW);
  assert.equal(kept.labels, stored.labels);
  assert.equal(kept.annotations, stored.annotations);
  assert.equal(kept.endsAt, resent.endsAt);
  const changed = { ...resent, annotations: { ...stored.annotations, extra: 'x' } };
  assert.equal(combineAlerts(stored, changed, NOW).annotations, changed.annotations);
  const fewer = { ...resent, annotations: {} };
  assert.deepEqual(combineAlerts(stored, fewer, NOW).annotations, {});
});
