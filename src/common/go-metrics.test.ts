import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Registry } from 'prom-client';
import { SumCountSummary } from './go-metrics.ts';

function summary() {
  const registry = new Registry();
  const metric = new SumCountSummary({ name: 'work_seconds', help: 'Time spent working.', registers: [registry] });
  return { registry, metric };
}

test('exposed as client_golang exposes a summary without objectives: _sum and _count only', async () => {
  const { registry, metric } = summary();
  metric.add(0.25, 100);
  metric.add(0.5, 50);
  metric.observe(0.125);
  assert.equal(
    await registry.metrics(),
    ['# HELP work_seconds Time spent working.', '# TYPE work_seconds summary', 'work_seconds_sum 0.875', 'work_seconds_count 151', ''].join('\n'),
  );
});

test('starts at zero, and reset zeroes it', async () => {
  const { registry, metric } = summary();
  assert.match(await registry.metrics(), /^work_seconds_sum 0\nwork_seconds_count 0$/m);
  metric.add(1, 2);
  registry.resetMetrics();
  assert.match(await registry.metrics(), /^work_seconds_sum 0\nwork_seconds_count 0$/m);
});

test('has no labels to observe with', () => {
  const { metric } = summary();
  assert.throws(() => metric.observe({ stage: 'x' }, 1), /work_seconds has no labels/);
});
