import assert from 'node:assert/strict';
import { test } from 'node:test';
import { execFile } from 'node:child_process';
import { constants } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { Logger, silentLogger } from '../common/logger.ts';
import { MemoryReducer } from './memory-reducer.ts';
import type { MemoryProbe } from './memory-reducer.ts';

const MiB = 1024 * 1024;
const execFileAsync = promisify(execFile);

/** A heap that grows when told and shrinks to `liveBytes` when collected. */
class FakeMemory implements MemoryProbe {
  heap = 100 * MiB;
  liveBytes = 100 * MiB;
  busy = 0;
  events: string[] = [];
  fail = false;

  residentBytes(): number {
    return this.heap;
  }

  busyFraction(): number {
    return this.busy;
  }

  pauseSeconds = 0.004;

  async collect(): Promise<number> {
    if (this.fail) throw new Error('inspector unavailable');
    this.events.push('collect');
    this.heap = this.liveBytes;
    return this.pauseSeconds;
  }
}

function reducer(memory: FakeMemory, quietMs = 0): MemoryReducer {
  return new MemoryReducer({ probe: memory, logger: silentLogger, minGrowthBytes: 32 * MiB, minGrowthRatio: 0.25, quietMs });
}

test('start counts growth from the heap as it is, collects on its interval, and stops', async () => {
  const memory = new FakeMemory();
  const r = reducer(memory);
  memory.heap = 150 * MiB;
  r.start(5);
  await sleep(30);
  assert.deepEqual(memory.events, [], 'what start-up left is not collected');
  memory.heap = 200 * MiB;
  for (let waited = 0; memory.events.length < 1 && waited < 2_000; waited += 5) await sleep(5);
  assert.deepEqual(memory.events, ['collect'], 'the interval check collected the growth');
  r.stop();
  memory.heap = 400 * MiB;
  await sleep(30);
  assert.deepEqual(memory.events, ['collect'], 'no checks after stop');
});

test('when collecting fails, the checks stop and say why', async () => {
  const memory = new FakeMemory();
  memory.fail = true;
  const warnings: string[] = [];
  const logger = new Logger({ write: (line) => warnings.push(line), source: false });
  const r = new MemoryReducer({ probe: memory, logger, quietMs: 0 });
  r.start(5);
  memory.heap = 300 * MiB;
  for (let waited = 0; warnings.length === 0 && waited < 2_000; waited += 5) await sleep(5);
  assert.match(warnings.join(''), /Garbage collection on demand is unavailable/);
  memory.fail = false;
  memory.heap = 600 * MiB;
  await sleep(30);
  assert.deepEqual(memory.events, [], 'no checks after the failure');
});

test('collects once the loop is idle and the heap outgrew what the last collection left', async () => {
  const memory = new FakeMemory();
  const r = reducer(memory);
  memory.heap = 120 * MiB;
  assert.equal(await r.check(), false, '20 MiB of growth is below the 32 MiB minimum');
  memory.heap = 140 * MiB;
  memory.busy = 0.3;
  assert.equal(await r.check(), false, 'a busy loop is left alone');
  memory.busy = 0.01;
  assert.equal(await r.check(), true);
  assert.equal(memory.heap, 100 * MiB);
  assert.equal(await r.check(), false, 'nothing grew since');
});

test('no collection while a request is under way or soon after one', async () => {
  const memory = new FakeMemory();
  const r = reducer(memory, 60_000);
  memory.heap = 200 * MiB;
  assert.equal(await r.check(), true, 'no request yet: quiet');
  memory.heap = 300 * MiB;
  const done = r.requestStarted();
  assert.equal(await r.check(), false, 'under way');
  done();
  assert.equal(await r.check(), false, 'ended a moment ago');
  const quick = reducer(memory, 0);
  const first = quick.requestStarted();
  first();
  first();
  const second = quick.requestStarted();
  memory.heap = 400 * MiB;
  assert.equal(await quick.check(), false, 'ending one request twice does not end another');
  second();
  assert.equal(await quick.check(), true);
});

test('the growth needed scales with what the last collection left', async () => {
  const memory = new FakeMemory();
  memory.heap = memory.liveBytes = 400 * MiB;
  const r = reducer(memory);
  memory.heap = 490 * MiB;
  assert.equal(await r.check(), false, '90 MiB is under a quarter of 400 MiB');
  memory.heap = 500 * MiB;
  assert.equal(await r.check(), true);
});

test('growth counts from the smallest heap seen since the last collection', async () => {
  const memory = new FakeMemory();
  const r = reducer(memory);
  memory.heap = 60 * MiB; // V8 shrank the heap on its own
  assert.equal(await r.check(), false);
  memory.heap = 95 * MiB;
  assert.equal(await r.check(), true, '35 MiB above the 60 MiB low point');
});

