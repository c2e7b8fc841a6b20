import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Matcher, matchesLabels } from '../labels/matcher.ts';
import type { LabelSet } from '../labels/label-set.ts';
import { SilenceMatchIndex } from './match-index.ts';
import { prng } from '../common/prng.ts';
import { randomLabels, randomMatchers } from './random-silences.ts';
import { matcherOperator } from './silence.ts';
import type { Silence } from './silence.ts';

function bruteForce(silences: Iterable<Silence>, labels: LabelSet): string[] {
  const out: string[] = [];
  for (const s of silences) {
    const matchers = s.matchers.map((m) => Matcher.create(m.name, matcherOperator(m), m.value));
    if (matchesLabels(matchers, labels)) out.push(s.id);
  }
  return out.sort();
}

function indexed(index: SilenceMatchIndex, labels: LabelSet): string[] {
  const out: string[] = [];
  index.forEachMatch(labels, (s) => out.push(s.id));
  return out.sort();
}

test('the matching index agrees with a brute-force scan over 3,000 random silences with churn', () => {
  const rand = prng(42);
  const index = new SilenceMatchIndex();
  const live = new Map<string, Silence>();
  for (let i = 0; i < 3000; i++) {
    const s: Silence = {
      id: `s${i}`,
      matchers: randomMatchers(rand),
      startsAt: 0,
      endsAt: 1,
      updatedAt: 0,
      createdBy: '',
      comment: '',
      expiresAt: 2,
    };
    index.add(s);
    live.set(s.id, s);
    // Remove or re-add some to exercise bucket maintenance.
    if (rand() < 0.2) {
      const victim = `s${Math.floor(rand() * (i + 1))}`;
      index.remove(victim);
      live.delete(victim);
    }
  }
  assert.equal(index.size, live.size);
  assert.ok(index.unanchoredCount < live.size / 2, `most silences are anchored (${index.unanchoredCount} of ${live.size} are not)`);
  let nonEmpty = 0;
  for (let i = 0; i < 2000; i++) {
    const labels = randomLabels(rand);
    const want = bruteForce(live.values(), labels);
    assert.deepEqual(indexed(index, labels), want, `labels ${JSON.stringify(labels)}`);
    for (const id of want.slice(0, 3)) assert.ok(index.matches(id, labels));
    if (want.length > 0) nonEmpty++;
  }
  assert.ok(nonEmpty > 500, 'the vocabulary produces matches');
});

test('a literal alternation is filed under each of its values, an open regex is scanned', () => {
  const index = new SilenceMatchIndex();
  const base = { startsAt: 0, endsAt: 1, updatedAt: 0, createdBy: '', comment: '', expiresAt: 2 };
  index.add({ ...base, id: 'alt', matchers: [{ name: 'instance', value: 'web-1|web-2', isRegex: true, isEqual: true }] });
  index.add({ ...base, id: 'open', matchers: [{ name: 'instance', value: 'web-.*', isRegex: true, isEqual: true }] });
  assert.equal(index.unanchoredCount, 1);
  assert.deepEqual(indexed(index, { instance: 'web-2' }), ['alt', 'open']);
  assert.deepEqual(indexed(index, { instance: 'web-3' }), ['open']);
  index.remove('alt');
  assert.deepEqual(indexed(index, { instance: 'web-2' }), ['open']);
});
