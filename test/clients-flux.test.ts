// Flux notification-controller's `alertmanager` provider against `tocsin serve` (and Alertmanager
// 0.25 when installed): the exact request it sends (test/fixtures/clients/flux-alertmanager-request.json,
// built as its Go code builds it) is accepted behind basic auth, listed by the API and routed by
// its namespace label to a webhook.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import bcrypt from 'bcryptjs';
import { RelativeClock } from './acceptance/relative-clock.ts';
import { Webhook } from './acceptance/webhook.ts';
import { findProgram, freePort, skipUnless } from './support/programs.ts';
import { waitFor } from './support/wait-for.ts';
import { http, run, serveFlags, waitUntilUp, workspace } from './serve-harness.ts';
import type { Proc } from './serve-harness.ts';

interface FluxFixture {
  request: { method: string; path: string; headers: Record<string, string>; body: string };
}

const REAL = 'prometheus-alertmanager';
const implementations = [
  { name: 'tocsin serve', command: 'tocsin', args: ['serve'], skip: false as string | false },
  { name: 'Alertmanager 0.25', command: findProgram(REAL) ?? REAL, args: [] as string[], skip: skipUnless(REAL, 'prometheus-alertmanager') },
];

const USER = 'flux';
const PASSWORD = 'provider-secret';
const basic = (user: string, password: string): string => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

const running: Proc[] = [];
after(() => {
  for (const proc of running) proc.kill('SIGKILL');
});

for (const impl of implementations) {
  describe(`Flux alertmanager provider → ${impl.name}`, { skip: impl.skip }, () => {
    test('the provider request is ingested (200), listed, and routed by namespace to the webhook', async (t) => {
      const fixture = JSON.parse(
        await readFile(new URL('./fixtures/clients/flux-alertmanager-request.json', import.meta.url), 'utf8'),
      ) as FluxFixture;
      const webhook = await Webhook.start('flux-apps', new RelativeClock());
      t.after(() => webhook.close());
      // Flux alerts never resolve by themselves: the docs advise a long resolve_timeout.
      const ws = await workspace(`global:
  resolve_timeout: 1h
route:
  receiver: default
  group_by: [alertname, namespace]
  group_wait: 1s
  routes:
  - receiver: flux-apps
    matchers: ['namespace="apps"', 'reportingcontroller=~".+-controller"']
receivers:
- name: default
- name: flux-apps
  webhook_configs:
  - url: '${webhook.url}'
`);
      const webConfig = join(ws.dir, 'web.yml');
      await writeFile(webConfig, `basic_auth_users:\n  ${USER}: ${await bcrypt.hash(PASSWORD, 4)}\n`);
      const port = await freePort();
      const proc = run(impl.command, [...impl.args, ...serveFlags(ws, port), `--web.config.file=${webConfig}`]);
      running.push(proc);
      const url = `http://127.0.0.1:${port}`;
      await waitUntilUp(proc, `${url}/-/healthy`);

      const { request } = fixture;
      const send = (authorization?: string) =>
        http(`${url}${request.path}`, {
          method: request.method,
          headers: { ...request.headers, ...(authorization === undefined ? {} : { Authorization: authorization }) },
          body: request.body,
        });
      assert.equal((await send()).status, 401, 'no credentials');
      // Alertmanager's web config knows basic auth only: a Provider token is refused as well.
      assert.equal((await send('Bearer provider-token')).status, 401, 'a bearer token');
      const accepted = await send(basic(USER, PASSWORD));
      assert.equal(accepted.status, 200, accepted.body);
      assert.equal(accepted.body, '');

      const listed = await http(`${url}/api/v2/alerts?filter=${encodeURIComponent('alertname="FluxKustomizationValidationfailed"')}`, {
        headers: { Authorization: basic(USER, PASSWORD) },
      });
      assert.equal(listed.status, 200, listed.body);
      const [alert, ...others] = JSON.parse(listed.body) as {
        labels: Record<string, string>;
        annotations: Record<string, string>;
        startsAt: string;
        endsAt: string;
        receivers: { name: string }[];
        status: { state: string };
      }[];
      assert.equal(others.length, 0);
      const sent = (JSON.parse(request.body) as { labels: Record<string, string>; annotations: Record<string, string> }[])[0];
      assert.deepEqual(alert?.labels, sent?.labels, 'the labels as sent; the extra "status" field is ignored');
      assert.deepEqual(alert?.annotations, sent?.annotations);
      assert.equal(Date.parse(alert?.startsAt ?? ''), Date.parse('2026-11-21T02:00:00Z'), 'second-precision startsAt kept');
      const endsIn = Date.parse(alert?.endsAt ?? '') - Date.now();
      assert.ok(endsIn > 59 * 60_000 && endsIn <= 3_600_000, `the zero endsAt means now + resolve_timeout, got ${alert?.endsAt}`);
      assert.deepEqual(alert?.receivers, [{ name: 'flux-apps' }]);
      assert.equal(alert?.status.state, 'active');

      await waitFor('the webhook notification', 10_000, () => webhook.batches.length > 0);
      const [notified] = webhook.batches[0]?.alerts ?? [];
      assert.deepEqual(notified?.labels, sent?.labels);
      assert.equal(notified?.annotations['summary'], 'Cluster prod-eu: apps');
      assert.equal(notified?.endsAt, undefined, 'firing');
      proc.kill('SIGTERM');
      await proc.exited;
    });
  });
}
