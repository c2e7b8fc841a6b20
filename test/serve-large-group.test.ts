import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, test } from 'node:test';
import { http, run, serveFlags, waitUntilUp, workspace } from './serve-harness.ts';
import type { Proc } from './serve-harness.ts';
import { freePort } from './support/programs.ts';

const ALERTS = 2_000;

let proc: Proc | undefined;
after(() => proc?.kill('SIGKILL'));

test('a group of thousands of alerts is rendered by the render worker into a whole Microsoft Teams message', async () => {
  const bodies: string[] = [];
  const teams = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      bodies.push(body);
      res.end('1');
    });
  });
  await new Promise<void>((resolve) => teams.listen(0, '127.0.0.1', resolve));
  after(() => teams.close());
  const ws = await workspace(
    [
      'route:',
      '  receiver: teams',
      '  group_by: [alertname]',
      '  group_wait: 300ms',
      'receivers:',
      '  - name: teams',
      `    msteams_configs: [{ webhook_url: 'http://127.0.0.1:${(teams.address() as AddressInfo).port}/hook' }]`,
      '',
    ].join('\n'),
  );
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  proc = run('tocsin', ['serve', ...serveFlags(ws, port), '--log.level=debug']);
  await waitUntilUp(proc, `${base}/-/ready`);

  const alerts = Array.from({ length: ALERTS }, (_, i) => ({ labels: { alertname: 'Big', instance: `host-${i}` }, annotations: { summary: `host-${i} is down` } }));
  const reply = await http(`${base}/api/v2/alerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(alerts) });
  assert.equal(reply.status, 200, reply.body);
  const postedAt = Date.now();
  while (bodies.length === 0 && Date.now() - postedAt < 10_000) await new Promise((resolve) => setTimeout(resolve, 50));

  assert.equal(bodies.length, 1, 'one notification');
  const message = JSON.parse(bodies[0] as string) as { title: string; text: string };
  assert.equal(message.title, `[FIRING:${ALERTS}] Big `);
  for (let i = 0; i < ALERTS; i++) assert.ok(message.text.includes(`host-${i} is down`), `alert ${i} is in the message`);
  assert.match(proc.stderr(), /started the template render worker/);
  proc.kill('SIGTERM');
  assert.equal(await proc.exited, 0);
});
