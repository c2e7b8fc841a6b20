import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Alert } from '../alerts/alert.ts';
import { GO_ZERO_TIME_MS } from '../alerts/timestamps.ts';
import type { Integration, NotificationContext, Notifier } from './notifier.ts';
import { NotifyError } from './notify-error.ts';
import { defaultTestAlert, testReceiver } from './receiver-test.ts';

const NOW = Date.UTC(2026, 10, 21, 3, 0, 0);

function integration(name: string, index: number, notify: Notifier['notify']): Integration {
  return { name, index, receiver: 'team', sendResolved: true, notifier: { notify } };
}

describe('testReceiver', () => {
  test('notifies every integration once with the default alert, reason "first notification", in order', async () => {
    const seen: { ctx: NotificationContext; alerts: readonly Alert[] }[] = [];
    const record: Notifier['notify'] = async (ctx, alerts) => void seen.push({ ctx, alerts });
    const results = await testReceiver({
      receiver: 'team',
      integrations: [integration('webhook', 0, record), integration('webhook', 1, record)],
      alerts: [defaultTestAlert({ severity: 'none' })],
      now: NOW,
    });
    assert.deepEqual(results.map((r) => [r.integration, r.status, r.error]), [
      ['webhook[0]', 'ok', undefined],
      ['webhook[1]', 'ok', undefined],
    ]);
    assert.equal(seen.length, 2);
    const { ctx, alerts } = seen[0] as (typeof seen)[number];
    assert.equal(ctx.reason, 'first notification');
    assert.equal(ctx.flush.receiver, 'team');
    assert.equal(ctx.flush.now, NOW);
    assert.equal(ctx.flush.deadline, NOW + 10_000);
    assert.deepEqual(ctx.flush.groupLabels, { alertname: 'TestAlert', instance: 'tocsin', severity: 'none' });
    assert.equal(alerts.length, 1);
    const [alert] = alerts as [Alert];
    assert.deepEqual(alert.labels, { alertname: 'TestAlert', instance: 'tocsin', severity: 'none' });
    assert.equal(alert.annotations['summary'], 'Notification test');
    assert.equal(alert.startsAt, NOW);
    assert.equal(alert.endsAt, GO_ZERO_TIME_MS, 'firing: endsAt unset, as the dispatcher hands alerts over');
  });

  test('a failing integration is a result, the others still succeed', async () => {
    const results = await testReceiver({
      receiver: 'team',
      integrations: [
        integration('webhook', 0, async () => {
          throw new NotifyError('unexpected status code 500', { retryable: true, statusCode: 500 });
        }),
        integration('slack', 0, async () => {}),
      ],
      alerts: [defaultTestAlert()],
      now: NOW,
    });
    assert.deepEqual(results.map((r) => [r.integration, r.status, r.error]), [
      ['webhook[0]', 'failed', 'unexpected status code 500'],
      ['slack[0]', 'ok', undefined],
    ]);
  });

  test('the deadline aborts a hanging integration; durations are measured per integration', async () => {
    let tick = 0;
    const results = await testReceiver({
      receiver: 'team',
      integrations: [
        integration('webhook', 0, (ctx) => new Promise((_resolve, reject) => ctx.signal.addEventListener('abort', () => reject(new Error('aborted'))))),
      ],
      alerts: [defaultTestAlert()],
      now: NOW,
      timeoutMs: 20,
      elapsed: () => (tick += 7),
    });
    assert.deepEqual(results, [{ integration: 'webhook[0]', status: 'failed', error: 'aborted', durationMs: 7 }]);
  });

  test('several alerts: group labels are the pairs they share', async () => {
    let groupLabels = {};
    await testReceiver({
      receiver: 'team',
      integrations: [integration('webhook', 0, async (ctx) => void (groupLabels = ctx.flush.groupLabels))],
      alerts: [{ labels: { alertname: 'A', env: 'prod' } }, { labels: { alertname: 'B', env: 'prod' } }],
      now: NOW,
    });
    assert.deepEqual(groupLabels, { env: 'prod' });
  });
});
