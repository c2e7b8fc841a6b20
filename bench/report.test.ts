import assert from 'node:assert/strict';
import test from 'node:test';
import { combineRounds } from './report.ts';
import type { ReportRow } from './report.ts';

function row(label: string, tocsin: number, alertmanager: number, min?: number): ReportRow {
  const advantage = tocsin / alertmanager;
  return {
    label,
    unit: 'alerts/s',
    tocsin,
    alertmanager,
    advantage,
    censored: { tocsin: false, alertmanager: false },
    target: min === undefined ? undefined : { kind: 'advantage', min },
    pass: min === undefined ? undefined : advantage >= min,
  };
}

test('rounds combine into medians, the range of per-round advantages, and a verdict on the median round', () => {
  const rounds = [
    [row('ingest', 60, 30, 2), row('list', 10, 40)],
    [row('ingest', 50, 40, 2), row('list', 12, 36)],
    [row('ingest', 70, 28, 2), row('list', 11, 33)],
  ];
  const [ingest, list] = combineRounds(rounds);
  assert.equal(ingest?.tocsin, 60);
  assert.equal(ingest?.alertmanager, 30);
  // Per-round advantages 2, 1.25 and 2.5: the median round passes, though one round did not.
  assert.equal(ingest?.advantage, 2);
  assert.deepEqual(ingest?.advantageRange, [1.25, 2.5]);
  assert.equal(ingest?.pass, true);
  assert.equal(list?.tocsin, 11);
  assert.equal(list?.pass, undefined);
});

test('a single round keeps its row as it was, without a range', () => {
  const [only] = combineRounds([[row('burst', 3, 4, 1)]]);
  assert.equal(only?.advantage, 0.75);
  assert.equal(only?.advantageRange, undefined);
  assert.equal(only?.pass, false);
});

test('an even number of rounds takes the mean of the middle two', () => {
  const [r] = combineRounds([[row('x', 10, 10, 1)], [row('x', 20, 10, 1)]]);
  assert.equal(r?.tocsin, 15);
  assert.equal(r?.advantage, 1.5);
});
