// Ingest and put of 100,000 alerts (first arrival and a re-send, as Prometheus does every
// minute), listing, GC and the chunked snapshot, with the longest event-loop stall during it.
// Run: node --expose-gc --import tsx bench/alerts-put.ts
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { openFileAlertStore } from '../src/alerts/file-alert-store.ts';
import { ingestAlert } from '../src/alerts/ingest.ts';
import type { Alert } from '../src/alerts/alert.ts';
import type { PostableAlert } from '../src/alerts/ingest.ts';
import { Matcher } from '../src/labels/matcher.ts';
import { FakeClock } from '../src/common/fake-clock.ts';

const N = 100_000;
const BATCH = 256; // Prometheus' default notification batch size
const clock = new FakeClock();
const directory = await mkdtemp(join(tmpdir(), 'tocsin-bench-'));
const store = await openFileAlertStore({ directory, clock, indexedLabels: ['alertname', 'namespace'], perAlertNameLimit: 0 });
let delivered = 0;
store.subscribe((batch) => (delivered += batch.length));

const posted: PostableAlert[] = Array.from({ length: N }, (_, i) => ({
  labels: { alertname: `Alert${i % 500}`, namespace: `ns-${i % 200}`, instance: `host-${i}:9100`, job: `job-${i % 50}`, severity: i % 3 === 0 ? 'critical' : 'warning' },
  annotations: { summary: `Instance host-${i} is down`, description: 'It has been down for more than 5 minutes.' },
  startsAt: clock.now() - 60_000,
  endsAt: clock.now() + 4 * 60_000,
  generatorURL: `http://prometheus:9090/graph?g0.expr=up%3D%3D0&i=${i}`,
}));

async function ingestAll(label: string): Promise<void> {
  const start = performance.now();
  for (let i = 0; i < N; i += BATCH) {
    const batch: Alert[] = [];
    for (const p of posted.slice(i, i + BATCH)) {
      const r = ingestAlert(p, { now: clock.now(), resolveTimeoutMs: 300_000, labelNameMode: 'fallback' });
      if (r.ok) batch.push(r.alert);
    }
    await store.put(batch);
  }
  const ms = performance.now() - start;
  console.log(`${label.padEnd(34)} ${ms.toFixed(0).padStart(6)} ms  ${((ms * 1e6) / N).toFixed(0).padStart(6)} ns/alert`);
}

function timed<T>(label: string, fn: () => T): T {
  const start = performance.now();
  const out = fn();
  console.log(`${label.padEnd(34)} ${(performance.now() - start).toFixed(1).padStart(6)} ms`);
  return out;
}

globalThis.gc?.();
const heapBefore = process.memoryUsage().heapUsed;
await ingestAll('ingest+put, new alerts');
globalThis.gc?.();
console.log(`heap for ${N} alerts: ${((process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024).toFixed(0)} MiB`);
clock.jump(60_000);
await ingestAll('ingest+put, re-send (merge)');
await new Promise((resolve) => setImmediate(resolve));
console.log(`delivered to subscriber so far: ${delivered}`);
timed('select() all, sorted', () => store.select().length);
timed('select() again (cached order)', () => store.select().length);
timed('select(alertname="Alert7")', () => store.select([Matcher.create('alertname', '=', 'Alert7')]).length);
timed('select(severity="critical") scan', () => store.select([Matcher.create('severity', '=', 'critical')]).length);
timed('countByStatus()', () => store.countByStatus());

const delay = monitorEventLoopDelay({ resolution: 5 });
delay.enable();
const start = performance.now();
const bytes = await store.snapshot();
delay.disable();
console.log(`snapshot ${(bytes / 1024 / 1024).toFixed(1)} MiB in ${(performance.now() - start).toFixed(0)} ms, longest event-loop stall ${(delay.max / 1e6).toFixed(0)} ms`);

clock.jump(10 * 60_000);
const gcDelay = monitorEventLoopDelay({ resolution: 5 });
gcDelay.enable();
const gcStart = performance.now();
const removed = await store.gc();
gcDelay.disable();
console.log(`gc removed ${removed.length} in ${(performance.now() - gcStart).toFixed(0)} ms, longest event-loop stall ${(gcDelay.max / 1e6).toFixed(0)} ms`);
await store.close();
await rm(directory, { recursive: true, force: true });
