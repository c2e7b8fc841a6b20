import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cpuMicrosPer, readCpu } from './process-cpu.ts';

test("a process's CPU time, and its main thread's, grow by the work that thread does", async (t) => {
  const before = await readCpu(process.pid);
  if (before === undefined) {
    t.skip('this kernel exposes no /proc/<pid>/task/<tid>/schedstat');
    return;
  }
  // Spun by CPU time rather than by the clock, which counts time the thread spent preempted.
  const spun = process.cpuUsage();
  while (process.cpuUsage(spun).user < 60_000) {
    // spin: 60 ms of the main thread's CPU
  }
  const after = (await readCpu(process.pid)) as NonNullable<typeof before>;
  const main = after.mainThreadMs - before.mainThreadMs;
  const all = after.processMs - before.processMs;
  assert.ok(main >= 50, `main thread: expected at least 50 ms, got ${main}`);
  // The process counts the main thread and the others: never less.
  assert.ok(all >= main, `process ${all} ms, main thread ${main} ms`);
});

test('no reading for a process that does not exist', async () => {
  assert.equal(await readCpu(2 ** 30), undefined);
});

test('CPU per item, and none without both readings', () => {
  const before = { processMs: 1_000, mainThreadMs: 600 };
  const after = { processMs: 1_300, mainThreadMs: 800 };
  assert.deepEqual(cpuMicrosPer(10_000, before, after), { process: 30, mainThread: 20 });
  assert.equal(cpuMicrosPer(10_000, undefined, after), undefined);
  assert.equal(cpuMicrosPer(0, before, after), undefined);
});
