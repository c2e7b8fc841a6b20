import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Alert } from '../../alerts/alert.ts';
import { forgetRenderedAlerts, gettableAlertJson } from './alert-json.ts';

const alert: Alert = {
  fingerprint: '0123456789abcdef',
  labels: { alertname: 'Down', instance: 'a:9100' },
  annotations: { summary: 'down' },
  startsAt: Date.UTC(2026, 0, 1),
  endsAt: Date.UTC(2026, 0, 1, 0, 5),
  generatorURL: 'http://prometheus/graph',
  updatedAt: Date.UTC(2026, 0, 1),
  timeout: false,
};
const ACTIVE = '{"inhibitedBy":[],"mutedBy":[],"silencedBy":[],"state":"active"}';
const SILENCED = '{"inhibitedBy":[],"mutedBy":[],"silencedBy":["s1"],"state":"suppressed"}';
const RECEIVERS = '[{"name":"team"}]';

test('a rendering is reused while receivers and status stay the same, and rewritten when they change', () => {
  const first = gettableAlertJson(alert, RECEIVERS, ACTIVE);
  assert.equal(gettableAlertJson(alert, RECEIVERS, ACTIVE), first);
  const silenced = gettableAlertJson(alert, RECEIVERS, SILENCED);
  assert.deepEqual(JSON.parse(silenced.toString('utf8')), { ...JSON.parse(first.toString('utf8')), status: JSON.parse(SILENCED) });
});

test('forgetting the renderings renders the same JSON again', () => {
  const before = gettableAlertJson(alert, RECEIVERS, ACTIVE);
  forgetRenderedAlerts();
  const after = gettableAlertJson(alert, RECEIVERS, ACTIVE);
  assert.notEqual(after, before);
  assert.equal(after.toString('utf8'), before.toString('utf8'));
  assert.deepEqual(JSON.parse(after.toString('utf8')), {
    annotations: { summary: 'down' },
    endsAt: '2026-01-01T00:05:00.000Z',
    fingerprint: '0123456789abcdef',
    receivers: [{ name: 'team' }],
    startsAt: '2026-01-01T00:00:00.000Z',
    status: JSON.parse(ACTIVE),
    updatedAt: '2026-01-01T00:00:00.000Z',
    generatorURL: 'http://prometheus/graph',
    labels: { alertname: 'Down', instance: 'a:9100' },
  });
});
