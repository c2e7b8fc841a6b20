import assert from 'node:assert/strict';
import { test } from 'node:test';
import { execFile } from 'node:child_process';
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

  async collect(): Promise<void> {
    if (this.fail) throw new Error('inspector unavailable');
    this.events.push('collect');
    this.heap = this.liveBytes;
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

test('each collection reports how long it held the process', async () => {
  const memory = new FakeMemory();
  const pauses: number[] = [];
  const r = new MemoryReducer({ probe: memory, logger: silentLogger, quietMs: 0, onCollected: (seconds) => pauses.push(seconds) });
  memory.heap = 200 * MiB;
  await r.check();
  assert.equal(pauses.length, 1);
  assert.ok((pauses[0] as number) >= 0 && (pauses[0] as number) < 5);
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
    return new Promise<void>((resolve) => (finish = resolve));
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

// In a child process: if the collection stopped the event loop, only a process boundary can tell.
test('the process probe collects garbage, shrinks the heap, and leaves timers running', async () => {
  const script = `
    import { processMemory } from ${JSON.stringify(new URL('./memory-reducer.ts', import.meta.url).href)};
    const probe = processMemory();
    let garbage = Array.from({ length: 300000 }, (_, i) => ({ i, s: 'garbage ' + i }));
    const before = probe.residentBytes();
    garbage = undefined;
    await probe.collect();
    const after = probe.residentBytes();
    // Node 20 stops running timers if the inspector session is closed inside its callback.
    setTimeout(() => console.log(JSON.stringify({ before, after, busy: probe.busyFraction() })), 10);
  `;
  const { stdout } = await execFileAsync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { timeout: 20_000 });
  const { before, after, busy } = JSON.parse(stdout) as { before: number; after: number; busy: number };
  assert.ok(after < before, `heap ${after} not below ${before}`);
  assert.ok(busy >= 0 && busy <= 1);
});
