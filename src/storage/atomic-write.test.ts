import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { writeFileAtomic } from './atomic-write.ts';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tocsin-atomic-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('writeFileAtomic replaces the file and leaves no temporary file behind', async () => {
  const path = join(dir, 'state');
  await writeFileAtomic(path, 'first');
  await writeFileAtomic(path, Buffer.from('second'));
  assert.equal(await readFile(path, 'utf8'), 'second');
  assert.deepEqual(await readdir(dir), ['state']);
});

test('writeFileAtomic writes an async iterable chunk by chunk', async () => {
  const path = join(dir, 'chunked');
  async function* chunks(): AsyncGenerator<string> {
    yield 'a';
    yield 'b';
  }
  await writeFileAtomic(path, chunks());
  assert.equal(await readFile(path, 'utf8'), 'ab');
});

test('writeFileAtomic keeps the old file when writing fails', async () => {
  const path = join(dir, 'kept');
  await writeFileAtomic(path, 'old');
  async function* failing(): AsyncGenerator<string> {
    yield 'partial';
    throw new Error('boom');
  }
  await assert.rejects(writeFileAtomic(path, failing()), /boom/);
  assert.equal(await readFile(path, 'utf8'), 'old');
  assert.deepEqual((await readdir(dir)).filter((f) => f.includes('kept')), ['kept']);
});
