#!/usr/bin/env node
// Re-derives test/fixtures/config/verdicts.json from the real `amtool check-config`.
//
// Every *.yml in the corpus is checked with amtool (default /usr/bin/amtool, override with $AMTOOL).
// A file whose first lines carry `# since: 0.34` uses keys or behaviour newer than the installed
// amtool (0.25); its verdict comes from its `# expect: ok | <message>` line, taken from
// Alertmanager 0.34's source, and amtool's own answer is kept alongside for reference.
//
//   node scripts/derive-config-verdicts.mjs [--check]
//
// --check compares instead of writing, and exits 1 when verdicts.json is out of date.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = new URL('../test/fixtures/config/', import.meta.url).pathname;
const amtool = process.env.AMTOOL ?? '/usr/bin/amtool';
const out = join(dir, 'verdicts.json');

function runAmtool(file) {
  let stdout;
  try {
    stdout = execFileSync(amtool, ['check-config', file], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    stdout = err.stdout ?? '';
  }
  const version = execFileSync(amtool, ['--version'], { encoding: 'utf8' }).split('\n')[0];
  const prefix = `Checking '${file}'  `;
  if (!stdout.startsWith(prefix)) {
    // amtool 0.25 panics on some inputs newer versions reject cleanly (a null webhook entry).
    if (stdout.startsWith(`Checking '${file}'`)) return { verdict: 'error', message: 'amtool crashed', version };
    throw new Error(`unexpected amtool output for ${file}: ${stdout}`);
  }
  const rest = stdout.slice(prefix.length);
  if (rest.startsWith('SUCCESS\n')) return { verdict: 'ok', version };
  if (!rest.startsWith('FAILED: ')) throw new Error(`unexpected amtool output for ${file}: ${stdout}`);
  // The message runs up to the blank line that ends the file's report.
  return { verdict: 'error', message: rest.slice('FAILED: '.length).replace(/\n\n$/, ''), version };
}

function header(text, key) {
  const m = new RegExp(`^# ${key}: (.*)$`, 'm').exec(text.split('\n').slice(0, 3).join('\n'));
  return m?.[1];
}

const verdicts = {};
for (const file of readdirSync(dir).filter((f) => f.endsWith('.yml')).sort()) {
  const text = readFileSync(join(dir, file), 'utf8');
  const amtoolResult = runAmtool(file);
  const since = header(text, 'since');
  if (since === undefined) {
    verdicts[file] = amtoolResult.verdict === 'ok' ? { verdict: 'ok', source: amtoolResult.version } : {
      verdict: 'error',
      message: amtoolResult.message,
      source: amtoolResult.version,
    };
    continue;
  }
  const expect = header(text, 'expect')?.replaceAll('\\n', '\n');
  if (expect === undefined) throw new Error(`${file}: '# since:' needs an '# expect:' line`);
  const amtoolSays = amtoolResult.verdict === 'ok' ? 'ok' : amtoolResult.message;
  verdicts[file] = expect === 'ok'
    ? { verdict: 'ok', source: `alertmanager ${since} source`, amtool: amtoolSays }
    : { verdict: 'error', message: expect, source: `alertmanager ${since} source`, amtool: amtoolSays };
}

const json = `${JSON.stringify(verdicts, null, 2)}\n`;
if (process.argv.includes('--check')) {
  const current = readFileSync(out, 'utf8');
  if (current !== json) {
    console.error('verdicts.json is out of date; run node scripts/derive-config-verdicts.mjs');
    process.exit(1);
  }
  console.log(`verdicts.json matches amtool for ${Object.keys(verdicts).length} files`);
} else {
  writeFileSync(out, json);
  console.log(`wrote ${Object.keys(verdicts).length} verdicts to ${out}`);
}
