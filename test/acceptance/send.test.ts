// Upstream send_test.go: batching, merging, repeat, resolution, reload and retry timing.
import { describe, test } from 'node:test';
import type { TestContext } from 'node:test';
import { alert, between } from './builders.ts';
import { AcceptanceTest } from './harness.ts';
import { tocsinOnly } from './target.ts';

interface Webhook {
  url: string;
  sendResolved?: boolean;
  timeout?: string;
}

interface SendConfig {
  resolveTimeout?: string;
  groupBy: string;
  groupInterval: string;
  repeatInterval?: string;
  webhooks: Webhook[];
}

/** The config of every scenario here: one route (group_wait 1s) to one receiver of webhooks. */
function sendConfig(c: SendConfig): string {
  const lines = [
    ...(c.resolveTimeout === undefined ? [] : ['global:', `  resolve_timeout: ${c.resolveTimeout}`]),
    'route:',
    '  receiver: default',
    `  group_by: ${c.groupBy}`,
    '  group_wait: 1s',
    `  group_interval: ${c.groupInterval}`,
    ...(c.repeatInterval === undefined ? [] : [`  repeat_interval: ${c.repeatInterval}`]),
    'receivers:',
    '- name: default',
    '  webhook_configs:',
    ...c.webhooks.flatMap((w) => [
      `  - url: '${w.url}'`,
      ...(w.sendResolved === undefined ? [] : [`    send_resolved: ${w.sendResolved}`]),
      ...(w.timeout === undefined ? [] : [`    timeout: ${w.timeout}`]),
    ]),
  ];
  return `\n${lines.join('\n')}\n`;
}

function mergeAlerts(withEndsAt: boolean) {
  return async (t: TestContext): Promise<void> => {
    // Prometheus >= 2.4 sends firing alerts with endsAt = start + 3s.
    const range = (start: number): [number, number?] => (withEndsAt ? [start, start + 3] : [start]);
    const at = new AcceptanceTest(t);
    const wh = await at.webhook('webhook');
    const am = await at.alertmanager(sendConfig({ groupBy: '[alertname]', groupInterval: '1s', repeatInterval: '1ms', webhooks: [{ url: wh.url, sendResolved: true }] }));
    // startsAt stays at the earliest value seen.
    am.push(1, alert('alertname', 'test').active(...range(1.1)));
    am.push(1.2, alert('alertname', 'test').active(1));
    wh.want(between(2, 2.5), alert('alertname', 'test').active(1));
    am.push(2.1, alert('alertname', 'test').annotate('ann', 'v1').active(...range(2)));
    wh.want(between(3, 3.5), alert('alertname', 'test').annotate('ann', 'v1').active(1));
    // The most recent push wins the annotations.
    am.push(3.6, alert('alertname', 'test').annotate('ann', 'v2').active(...range(1.5)));
    wh.want(between(4, 4.5), alert('alertname', 'test').annotate('ann', 'v2').active(1));
    // Resolved twice: the latest resolve time wins.
    am.push(4.6, alert('alertname', 'test').annotate('ann', 'v2').active(3, 4.5));
    am.push(4.8, alert('alertname', 'test').annotate('ann', 'v3').active(2.9, 4.8));
    am.push(4.8, alert('alertname', 'test').annotate('ann', 'v3').active(2.9, 4.1));
    wh.want(between(5, 5.5), alert('alertname', 'test').annotate('ann', 'v3').active(1, 4.8));
    // Re-firing after the resolution does not merge: a new startsAt.
    am.push(5.3, alert('alertname', 'test').active(...range(5)));
    wh.want(between(6, 6.5), alert('alertname', 'test').active(5));
    await at.run();
  };
}

async function resolved(t: TestContext): Promise<void> {
  const at = new AcceptanceTest(t);
  const wh = await at.webhook('webhook');
  const am = await at.alertmanager(sendConfig({ resolveTimeout: '10s', groupBy: '[alertname]', groupInterval: '5s', webhooks: [{ url: wh.url }] }));
  const lbl = (v: string) => alert('alertname', 'test', 'lbl', v);
  am.push(1, lbl('v1'), lbl('v2'), lbl('v3'));
  wh.want(between(2, 2.5), lbl('v1').active(1), lbl('v2').active(1), lbl('v3').active(1));
  // endsAt = push time + resolve_timeout.
  wh.want(between(12, 13), lbl('v1').active(1, 11), lbl('v2').active(1, 11), lbl('v3').active(1, 11));
  await at.run();
}

