import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Registry } from 'prom-client';
import { FakeClock } from '../common/fake-clock.ts';
import { alertAt } from '../dispatch/fixtures.ts';
import { AlertStoreMetrics } from './alert-store-metrics.ts';
import { MemoryAlertStore } from './memory-alert-store.ts';

async function limitedStore(alertNamesInMetrics: boolean) {
  const clock = new FakeClock();
  const registry = new Registry();
  const warnings: Array<[object, string]> = [];
  const store = new MemoryAlertStore({
    clock,
    perAlertNameLimit: 2,
    metrics: new AlertStoreMetrics(registry, { perAlertNameLimit: 2, alertNamesInMetrics }),
    logger: { info: () => undefined, warn: (fields, message) => warnings.push([fields, message]) },
  });
  const now = clock.now();
  const { limited } = await store.put(['a', 'b', 'c'].map((instance) => alertAt({ alertname: 'Busy', instance }, now)));
  assert.equal(limited.length, 1);
  return { text: await registry.metrics(), warnings };
}

test('the limit is shown and each refused alert counted and logged, as Alertmanager 0.34 does', async () => {
  const { text, warnings } = await limitedStore(false);
  assert.match(text, /^# HELP alertmanager_alerts_per_alert_limit Current limit on number of alerts per alert name$/m);
  assert.match(text, /^alertmanager_alerts_per_alert_limit 2$/m);
  assert.match(text, /^# HELP alertmanager_alerts_limited_total Total number of alerts that were dropped due to per alert name limit$/m);
  assert.match(text, /^# TYPE alertmanager_alerts_limited_total counter$/m);
  assert.match(text, /^alertmanager_alerts_limited_total 1$/m);
  assert.deepEqual(warnings, [[{ alertname: 'Busy', err: 'alert limited' }, 'error on set alert']]);
});

test('with alert-names-in-metrics the count is per alertname', async () => {
  const { text } = await limitedStore(true);
  assert.match(text, /^alertmanager_alerts_limited_total\{alertname="Busy"\} 1$/m);
});
