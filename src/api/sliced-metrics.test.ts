import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Gauge, Registry } from 'prom-client';
import { textOf } from '../../test/support/text-of.ts';
import { openMetricsEscape } from '../labels/matcher.ts';
import { exposition, registerSlicedFamily } from './sliced-metrics.ts';

test('label values are escaped as prom-client escapes them', async () => {
  const registry = new Registry();
  const value = 'group {alertname="a\\b"}\nnext';
  new Gauge({ name: 'g', help: 'h', labelNames: ['v'], registers: [registry] }).set({ v: value }, 1);
  assert.equal(await registry.metrics(), `# HELP g h\n# TYPE g gauge\ng{v="${openMetricsEscape(value)}"} 1\n`);
});

test("the exposition is prom-client's text alone without sliced families, and followed by theirs with them", async () => {
  const registry = new Registry();
  new Gauge({ name: 'g', help: 'h', registers: [registry] }).set(2);
  assert.equal(await exposition(registry), '# HELP g h\n# TYPE g gauge\ng 2\n');
  registerSlicedFamily(registry, {
    async *chunks() {
      yield '# HELP s h\n# TYPE s gauge\n';
      yield 's{k="1"} 1\n';
    },
  });
  assert.equal(await textOf(await exposition(registry)), '# HELP g h\n# TYPE g gauge\ng 2\n\n# HELP s h\n# TYPE s gauge\ns{k="1"} 1\n');
});
