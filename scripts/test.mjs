// Runs the test suite with node's test runner in two phases: unit tests beside the modules
// (src/, and bench/'s report), two files at a time, then the multi-process tests (test/), one
// file at a time because their scenarios measure real notification timing.
// Node 20 does not expand globs, so the file lists are collected here; an empty list is an error,
// never a silent green run. Arguments (files or folders) run just those, in one phase.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

function collect(root) {
  if (root.endsWith('.test.ts')) return [root];
  let entries;
  try {
    if (!statSync(root).isDirectory()) return [];
    entries = readdirSync(root, { recursive: true });
  } catch {
    return [];
  }
  return entries
    .map((entry) => join(root, String(entry)))
    .filter((path) => path.endsWith('.test.ts') && !path.includes('node_modules'))
    .sort();
}

function run(files, concurrency) {
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...files],
    { stdio: 'inherit' },
  );
  return result.status ?? 1;
}

const args = process.argv.slice(2);
const phases =
  args.length > 0
    ? [{ files: args.flatMap(collect), concurrency: process.env.TEST_CONCURRENCY ?? '1' }]
    : [
        { files: [...collect('src'), ...collect('bench')], concurrency: process.env.TEST_CONCURRENCY ?? '2' },
        { files: collect('test'), concurrency: '1' },
      ];
if (phases.every((phase) => phase.files.length === 0)) {
  console.error(`no test files found under ${args.length > 0 ? args.join(', ') : 'src, test'}`);
  process.exit(1);
}
// Multi-process tests start Tocsin many times: the built CLI starts several times faster than tsx.
if (phases.some((phase) => phase.files.some((file) => file.startsWith('test')))) {
  const build = spawnSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(1);
  process.env.TOCSIN_BUILT = '1';
}
let failed = 0;
for (const phase of phases) {
  if (phase.files.length > 0 && run(phase.files, phase.concurrency) !== 0) failed++;
}
process.exit(failed > 0 ? 1 : 0);
