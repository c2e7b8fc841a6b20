import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import test from 'node:test';
import { promisify } from 'node:util';
import { canReleaseFreedMemory } from './native-memory.ts';

const execFileAsync = promisify(execFile);
const MiB = 1024 * 1024;

const glibc = process.platform === 'linux' && typeof (process.report.getReport() as { header?: { glibcVersionRuntime?: string } }).header?.glibcVersionRuntime === 'string';

/**
 * In a child process: fills the C heap with 64 MiB of 16 KiB buffers, each followed by a small one
 * that stays alive so glibc cannot give the space back by shrinking its heap, frees the large
 * ones, then runs `release` (an expression); prints the resident [heap] before and after.
 */
async function fragmentAndRelease(imports: string, release: string): Promise<{ before: number; after: number }> {
  const script = `
    import { readFileSync } from 'node:fs';
    import { setTimeout as sleep } from 'node:timers/promises';
    ${imports}
    const heapResident = () => {
      let inHeap = false, kib = 0;
      for (const line of readFileSync('/proc/self/smaps', 'utf8').split('\\n')) {
        if (/^[0-9a-f]+-[0-9a-f]+ /.test(line)) inHeap = line.endsWith('[heap]');
        else if (inHeap && line.startsWith('Rss:')) kib += Number(line.split(/\\s+/)[1]);
      }
      return kib * 1024;
    };
    let large = [];
    const small = [];
    for (let i = 0; i < 4096; i++) {
      large.push(Buffer.allocUnsafeSlow(16 * 1024).fill(1));
      small.push(Buffer.allocUnsafeSlow(64).fill(1));
    }
    large = undefined;
    globalThis.gc();
    await sleep(200);
    const before = heapResident();
    await (${release});
    const after = heapResident();
    console.log(JSON.stringify({ before, after, kept: small.length }));
  `;
  // Once, in a loaded test run, the child's [heap] held only 2 MiB after the buffers, so there was
  // nothing to release; glibc probably put them elsewhere (it maps memory apart from [heap] when
  // the heap cannot grow in place). Such a child is run again; the assertions stay as strict.
  let result = { before: 0, after: 0 };
  for (let attempt = 0; attempt < 3 && result.before <= 48 * MiB; attempt++) {
    const { stdout } = await execFileAsync(process.execPath, ['--expose-gc', '--import', 'tsx', '--input-type=module', '-e', script], { timeout: 30_000 });
    result = JSON.parse(stdout) as { before: number; after: number };
  }
  return result;
}

test('the native helper is built where the C library is glibc', { skip: glibc ? false : 'not glibc: there is nothing to release' }, () => {
  assert.ok(canReleaseFreedMemory(), 'build/Release/tocsin_native.node is missing or failed to load: run `node scripts/build-native.mjs`');
});

test('releaseFreedMemory gives freed C heap below live blocks back to the system', { skip: glibc ? false : 'not glibc' }, async () => {
  const url = new URL('./native-memory.ts', import.meta.url).href;
  const { before, after } = await fragmentAndRelease(`import { releaseFreedMemory } from ${JSON.stringify(url)};`, 'releaseFreedMemory()');
  assert.ok(before > 48 * MiB, `only ${before} bytes of C heap resident after freeing; the fragmentation was not reproduced`);
  assert.ok(before - after > 40 * MiB, `released ${before - after} bytes of ${before}`);
});

test("the memory reducer's collection releases freed C heap too", { skip: glibc ? false : 'not glibc' }, async () => {
  const url = new URL('./memory-reducer.ts', import.meta.url).href;
  const { before, after } = await fragmentAndRelease(`import { processMemory } from ${JSON.stringify(url)};`, 'processMemory().collect()');
  assert.ok(before > 48 * MiB, `only ${before} bytes of C heap resident after freeing; the fragmentation was not reproduced`);
  assert.ok(before - after > 40 * MiB, `released ${before - after} bytes of ${before}`);
});
