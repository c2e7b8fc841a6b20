// Runs every *.test.ts under src/ and test/ with node's test runner.
// Node 20 does not expand globs, so the file list is collected here; an empty list is an error,
// never a silent green run.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const roots = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['src', 'test'];
const files = [];
for (const root of roots) {
  if (root.endsWith('.test.ts')) {
    files.push(root);
    continue;
  }
  let entries;
  try {
    entries = readdirSync(root, { recursive: true });
  } catch {
    continue;
  }
  for (const entry of entries) {
    const path = join(root, String(entry));
    if (path.endsWith('.test.ts') && !path.includes('node_modules')) files.push(path);
  }
}
files.sort();
if (files.length === 0) {
  console.error(`no test files found under ${roots.join(', ')}`);
  process.exit(1);
}
const concurrency = process.env.TEST_CONCURRENCY ?? '2';
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...files],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
