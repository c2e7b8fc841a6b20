import assert from 'node:assert/strict';
import test from 'node:test';
import { timeEquals } from './check.ts';
import type { ActionRun } from './check.ts';
import { RelativeClock } from './relative-clock.ts';

const clock = new RelativeClock();
const at = (t: number, lateMs = 0): number => clock.absolute(t) + lateMs;
const match = (runs: ActionRun[]) => ({ clock, toleranceMs: 150, runs });

test('a received time matches within the tolerance of the expected second', () => {
  assert.ok(timeEquals(7, at(7, 150), match([])));
  assert.ok(timeEquals(7, at(7, -150), match([])));
  assert.ok(!timeEquals(7, at(7, 151), match([])));
});

test('a time stamped while a late action ran matches that action’s second, and only its own', () => {
  const late: ActionRun = { at: 7, startMs: at(7, 200), endMs: at(7, 230) };
  assert.ok(timeEquals(7, at(7, 218), match([late])));
  assert.ok(timeEquals(7, at(7, 380), match([late])), 'within the tolerance after the run ended');
  assert.ok(!timeEquals(7, at(7, 381), match([late])), 'beyond the run and the tolerance');
  assert.ok(!timeEquals(6, at(6, 1_218), match([late])), 'another second gains nothing from it');
  assert.ok(!timeEquals(8, at(7, 218), match([late])));
});

test('Go’s zero time matches only an absent received time', () => {
  assert.ok(timeEquals(0, undefined, match([])));
  assert.ok(!timeEquals(0, at(0), match([])));
  assert.ok(!timeEquals(5, undefined, match([])));
});
