import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { RelativeClock } from './acceptance/relative-clock.ts';
import { Webhook } from './acceptance/webhook.ts';
import { http, run, sample, serveFlags, waitUntilUp, workspace } from './serve-harness.ts';
import type { Proc } from './serve-harness.ts';
import { freePort } from './support/programs.ts';

const GROUPS = 3_000;
const ANSWER_AFTER_MS = 300;

let proc: Proc | undefined;
after(() => proc?.kill('SIGKILL'));

test('a slow receiver gets every notification of thousands of groups flushing at once, within their deadline', async () => {
  // Each answer takes 300 ms. With 64 connections to it, 3,000 notifications took 14 s, past
  // their 10 s deadline; Alertmanager opens a connection per notification.
  const receiver = await Webhook.start('slow', new RelativeClock(), { delayMs: () => ANSWER_AFTER_MS });
  after(() => receiver.close());
  /** Notifications received per group, by its `instance`. */
  const received = (): Map<string, number> => {
    const counts = new Map<string, number>();
    for (const { alerts } of receiver.batches) {
      for (const { labels } of alerts) {
        const instance = labels['instance'] ?? '';
        counts.set(instance, (counts.get(instance) ?? 0) + 1);
      }
    }
    return counts;
  };
  const ws = await workspace(
    [
      'route:',
      '  receiver: slow',
      '  group_by: [instance]',
      '  group_wait: 200ms',
      '  group_interval: 10s',
      'receivers:',
      '  - name: slow',
      `    webhook_configs: [{ url: '${receiver.url}' }]`,
      '',
    ].join('\n'),
  );
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  proc = run('tocsin', ['serve', ...serveFlags(ws, port)]);
  await waitUntilUp(proc, `${base}/-/ready`);

  const postedAt = Date.now();
  for (let b = 0; b < GROUPS; b += 500) {
    const batch = Array.from({ length: 500 }, (_, i) => ({ labels: { alertname: 'Down', instance: `host-${b + i}` } }));
    const reply = await http(`${base}/api/v2/alerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(batch) });
    assert.equal(reply.status, 200, reply.body);
  }
  while (received().size < GROUPS && Date.now() - postedAt < 8_000) await new Promise((resolve) => setTimeout(resolve, 50));
  const counts = received();
  assert.equal(counts.size, GROUPS, `${counts.size} of ${GROUPS} groups notified within 8 s`);
  assert.ok([...counts.values()].every((n) => n === 1), 'each group notified once');
  const metrics = (await http(`${base}/metrics`)).body;
  assert.equal(sample(metrics, 'alertmanager_notifications_total{integration="webhook"}'), GROUPS);
  const failed = metrics.split('\n').filter((line) => line.startsWith('alertmanager_notifications_failed_total{'));
  assert.equal(failed.reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0), 0, failed.join('\n'));
  proc.kill('SIGTERM');
  await proc.exited;
});
