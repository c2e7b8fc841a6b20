import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { MsTeamsConfig } from '../../config/types.ts';
import { goJsonLine } from './slack-support.ts';
import { NotifyError } from '../notify-error.ts';
import type { Notifier } from '../notifier.ts';
import { createMsTeamsNotifier } from './msteams.ts';
import type { CapturedRequest } from './slack-test-server.ts';
import {
  CaptureServer,
  chatContext,
  FIRING,
  fixtureReceiver,
  MARKDOWN_TEXT_BOTH,
  receiverYaml,
  RESOLVED,
  SUBJECT_BOTH,
  SUBJECT_RESOLVED,
  testDeps,
} from './slack-test-server.ts';

let server: CaptureServer;
const deps = testDeps();

before(async () => {
  server = await CaptureServer.start();
});
after(async () => {
  await deps.http.close();
  await server.close();
});
beforeEach(() => server.reset());

async function teamsConfig(yaml: string): Promise<MsTeamsConfig> {
  const rcv = await fixtureReceiver('msteams', server.base, receiverYaml(`    msteams_configs:\n${yaml}`));
  return (rcv.msteams_configs ?? [])[0] as MsTeamsConfig;
}

function last(): CapturedRequest {
  const r = server.requests.at(-1);
  assert.ok(r !== undefined, 'no request received');
  return r;
}

async function failure(n: Notifier): Promise<NotifyError> {
  try {
    await n.notify(chatContext(), [FIRING]);
  } catch (error) {
    assert.ok(error instanceof NotifyError);
    return error;
  }
  assert.fail('expected a failure');
}

describe('MsTeamsNotifier', () => {
  test('default config: the MessageCard of Alertmanager 0.34 (hand-derived)', async () => {
    const config = await teamsConfig(`      - webhook_url: ${server.base}/webhookb2/x?a=1\n`);
    assert.equal(config.send_resolved, true);
    await createMsTeamsNotifier(config, deps).notify(chatContext(), [FIRING, RESOLVED]);
    const got = last();
    assert.deepEqual([got.method, got.path, got.headers['content-type'], got.headers['user-agent']], ['POST', '/webhookb2/x?a=1', 'application/json', 'Tocsin/test']);
    const expected =
      '{"@context":"http://schema.org/extensions","type":"MessageCard",' +
      `"title":${JSON.stringify(SUBJECT_BOTH)},"summary":${JSON.stringify(SUBJECT_BOTH)},` +
      `"text":${JSON.stringify(MARKDOWN_TEXT_BOTH)},"themeColor":"8C1A1A"}`;
    assert.equal(got.body, goJsonLine(JSON.parse(expected)));
    assert.ok(got.body.includes('s \\u003cb\\u003e\\u0026'));
  });

  test('resolved: green; custom title, summary and text', async () => {
    const config = await teamsConfig(`      - webhook_url: ${server.base}/t\n        title: 'T {{ .Status }}'\n        summary: S\n        text: ''\n`);
    await createMsTeamsNotifier(config, deps).notify(chatContext(), [RESOLVED]);
    assert.equal(last().body, '{"@context":"http://schema.org/extensions","type":"MessageCard","title":"T resolved","summary":"S","text":"","themeColor":"2DC72D"}\n');
    const defaults = await teamsConfig(`      - webhook_url: ${server.base}/t\n`);
    await createMsTeamsNotifier(defaults, deps).notify(chatContext(), [RESOLVED]);
    assert.ok(last().body.includes(`"title":"${SUBJECT_RESOLVED}"`));
  });

  test('webhook_url_file is read on every send', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tocsin-msteams-'));
    const file = join(dir, 'url');
    await writeFile(file, `${server.base}/one\n`);
    const n = createMsTeamsNotifier(await teamsConfig(`      - webhook_url_file: ${file}\n`), deps);
    await n.notify(chatContext(), [FIRING]);
    await writeFile(file, `${server.base}/two`);
    await n.notify(chatContext(), [FIRING]);
    assert.deepEqual(
      server.requests.map((r) => r.path),
      ['/one', '/two'],
    );
  });

  test('500 is retried then 200 succeeds; 400 and 429 are not retried; template errors fail', async () => {
    const config = await teamsConfig(`      - webhook_url: ${server.base}/t\n`);
    const n = createMsTeamsNotifier(config, deps);
    server.answers.push({ status: 500, body: 'boom' }, { status: 200, body: '1' }, { status: 400, body: 'Bad payload' }, { status: 429 });
    const e500 = await failure(n);
    assert.deepEqual([e500.retryable, e500.reason, e500.message], [true, 'serverError', 'unexpected status code 500: boom']);
    await n.notify(chatContext(), [FIRING]);
    const e400 = await failure(n);
    assert.deepEqual([e400.retryable, e400.reason, e400.statusCode], [false, 'clientError', 400]);
    const e429 = await failure(n);
    assert.deepEqual([e429.retryable, e429.reason], [false, 'rateLimited']);
    const bad = await failure(createMsTeamsNotifier({ ...config, text: '{{ .Nope' }, deps));
    assert.equal(bad.retryable, false);
    assert.equal(server.requests.length, 4);
  });
});
