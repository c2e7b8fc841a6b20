import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cpuMicrosPer, mainThreadCpuMs, processCpuMs } from './process-cpu.ts';

test("a process's CPU time, and its main thread's, grow by the work that thread does", async (t) => {
  const before = await processCpuMs(process.pid);
  const mainBefore = await mainThreadCpuMs(process.pid);
  if (before === undefined || mainBefore === undefined) {
    t.skip('this kernel exposes no /proc/<pid>/task/<tid>/schedstat');
    return;
  }
  // Spun by CPU time rather than by the clock, which counts time the thread spent preempted.
  const spun = process.cpuUsage();
  while (process.cpuUsage(spun).user < 60_000) {
    // spin: 60 ms of the main thread's CPU
  }
  const after = (await processCpuMs(process.pid)) as number;
  const mainAfter = (await mainThreadCpuMs(process.pid)) as number;
  assert.ok(mainAfter - mainBefore >= 50, `main thread: expected at least 50 ms, got ${mainAfter - mainBefore}`);
  // The process counts the main thread and the others: never less.
  assert.ok(after - before >= mainAfter - mainBefore - 1, `process ${after - before} ms, main thread ${mainAfter - mainBefore} ms`);
});

test('no reading for a process that does not exist', async () => {
  assert.equal(await processCpuMs(2 ** 30), undefined);
});

test('CPU per item, and none without both readings', () => {
  assert.equal(cpuMicrosPer(10_000, 1_000, 1_300), 30);
  assert.equal(cpuMicrosPer(10_000, undefined, 1_300), undefined);
  assert.equal(cpuMicrosPer(0, 1_000, 1_300), undefined);
});
