/**
 * `template render` against the real amtool 0.25 (test/fixtures/templates/expected/render-cli.json):
 * stdout, stderr and exit code of each invocation. amtool's example data carries time.Now(), so
 * outputs that print times of the example data are not part of the fixture.
 */
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { templateRender } from './template-render.ts';
import { GoTime } from '../template/go-time.ts';

interface Invocation {
  readonly globs: string[];
  readonly text: string;
  readonly type?: 'text' | 'html';
  readonly data?: string;
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number;
}

const root = new URL('../../test/fixtures/templates/', import.meta.url).pathname;
const invocations = JSON.parse(readFileSync(`${root}expected/render-cli.json`, 'utf8')) as Invocation[];

async function run(inv: Omit<Invocation, 'stdout' | 'stderr' | 'code'>): Promise<{ stdout: string; stderr: string; code: number }> {
  let stdout = '';
  let stderr = '';
  const cwd = process.cwd();
  process.chdir(root);
  try {
    const code = await templateRender(
      { globs: inv.globs, text: inv.text, type: inv.type, dataFile: inv.data, program: 'amtool', now: () => GoTime.fromMillis(Date.UTC(2026, 10, 21)) },
      { out: (s) => (stdout += s), err: (s) => (stderr += s) },
    );
    return { stdout, stderr, code };
  } finally {
    process.chdir(cwd);
  }
}

for (const inv of invocations) {
  // Go's monotonic clock makes this one differ by nanoseconds from run to run.
  if (inv.text.includes('.Sub')) continue;
  test(`amtool template render ${inv.globs.join(' ')} ${JSON.stringify(inv.text)} ${inv.data ?? ''}`, async () => {
    assert.deepEqual(await run(inv), { stdout: inv.stdout, stderr: inv.stderr, code: inv.code });
  });
}

test('example data spans five and ten minutes before now, ending now', async () => {
  const r = await run({ globs: [], text: '{{ range .Alerts }}{{ .EndsAt.Sub .StartsAt }} {{ .EndsAt }}|{{ end }}' });
  assert.equal(r.stdout, '5m0s 2026-11-21 00:00:00 +0000 UTC|10m0s 2026-11-21 00:00:00 +0000 UTC|');
});
