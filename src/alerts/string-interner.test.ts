import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Alert } from './alert.ts';
import { StringInterner } from './string-interner.ts';

const alert = (labels: Record<string, string>, annotations: Record<string, string>): Alert => ({
  fingerprint: 'f',
  labels,
  annotations,
  startsAt: 1,
  endsAt: 2,
  generatorURL: 'u',
  updatedAt: 1,
  timeout: false,
});

test('interning keeps every label and annotation, in order, __proto__ included', () => {
  const labels = JSON.parse('{"b":"2","__proto__":"p","a":"1"}') as Record<string, string>;
  const interned = new StringInterner(2).alert(alert(labels, { summary: 'same text' }));
  assert.deepEqual(Object.entries(interned.labels), [['b', '2'], ['__proto__', 'p'], ['a', '1']]);
  assert.equal(Object.getPrototypeOf(interned.labels), Object.prototype);
  assert.deepEqual(interned.annotations, { summary: 'same text' });
  assert.deepEqual({ ...interned, labels: {}, annotations: {} }, { ...alert({}, {}) });
  const frozen = Object.freeze({ a: 'x' });
  assert.equal(new StringInterner().alert(alert(frozen, {})).labels, frozen);
});

test('a full table starts over and keeps answering with equal strings', () => {
  const interner = new StringInterner(3);
  for (let i = 0; i < 10; i++) {
    const a = interner.alert(alert({ n: `value-${i}` }, { d: 'shared description' }));
    assert.equal(a.labels['n'], `value-${i}`);
    assert.equal(a.annotations['d'], 'shared description');
  }
});
