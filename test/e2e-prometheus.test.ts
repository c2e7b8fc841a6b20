// End to end with the real tools: Prometheus fires InstanceDown at the server under test (Tocsin,
// or Alertmanager with TOCSIN_ORACLE=1), a webhook hears it, amtool 0.25 lists and silences it.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { AcceptanceTest } from './acceptance/harness.ts';
import { freePort, skipUnless } from './support/programs.ts';
import { Prometheus } from './support/prometheus.ts';
import { waitFor } from './support/wait-for.ts';

const run = promisify(execFile);

const RULES = `groups:
- name: availability
  rules:
  - alert: InstanceDown
    expr: up == 0
    for: 0s
    labels:
      severity: page
    annotations:
      summary: '{{ $labels.instance }} is down'
`;

test(
  'Prometheus alerts reach the webhook; amtool queries and silences them',
  { skip: skipUnless('prometheus', 'prometheus') || skipUnless('amtool', 'prometheus-alertmanager') },
  async (t) => {
    const at = new AcceptanceTest(t);
    const wh = await at.webhook('webhook');
    // A short repeat_interval: without the silence there would be a notification every ~2s.
    await at.alertmanager(`
route:
  receiver: default
  group_by: [alertname]
  group_wait: 1s
  group_interval: 1s
  repeat_interval: 2s
receivers:
- name: default
  webhook_configs:
  - url: '${wh.url}'
`);
    const am = await at.start();
    const amtool = async (...args: string[]): Promise<string> =>
      (await run('amtool', [`--alertmanager.url=${am.url}`, ...args], { timeout: 10_000 })).stdout;
    const prometheus = await Prometheus.start({
      alertmanager: new URL(am.url).host,
      target: `127.0.0.1:${await freePort()}`,
      rules: RULES,
    });
    t.after(() => prometheus.stop());
    const instanceDown = (): number =>
      wh.batches.filter((b) => b.alerts.some((a) => a.labels['alertname'] === 'InstanceDown')).length;

    await at.verify(async () => {
      try {
        await waitFor('the first InstanceDown notification', 20_000, () => instanceDown() >= 1);
        const first = wh.batches[0]?.alerts[0];
        assert.equal(first?.labels['job'], 'down');
        assert.equal(first?.labels['severity'], 'page');
        assert.match(first?.annotations['summary'] ?? '', /is down$/);
        await waitFor('a repeated notification (repeat_interval 2s)', 10_000, () => instanceDown() >= 2);

        assert.match(await amtool('alert', 'query'), /InstanceDown/);
        const silenceId = (await amtool('silence', 'add', 'alertname=InstanceDown', '-c', 'test', '-a', 'me')).trim();
        assert.match(silenceId, /^[0-9a-f-]{36}$/);
        const silencedAtMs = Date.now();
        assert.match(await amtool('silence', 'query'), new RegExp(silenceId));

        // Three repeat intervals; one notification may already have been on its way.
        await sleep(6_000);
        const late = wh.batches.filter((b) => b.atMs > silencedAtMs + 1_000);
        assert.equal(late.length, 0, `notifications after the silence at +${late.map((b) => b.atMs - silencedAtMs).join(', +')} ms`);
        const alerts = await am.api.getAlerts(['alertname=InstanceDown']);
        assert.equal(alerts[0]?.status.state, 'suppressed');
        assert.deepEqual(alerts[0]?.status.silencedBy, [silenceId]);
      } catch (err) {
        (err as Error).message += `\n${prometheus.logExcerpt()}`;
        throw err;
      }
    });
  },
);
