import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fingerprint } from '../labels/label-set.ts';
import { ingestAlert } from './ingest.ts';
import type { PostableAlert } from './ingest.ts';
import { GO_ZERO_TIME_MS } from './timestamps.ts';

const NOW = Date.UTC(2026, 10, 21, 1, 43, 22, 710);
const MIN = 60_000;
const options = { now: NOW, resolveTimeoutMs: 5 * MIN, labelNameMode: 'classic' } as const;

// Expected values observed with Alertmanager 0.25 (resolve_timeout 5m) for the same posts.
describe('ingestAlert defaults', () => {
  const cases: [string, PostableAlert, { startsAt: number; endsAt: number; timeout: boolean }][] = [
    ['no times: starts now, ends now + resolve_timeout', { labels: { alertname: 'a' } }, { startsAt: NOW, endsAt: NOW + 5 * MIN, timeout: true }],
    [
      "Go's zero time counts as unset",
      { labels: { alertname: 'a' }, startsAt: GO_ZERO_TIME_MS, endsAt: GO_ZERO_TIME_MS },
      { startsAt: NOW, endsAt: NOW + 5 * MIN, timeout: true },
    ],
    ['only endsAt: startsAt becomes endsAt', { labels: { alertname: 'a' }, endsAt: NOW + 10 * MIN }, { startsAt: NOW + 10 * MIN, endsAt: NOW + 10 * MIN, timeout: false }],
    ['only startsAt: endsAt from resolve_timeout', { labels: { alertname: 'a' }, startsAt: NOW - 10 * MIN }, { startsAt: NOW - 10 * MIN, endsAt: NOW + 5 * MIN, timeout: true }],
    ['the Unix epoch is a real (resolved) time, not unset', { labels: { alertname: 'a' }, endsAt: 0 }, { startsAt: 0, endsAt: 0, timeout: false }],
  ];
  for (const [name, input, want] of cases) {
    test(name, () => {
      const result = ingestAlert(input, options);
      assert.ok(result.ok);
      const { startsAt, endsAt, timeout, updatedAt } = result.alert;
      assert.deepEqual({ startsAt, endsAt, timeout }, want);
      assert.equal(updatedAt, NOW);
    });
  }

  test('drops empty label values before computing the fingerprint', () => {
    const result = ingestAlert({ labels: { alertname: 'emptyLabel', x: '' } }, options);
    assert.ok(result.ok);
    assert.deepEqual(result.alert.labels, { alertname: 'emptyLabel' });
    assert.equal(result.alert.fingerprint, fingerprint({ alertname: 'emptyLabel' }));
    assert.equal(result.alert.fingerprint, 'dd6da1e21d077b87');
  });
});

describe('ingestAlert validation messages (Alertmanager 0.25)', () => {
  const cases: [string, PostableAlert, string][] = [
    ['end before start', { labels: { alertname: 'a' }, startsAt: NOW - MIN, endsAt: NOW - 2 * MIN }, 'start time must be before end time'],
    ['only empty labels', { labels: { x: '' } }, 'at least one label pair required'],
    ['no labels', { labels: {} }, 'at least one label pair required'],
    ['bad label name', { labels: { alertname: 'a', '0bad': 'v' } }, 'invalid label set: invalid name "0bad"'],
    ['bad annotation name', { labels: { alertname: 'a' }, annotations: { 'a-b': 'v' } }, 'invalid annotations: invalid name "a-b"'],
    ['bad annotation name with an empty value', { labels: { alertname: 'a' }, annotations: { 'a-b': '' } }, 'invalid annotations: invalid name "a-b"'],
    ['a bad name comes before no labels', { labels: { '0bad': 'v', x: '' } }, 'invalid label set: invalid name "0bad"'],
    ['lone surrogate value', { labels: { alertname: 'a', v: 'x\ud800' } }, 'invalid label set: invalid value "x\ufffd"'],
  ];
  for (const [name, input, message] of cases) {
    test(name, () => {
      assert.deepEqual(ingestAlert(input, options), { ok: false, error: message });
    });
  }

  test('a bad label name with an empty value is dropped before validation', () => {
    const result = ingestAlert({ labels: { alertname: 'a', '0bad': '' } }, options);
    assert.ok(result.ok);
    assert.deepEqual(result.alert.labels, { alertname: 'a' });
  });

  test('UTF-8 label names are accepted outside classic mode', () => {
    assert.ok(ingestAlert({ labels: { 'a-b': 'v' } }, { ...options, labelNameMode: 'fallback' }).ok);
  });
});

test('a label named __proto__ is an ordinary label and part of the fingerprint', () => {
  const labels = JSON.parse('{"alertname":"A","__proto__":"x"}') as Record<string, string>;
  const result = ingestAlert({ labels }, options);
  assert.ok(result.ok);
  assert.deepEqual(Object.keys(result.alert.labels).sort(), ['__proto__', 'alertname']);
  assert.notEqual(result.alert.fingerprint, fingerprint({ alertname: 'A' }));
});