test('each collection reports the longest time it held the process', async () => {
  const memory = new FakeMemory();
  const pauses: number[] = [];
  const r = new MemoryReducer({ probe: memory, logger: silentLogger, quietMs: 0, onCollected: (seconds) => pauses.push(seconds) });
  memory.heap = 200 * MiB;
  memory.pauseSeconds = 0.25;
  await r.check();
  memory.heap = 200 * MiB;
  memory.pauseSeconds = 0.003;
  await r.check();
  assert.deepEqual(pauses, [0.25, 0.003]);
});

test('trim hooks run before the collection, so what they drop is collected', async () => {
  const memory = new FakeMemory();
  const r = reducer(memory);
  r.onTrim(() => memory.events.push('trim'));
  memory.heap = 200 * MiB;
  await r.check();
  assert.deepEqual(memory.events, ['trim', 'collect']);
});

test('a check while a collection runs does not start another', async () => {
  const memory = new FakeMemory();
  const r = reducer(memory);
  let finish: () => void = () => undefined;
  memory.collect = () => {
    memory.events.push('collect');
    return new Promise<number>((resolve) => (finish = () => resolve(0.001)));
  };
  memory.heap = 200 * MiB;
  const first = r.check();
  assert.equal(await r.check(), false);
  finish();
  assert.equal(await first, true);
  assert.deepEqual(memory.events, ['collect']);
});

test('a failing collection rejects the check', async () => {
  const memory = new FakeMemory();
  const r = reducer(memory);
  memory.fail = true;
  memory.heap = 200 * MiB;
  await assert.rejects(r.check(), /inspector unavailable/);
});

/**
 * In a child process, where nothing else runs: builds a heap of live objects and garbage, runs
 * `collect` (an expression) while a 1 ms interval ticks, and prints what happened.
 */
async function collectInChild(imports: string, collect: string): Promise<{ before: number; after: number; busy: number; pause: number; ticks: number; kinds: number[] }> {
  const script = `
    import { PerformanceObserver } from 'node:perf_hooks';
    ${imports}
    const probe = processMemory();
    const live = Array.from({ length: 200000 }, (_, i) => ({ i, s: 'live ' + i }));
    let garbage = Array.from({ length: 300000 }, (_, i) => ({ i, s: 'garbage ' + i }));
    const before = probe.residentBytes();
    garbage = undefined;
    const kinds = [];
    new PerformanceObserver((list) => { for (const e of list.getEntries()) kinds.push(e.detail.kind); }).observe({ entryTypes: ['gc'] });
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 1);
    const pause = await (${collect});
    const during = ticks;
    clearInterval(ticker);
    const after = probe.residentBytes();
    // Node 20 stops running timers if the inspector session is closed inside its callback.
    setTimeout(() => console.log(JSON.stringify({ before, after, busy: probe.busyFraction(), pause, ticks: during, kinds, live: live.length })), 10);
  `;
  const { stdout } = await execFileAsync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { timeout: 20_000 });
  return JSON.parse(stdout) as { before: number; after: number; busy: number; pause: number; ticks: number; kinds: number[] };
}

const reducerUrl = JSON.stringify(new URL('./memory-reducer.ts', import.meta.url).href);

test('the process probe collects garbage, shrinks the heap, and leaves timers running', async () => {
  const { before, after, busy, pause } = await collectInChild(`import { processMemory } from ${reducerUrl};`, 'probe.collect()');
  assert.ok(after < before, `heap ${after} not below ${before}`);
  assert.ok(busy >= 0 && busy <= 1);
  assert.ok(pause > 0 && pause < 5, `longest pause ${pause} s`);
});

test("with the native helper, the probe's collection is incremental: timers run while V8 marks", { skip: process.platform === 'linux' ? false : 'the native helper is built on Linux only' }, async () => {
  const { before, after, ticks, kinds } = await collectInChild(`import { processMemory } from ${reducerUrl};`, 'probe.collect()');
  assert.ok(kinds.includes(constants.NODE_PERFORMANCE_GC_INCREMENTAL), `no incremental marking among the collections ${JSON.stringify(kinds)}`);
  assert.ok(kinds.includes(constants.NODE_PERFORMANCE_GC_MAJOR), `no mark-compact among the collections ${JSON.stringify(kinds)}`);
  assert.ok(ticks > 0, 'the interval never ran while the collection was under way');
  assert.ok(after < before, `heap ${after} not below ${before}`);
});

test("the inspector's collection, used without the helper, shrinks the heap", async () => {
  const { before, after, pause, kinds } = await collectInChild(`import { processMemory, inspectorCollection } from ${reducerUrl};`, 'inspectorCollection()');
  assert.ok(!kinds.includes(constants.NODE_PERFORMANCE_GC_INCREMENTAL), `incremental marking ${JSON.stringify(kinds)}`);
  assert.ok(pause > 0 && pause < 5, `pause ${pause} s`);
  assert.ok(after < before, `heap ${after} not below ${before}`);
});
