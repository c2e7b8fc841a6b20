import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareAlerts, compareLabelSets } from './alert-order.ts';
import { alertAt } from './fixtures.ts';

describe('compareLabelSets (prometheus/common LabelSet.Before)', () => {
  const cases: [Record<string, string>, Record<string, string>, number][] = [
    [{}, { a: '1' }, -1],
    [{ z: '1' }, { a: '1', b: '1' }, -1],
    // The set lacking the first name of the merged order comes first.
    [{ b: '1' }, { a: '1' }, -1],
    [{ a: '1', c: '1' }, { a: '1', b: '1' }, -1],
    [{ a: '1' }, { a: '2' }, -1],
    [{ a: 'B' }, { a: 'a' }, -1],
    [{ a: '\uffff' }, { a: '\u{1F642}' }, -1],
    [{ a: '1', b: '2' }, { b: '2', a: '1' }, 0],
  ];
  for (const [a, b, want] of cases) {
    it(`${JSON.stringify(a)} vs ${JSON.stringify(b)}`, () => {
      assert.equal(Math.sign(compareLabelSets(a, b)), want);
      assert.equal(Math.sign(compareLabelSets(b, a)), 0 - want);
    });
  }
});

describe('compareAlerts (AlertSlice.Less)', () => {
  it('orders by job, then instance (alerts having them first), then label sets', () => {
    const names = (ls: Record<string, string>[]) =>
      ls
        .map((l) => alertAt(l, 0))
        .sort(compareAlerts)
        .map((a) => a.labels['n']);
    assert.deepEqual(
      names([
        { n: '1' },
        { n: '2', instance: 'a' },
        { n: '3', job: 'b' },
        { n: '4', job: 'a', instance: 'z' },
        { n: '5', job: 'a', instance: 'y' },
        { n: '6', job: 'a' },
        { n: '0' },
      ]),
      ['5', '4', '6', '3', '2', '0', '1'],
    );
  });
});
