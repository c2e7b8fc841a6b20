import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, test } from 'node:test';
import { http, run, serveFlags, waitUntilUp, workspace } from './serve-harness.ts';
import type { Proc } from './serve-harness.ts';
import { freePort, tocsinCommand } from './support/programs.ts';

// Storage that cannot be written, as on a full disk: the shell caps the size of any file the
// server writes (RLIMIT_FSIZE, 4 MiB), so journal writes past it fail with EFBIG.
const MAX_FILE_KIB = 4096;

let proc: Proc | undefined;
after(() => proc?.kill('SIGKILL'));

/** CPU seconds the process has used so far (user + system), from /proc/<pid>/stat. */
async function cpuSeconds(pid: number): Promise<number> {
  const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

test('a server whose alerts journal cannot be written keeps answering, and does not spin retrying', { skip: process.platform !== 'linux' && 'needs /proc' }, async (t) => {
  const ws = await workspace();
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const { command, args } = tocsinCommand();
  proc = run('bash', ['-c', `ulimit -f ${MAX_FILE_KIB} && exec "$@"`, 'bash', command, ...args, 'serve', ...serveFlags(ws, port)]);
  await waitUntilUp(proc, `${base}/-/ready`);
  const pid = proc.child.pid as number;

  // 12 MiB of alerts, so the journal's backlog passes the 8 MiB that is written at once.
  const pad = 'x'.repeat(1024);
  for (let b = 0; b < 120; b++) {
    const batch = Array.from({ length: 100 }, (_, i) => ({ labels: { alertname: 'Full', n: String(b * 100 + i) }, annotations: { pad } }));
    const reply = await http(`${base}/api/v2/alerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(batch) });
    assert.equal(reply.status, 200, reply.body);
  }
  const listed = JSON.parse((await http(`${base}/api/v2/alerts`)).body) as unknown[];
  assert.equal(listed.length, 12_000);
  const silence = await http(`${base}/api/v2/silences`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ matchers: [{ name: 'alertname', value: 'Full', isRegex: false }], startsAt: new Date().toISOString(), endsAt: new Date(Date.now() + 3_600_000).toISOString(), createdBy: 'test', comment: 'small files are still written' }),
  });
  assert.equal(silence.status, 200, silence.body);

  // Retries wait longer and longer: over two quiet seconds the process is mostly idle, where
  // retrying at once kept a core busy.
  const before = await cpuSeconds(pid);
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  const busy = (await cpuSeconds(pid)) - before;
  t.diagnostic(`${busy.toFixed(2)} s of CPU in 2 quiet seconds`);
  assert.ok(busy < 1.2, `${busy.toFixed(2)} s of CPU in 2 s`);
  assert.equal((await http(`${base}/-/ready`)).status, 200);
  assert.match(proc.stderr(), /Writing the alerts journal failed.*EFBIG/);
  proc.kill('SIGTERM');
  await proc.exited;
});
