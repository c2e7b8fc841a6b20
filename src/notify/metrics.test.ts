import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { Registry } from 'prom-client';
import { NotifyMetrics } from './metrics.ts';
import { NflogMetrics } from './nflog/nflog-metrics.ts';
import { FAILURE_REASONS } from './notify-error.ts';

async function ours(): Promise<string> {
  const registry = new Registry();
  new NotifyMetrics(registry);
  new NflogMetrics(registry);
  return registry.metrics();
}

test('HELP and TYPE lines match Alertmanager 0.25', async () => {
  const fixture = await readFile(new URL('./testdata/am-0.25-metrics.txt', import.meta.url), 'utf8');
  const text = await ours();
  for (const line of fixture.split('\n').filter((l) => l.startsWith('# '))) {
    assert.ok(text.includes(`${line}\n`), `missing: ${line}`);
  }
});

test('series Alertmanager 0.25 pre-initialises exist, with the same buckets', async () => {
  const fixture = await readFile(new URL('./testdata/am-0.25-metrics.txt', import.meta.url), 'utf8');
  const names = new Set<string>();
  for (const line of fixture.split('\n')) {
    const m = /^(alertmanager_[a-z_]+)(\{[^}]*\})? /.exec(line);
    // 0.34 added the reason label to the failed counter: checked below.
    if (m !== null && !line.startsWith('alertmanager_notifications_failed_total')) names.add(normalise(m[1] as string, m[2] ?? ''));
  }
  const text = await ours();
  const present = new Set<string>();
  for (const line of text.split('\n')) {
    const m = /^(alertmanager_[a-z_]+)(\{[^}]*\})? /.exec(line);
    if (m !== null) present.add(normalise(m[1] as string, m[2] ?? ''));
  }
  for (const series of names) assert.ok(present.has(series), `missing series ${series}`);
  for (const reason of FAILURE_REASONS) {
    assert.ok(text.includes(`alertmanager_notifications_failed_total{integration="webhook",reason="${reason}"} 0`));
  }
});

// prom-client prints `le` first, client_golang last: compare label sets, not their order.
function normalise(name: string, labels: string): string {
  const pairs = labels === '' ? [] : labels.slice(1, -1).split(',').sort();
  return `${name}{${pairs.join(',')}}`;
}

test('receiver-name-in-metrics: series per receiver in use, made and reset at each configuration', async () => {
  const registry = new Registry();
  const metrics = new NotifyMetrics(registry, { receiverNames: true });
  const series = async () => (await registry.metrics()).split('\n').filter((l) => l.startsWith('alertmanager_notification'));
  assert.deepEqual(await series(), [], 'nothing before a configuration is loaded');

  metrics.initializeFor([{ receiver: 'team', name: 'webhook' }]);
  let text = (await series()).join('\n');
  assert.match(text, /^alertmanager_notifications_total\{integration="webhook",receiver_name="team"\} 0$/m);
  assert.match(text, /^alertmanager_notification_requests_failed_total\{integration="webhook",receiver_name="team"\} 0$/m);
  for (const reason of FAILURE_REASONS) {
    assert.ok(text.includes(`alertmanager_notifications_failed_total{integration="webhook",receiver_name="team",reason="${reason}"} 0`), reason);
  }
  assert.doesNotMatch(text, /integration="email"/);

  metrics.forIntegration('webhook', 'team').notifications.inc();
  metrics.failed('webhook', 'team', 'serverError');
  text = (await series()).join('\n');
  assert.match(text, /^alertmanager_notifications_total\{integration="webhook",receiver_name="team"\} 1$/m);
  assert.match(text, /^alertmanager_notifications_failed_total\{integration="webhook",receiver_name="team",reason="serverError"\} 1$/m);

  metrics.initializeFor([{ receiver: 'pager', name: 'pagerduty' }]);
  text = (await series()).join('\n');
  assert.doesNotMatch(text, /receiver_name="team"/, 'a receiver no longer configured leaves');
  assert.match(text, /^alertmanager_notifications_total\{integration="pagerduty",receiver_name="pager"\} 0$/m);
});

test('without receiver names, configurations change no series', async () => {
  const registry = new Registry();
  const metrics = new NotifyMetrics(registry);
  metrics.forIntegration('webhook', 'team').notifications.inc();
  metrics.initializeFor([{ receiver: 'pager', name: 'pagerduty' }]);
  const text = await registry.metrics();
  assert.match(text, /^alertmanager_notifications_total\{integration="webhook"\} 1$/m);
  assert.doesNotMatch(text, /receiver_name/);
});
