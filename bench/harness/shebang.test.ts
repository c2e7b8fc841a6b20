import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { shebangNodeFlags, shebangNodeFlagsOf } from './shebang.ts';

test('the flags after node on an env -S line', () => {
  assert.deepEqual(shebangNodeFlags('#!/usr/bin/env -S node --v8-pool-size=0 --max-old-space-size=512\nimport x;\n'), ['--v8-pool-size=0', '--max-old-space-size=512']);
});

test('the flags after a node path; none for a plain env line, another interpreter or no shebang', () => {
  assert.deepEqual(shebangNodeFlags('#!/usr/bin/env node\n'), []);
  assert.deepEqual(shebangNodeFlags('#!/opt/node/bin/node --trace-gc\n'), ['--trace-gc']);
  assert.deepEqual(shebangNodeFlags('#!/bin/sh\necho node --x\n'), []);
  assert.deepEqual(shebangNodeFlags('import x from "y"; // node --x\n'), []);
  assert.deepEqual(shebangNodeFlags(''), []);
});

test("Tocsin's command and npm start size V8's thread pool to the machine", () => {
  const bin = fileURLToPath(new URL('../../bin/tocsin.js', import.meta.url));
  assert.deepEqual(shebangNodeFlagsOf(bin), ['--v8-pool-size=0']);
  // npm start names the flag itself, so the quick start works where env has no -S.
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> };
  assert.match(pkg.scripts['start'] ?? '', /^node --v8-pool-size=0 bin\/tocsin\.js serve /);
});
