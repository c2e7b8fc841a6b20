import assert from 'node:assert/strict';
import { test } from 'node:test';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { silentLogger } from '../common/logger.ts';
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

  heapBytes(): number {
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

/** A reducer past its first collection, which start-up garbage always warrants. */
async function reducer(memory: FakeMemory): Promise<MemoryReducer> {
  const r = new MemoryReducer({ probe: memory, logger: silentLogger, minGrowthBytes: 32 * MiB, minGrowthRatio: 0.25 });
  assert.equal(await r.check(), true);
  memory.events.length = 0;
  return r;
}

test('the first idle check collects what start-up left', async () => {
  const memory = new FakeMemory();
  memory.heap = 150 * MiB;
  const r = new MemoryReducer({ probe: memory, logger: silentLogger });
  memory.busy = 0.5;
  assert.equal(await r.check(), false, 'not while busy');
  memory.busy = 0;
  assert.equal(await r.check(), true);
  assert.deepEqual(memory.events, ['collect']);
});

test('collects once the loop is idle and the heap outgrew what the last collection left', async () => {
  const memory = new FakeMemory();
  const r = await reducer(memory);
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

test('the growth needed scales with what the last collection left', async () => {
  const memory = new FakeMemory();
  memory.heap = memory.liveBytes = 400 * MiB;
  const r = await reducer(memory);
  memory.heap = 490 * MiB;
  assert.equal(await r.check(), false, '90 MiB is under a quarter of 400 MiB');
  memory.heap = 500 * MiB;
  assert.equal(await r.check(), true);
});

test('growth counts from the smallest heap seen since the last collection', async () => {
  const memory = new FakeMemory();
  const r = await reducer(memory);
  memory.heap = 60 * MiB; // V8 shrank the heap on its own
  assert.equal(await r.check(), false);
  memory.heap = 95 * MiB;
  assert.equal(await r.check(), true, '35 MiB above the 60 MiB low point');
});

test('each collection reports how long it held the process', async () => {
  const memory = new FakeMemory();
  const pauses: number[] = [];
  const r = new MemoryReducer({ probe: memory, logger: silentLogger, onCollected: (seconds) => pauses.push(seconds) });
  await r.check();
  assert.equal(pauses.length, 1);
  assert.ok((pauses[0] as number) >= 0 && (pauses[0] as number) < 5);
});

test('trim hooks run before the collection, so what they drop is collected', async () => {
  const memory = new FakeMemory();
  const r = await reducer(memory);
  r.onTrim(() => memory.events.push('trim'));
  memory.heap = 200 * MiB;
  await r.check();
  assert.deepEqual(memory.events, ['trim', 'collect']);
});

test('a check while a collection runs does not start another', async () => {
  const memory = new FakeMemory();
  const r = await reducer(memory);
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
  const r = await reducer(memory);
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
    const before = probe.heapBytes();
    garbage = undefined;
    await probe.collect();
    const after = probe.heapBytes();
    // Node 20 stops running timers if the inspector session is closed inside its callback.
    setTimeout(() => console.log(JSON.stringify({ before, after, busy: probe.busyFraction() })), 10);
  `;
  const { stdout } = await execFileAsync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { timeout: 20_000 });
  const { before, after, busy } = JSON.parse(stdout) as { before: number; after: number; busy: number };
  assert.ok(after < before, `heap ${after} not below ${before}`);
  assert.ok(busy >= 0 && busy <= 1);
});
