import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { goGlob } from './glob.ts';

describe('goGlob (Go filepath.Glob)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tocsin-glob-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'a'));
  mkdirSync(join(dir, 'b'));
  for (const f of ['a/z.tmpl', 'a/b.tmpl', 'a/.hidden.tmpl', 'a/x.txt', 'b/c.tmpl']) writeFileSync(join(dir, f), '');

  it('matches in sorted order, dot-files included', async () => {
    assert.deepEqual(await goGlob(join(dir, 'a/*.tmpl')), ['.hidden.tmpl', 'b.tmpl', 'z.tmpl'].map((f) => join(dir, 'a', f)));
  });

  it('allows wildcards in directories, ? and classes', async () => {
    assert.deepEqual(await goGlob(join(dir, '*/[bc].tmpl')), [join(dir, 'a/b.tmpl'), join(dir, 'b/c.tmpl')]);
    assert.deepEqual(await goGlob(join(dir, 'a/?.txt')), [join(dir, 'a/x.txt')]);
  });

  it('returns nothing, not an error, when nothing matches', async () => {
    assert.deepEqual(await goGlob(join(dir, 'none/*.tmpl')), []);
    assert.deepEqual(await goGlob(join(dir, 'a/missing.tmpl')), []);
  });

  it('rejects a malformed pattern as Go does (ErrBadPattern)', async () => {
    await assert.rejects(goGlob(join(dir, 'a/[.tmpl')), { message: 'syntax error in pattern' });
  });
});
