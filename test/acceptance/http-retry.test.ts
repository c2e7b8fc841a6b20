// Tocsin's own: real HTTP failures, unlike upstream's TestRetry whose webhook always answers 200.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { alert, between, oneFlushConfig } from './builders.ts';
import { AcceptanceTest } from './harness.ts';
import { metricValue } from './metrics.ts';
import { ORACLE } from './target.ts';

describe('acceptance: HTTP failures', { concurrency: true }, () => {
  test('a 500 is retried with backoff and the notification delivered once', async (t) => {
    const at = new AcceptanceTest(t);
    const wh = await at.webhook('webhook', { status: (attempt) => (attempt === 0 ? 500 : 200) });
    const am = await at.alertmanager(oneFlushConfig(wh.url));
    am.push(1, alert('alertname', 'test1'));
    // First backoff step: 500ms ± 50%.
    wh.want(between(2, 3), alert('alertname', 'test1').active(1));
    wh.want(between(3, 5));
    await at.run();
    await at.verify(async () => {
      assert.deepEqual(
        wh.requests.map((r) => r.status),
        [500, 200],
      );
    });
  });

  test('a 400 is not retried and counts as a client error', async (t) => {
    const at = new AcceptanceTest(t);
    const wh = await at.webhook('webhook', { status: () => 400 });
    const am = await at.alertmanager(oneFlushConfig(wh.url));
    am.push(1, alert('alertname', 'test1'));
    wh.want(between(0, 5));
    await at.run();
    await at.verify(async () => {
      assert.equal(wh.requests.length, 1, `requests at ${wh.requests.map((r) => r.at.toFixed(3)).join(', ')}`);
      assert.ok(wh.requests[0] !== undefined && wh.requests[0].at >= 2 && wh.requests[0].at <= 2.5);
      // Alertmanager 0.25 has no `reason` label yet (added in 0.26).
      const labels: Record<string, string> = ORACLE ? { integration: 'webhook' } : { integration: 'webhook', reason: 'clientError' };
      const failed = metricValue(await am.api.metrics(), 'alertmanager_notifications_failed_total', labels);
      assert.equal(failed, 1, `alertmanager_notifications_failed_total${JSON.stringify(labels)}`);
    });
  });
});
