import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { fixHeapGrowth } from './heap-growth.ts';

const execFileAsync = promisify(execFile);

// Without the fixed factor V8 sets the trigger ×1.1 above what survived the reducer's collection,
// and this growth runs a full collection (checked by removing the fixHeapGrowth call). In a child
// process so that no other test's heap or flags are involved.
test('after the memory reducer collects, the heap grows by half again without a full collection', async () => {
  const script = `
    import { constants, PerformanceObserver } from 'node:perf_hooks';
    import { fixHeapGrowth } from ${JSON.stringify(new URL('./heap-growth.ts', import.meta.url).href)};
    import { processMemory } from ${JSON.stringify(new URL('./memory-reducer.ts', import.meta.url).href)};
    fixHeapGrowth();
    const live = [];
    const N = 400000;
    for (let i = 0; i < N; i++) live.push({ i, s: 'live ' + i });
    await processMemory().collect();
    const survived = process.memoryUsage().heapUsed;
    let fullCollections = 0;
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) if (entry.detail.kind === constants.NODE_PERFORMANCE_GC_MAJOR) fullCollections++;
    });
    observer.observe({ entryTypes: ['gc'] });
    for (let i = 0; i < N / 2; i++) {
      live.push({ i, s: 'more ' + i });
      if (i % 1000 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    observer.disconnect();
    console.log(JSON.stringify({ fullCollections, survived, grown: process.memoryUsage().heapUsed, held: live.length }));
  `;
  const { stdout } = await execFileAsync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { timeout: 20_000 });
  const { fullCollections, survived, grown } = JSON.parse(stdout) as { fullCollections: number; survived: number; grown: number };
  assert.ok(grown > survived * 1.4, `the heap grew from ${survived} to only ${grown}: the test no longer measures what it should`);
  assert.equal(fullCollections, 0);
});

test('a growing factor given on the command line is left as it is', () => {
  assert.equal(fixHeapGrowth(['--heap-growing-percent=50']), false);
  assert.equal(fixHeapGrowth(['--heap_growing_percent', '50']), false);
  assert.equal(fixHeapGrowth(['--max-old-space-size=512']), true);
});
