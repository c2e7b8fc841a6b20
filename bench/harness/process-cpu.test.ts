import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cpuMicrosPer, processCpuMs } from './process-cpu.ts';

test("a process's CPU time grows by the work its threads do", async (t) => {
  const before = await processCpuMs(process.pid);
  if (before === undefined) {
    t.skip('this kernel exposes no /proc/<pid>/task/<tid>/schedstat');
    return;
  }
  const start = performance.now();
  while (performance.now() - start < 60) {
    // spin: 60 ms of this thread's CPU
  }
  const after = (await processCpuMs(process.pid)) as number;
  assert.ok(after - before >= 50, `expected at least 50 ms, got ${after - before}`);
});

test('no reading for a process that does not exist', async () => {
  assert.equal(await processCpuMs(2 ** 30), undefined);
});

test('CPU per item, and none without both readings', () => {
  assert.equal(cpuMicrosPer(10_000, 1_000, 1_300), 30);
  assert.equal(cpuMicrosPer(10_000, undefined, 1_300), undefined);
  assert.equal(cpuMicrosPer(0, 1_000, 1_300), undefined);
});
