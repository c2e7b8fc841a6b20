// The receiver test end to end: `tocsin serve` sends a test notification through each webhook
// of a receiver (one answers 200, one 500), over the API and through `tocsin receiver test`.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { AcceptanceTest } from './acceptance/harness.ts';
import { tocsinOnly } from './acceptance/target.ts';
import { tocsinCommand } from './support/programs.ts';

const run = promisify(execFile);

interface Result {
  integration: string;
  status: string;
  error?: string;
  durationMs: number;
}

test('POST /api/v2/receivers/{name}/test and `tocsin receiver test`', { skip: tocsinOnly('Alertmanager has no receiver test') }, async (t) => {
  const at = new AcceptanceTest(t);
  const good = await at.webhook('good');
  const bad = await at.webhook('bad', { status: () => 500 });
  // `team` is referenced by no route: a receiver can be tested before any alert is routed to it.
  await at.alertmanager(`
route:
  receiver: default
receivers:
- name: default
- name: team
  webhook_configs:
  - url: '${good.url}'
  - url: '${bad.url}'
    send_resolved: false
`);
  const am = await at.start();
  const post = async (receiver: string, body: unknown): Promise<{ status: number; json: unknown }> => {
    const res = await fetch(`${am.url}/api/v2/receivers/${encodeURIComponent(receiver)}/test`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, json: await res.json() };
  };

  await at.verify(async () => {
    const res = await post('team', { labels: { severity: 'info' }, annotations: { summary: 'checking the pager' } });
    assert.equal(res.status, 200);
    const results = res.json as Result[];
    assert.deepEqual(results.map((r) => [r.integration, r.status]), [
      ['webhook[0]', 'ok'],
      ['webhook[1]', 'failed'],
    ]);
    assert.match(results[1]?.error ?? '', /500/);
    assert.equal(bad.requests.length, 1, 'one attempt, no retries');
    assert.equal(good.batches.length, 1);
    const [alert] = good.batches[0]?.alerts ?? [];
    assert.deepEqual(alert?.labels, { alertname: 'TestAlert', instance: 'tocsin', severity: 'info' });
    assert.equal(alert?.annotations['summary'], 'checking the pager');
    assert.equal(alert?.endsAt, undefined, 'a firing alert');
    assert.deepEqual(await am.api.getAlerts(), [], 'the test alert is not stored');

    assert.equal((await post('nobody', {})).status, 404);
    assert.equal((await post('team', { alerts: [] })).status, 400);

    const { command, args } = tocsinCommand();
    const cli = await run(command, [...args, 'receiver', 'test', 'team', `--alertmanager.url=${am.url}`, '--label', 'via=cli'], {
      timeout: 30_000,
    }).then(
      (r) => ({ code: 0, ...r }),
      (err: { code: number; stdout: string; stderr: string }) => err,
    );
    assert.equal(cli.code, 1, cli.stderr);
    assert.match(cli.stdout, /^Integration +Status +Duration +Error\nwebhook\[0\] +ok +\d+ms +\nwebhook\[1\] +failed +\d+ms +.*500/);
    assert.equal(good.batches.length, 2);
    assert.equal(good.batches[1]?.alerts[0]?.labels['via'], 'cli');
  });
});
