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