describe('acceptance: sending', { concurrency: true }, () => {
  test('TestMergeAlerts', mergeAlerts(false));

  test('TestMergeAlertsWithEndsAt', mergeAlerts(true));

  test('TestRepeat', async (t) => {
    const at = new AcceptanceTest(t);
    const wh = await at.webhook('webhook');
    const am = await at.alertmanager(sendConfig({ groupBy: '[alertname]', groupInterval: '1s', repeatInterval: '1ms', webhooks: [{ url: wh.url }] }));
    am.push(1, alert('alertname', 'test').active(1));
    am.push(3.5, alert('alertname', 'test').active(1, 3));
    wh.want(between(2, 2.5), alert('alertname', 'test').active(1));
    wh.want(between(3, 3.5), alert('alertname', 'test').active(1));
    wh.want(between(4, 4.5), alert('alertname', 'test').active(1, 3));
    await at.run();
  });

  test('TestRetry', async (t) => {
    // The second webhook answers 200 without recording until 4.5s: Alertmanager counts those as
    // delivered, so it only hears again when the repeat interval has elapsed at the 6s flush.
    const at = new AcceptanceTest(t);
    const wh1 = await at.webhook('webhook');
    const wh2 = await at.webhook('webhook_failing', { drop: (ts) => ts < 4.5 });
    const am = await at.alertmanager(sendConfig({ groupBy: '[alertname]', groupInterval: '2s', repeatInterval: '3s', webhooks: [{ url: wh1.url }, { url: wh2.url }] }));
    am.push(1, alert('alertname', 'test1'));
    wh1.want(between(2, 2.5), alert('alertname', 'test1').active(1));
    wh1.want(between(6, 6.5), alert('alertname', 'test1').active(1));
    wh2.want(between(6, 6.5), alert('alertname', 'test1').active(1));
    await at.run();
  });

  test('TestBatching', async (t) => {
    const at = new AcceptanceTest(t);
    const wh = await at.webhook('webhook');
    // repeat_interval slightly below the 5s period to avoid timing issues, as upstream
    const am = await at.alertmanager(sendConfig({ groupBy: '[]', groupInterval: '1s', repeatInterval: '4900ms', webhooks: [{ url: wh.url }] }));
    am.push(1.1, alert('alertname', 'test1').active(1));
    am.push(1.7, alert('alertname', 'test5').active(1));
    wh.want(between(2, 2.5), alert('alertname', 'test1').active(1), alert('alertname', 'test5').active(1));
    am.push(
      3.3,
      alert('alertname', 'test2').active(1.5),
      alert('alertname', 'test3').active(1.5),
      alert('alertname', 'test4').active(1.6),
    );
    const all = () => [
      alert('alertname', 'test1').active(1),
      alert('alertname', 'test5').active(1),
      alert('alertname', 'test2').active(1.5),
      alert('alertname', 'test3').active(1.5),
      alert('alertname', 'test4').active(1.6),
    ];
    wh.want(between(4.1, 4.5), ...all());
    // Nothing changes until the repeat interval has elapsed.
    wh.want(between(9.1, 9.5), ...all());
    await at.run();
  });

  // Upstream runs TestResolved twice in a row; here the two runs are concurrent.
  test('TestResolved (run 1)', resolved);

  test('TestResolved (run 2)', resolved);

  test('TestResolvedFilter', async (t) => {
    // Resolved alerts must be recorded as notified even where send_resolved filters them out.
    const at = new AcceptanceTest(t);
    const wh1 = await at.webhook('webhook1');
    const wh2 = await at.webhook('webhook2');
    const am = await at.alertmanager(
      sendConfig({
        resolveTimeout: '10s',
        groupBy: '[alertname]',
        groupInterval: '5s',
        webhooks: [
          { url: wh1.url, sendResolved: true },
          { url: wh2.url, sendResolved: false },
        ],
      }),
    );
    const lbl = (v: string) => alert('alertname', 'test', 'lbl', v);
    am.push(1, lbl('v1'), lbl('v2'));
    am.push(3, lbl('v1').active(1, 4), lbl('v3'));
    am.push(8, lbl('v3').active(3));
    wh1.want(between(2, 2.5), lbl('v1').active(1), lbl('v2').active(1));
    wh1.want(between(7, 7.5), lbl('v1').active(1, 4), lbl('v2').active(1), lbl('v3').active(3));
    // v2 has resolved through resolve_timeout.
    wh1.want(between(12, 12.5), lbl('v2').active(1, 11), lbl('v3').active(3));
    wh2.want(between(2, 2.5), lbl('v1').active(1), lbl('v2').active(1));
    wh2.want(between(7, 7.5), lbl('v2').active(1), lbl('v3').active(3));
    // The firing set {v3} is a subset of the previous one: nothing to say.
    wh2.want(between(12, 12.5));
    await at.run();
  });

  test('TestReload', async (t) => {
    // The first alert is not notified twice, and timers restart at the reload.
    const at = new AcceptanceTest(t);
    const wh = await at.webhook('webhook');
    const am = await at.alertmanager(sendConfig({ groupBy: '[]', groupInterval: '6s', repeatInterval: '10m', webhooks: [{ url: wh.url }] }));
    am.push(1, alert('alertname', 'test1'));
    am.reload(3);
    am.push(4, alert('alertname', 'test2'));
    wh.want(between(2, 2.5), alert('alertname', 'test1').active(1));
    // 3 (reload) + 6 (group_interval).
    wh.want(between(9, 9.5), alert('alertname', 'test1').active(1), alert('alertname', 'test2').active(4));
    await at.run();
  });

  test(
    'TestWebhookTimeout',
    { skip: tocsinOnly("the webhook 'timeout' option is new in Alertmanager 0.28; 0.25 rejects the config") },
    async (t) => {
      // Slow answers hit the per-request timeout (500ms) but not the flush deadline, so the
      // notification is retried with backoff inside the same flush.
      const at = new AcceptanceTest(t);
      const wh = await at.webhook('webhook', { delayMs: (ts) => (ts < 3 ? 1000 : 0), drop: (ts) => ts < 3 });
      const am = await at.alertmanager(sendConfig({ groupBy: '[alertname]', groupInterval: '1m', repeatInterval: '1m', webhooks: [{ url: wh.url, timeout: '500ms' }] }));
      am.push(1, alert('alertname', 'test1'));
      wh.want(between(3, 4), alert('alertname', 'test1').active(1));
      await at.run();
    },
  );
});
