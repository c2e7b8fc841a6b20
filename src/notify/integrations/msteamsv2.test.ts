import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { MsTeamsV2Config } from '../../config/types.ts';
import { goJsonLine } from './slack-support.ts';
import { NotifyError } from '../notify-error.ts';
import type { Notifier } from '../notifier.ts';
import { createMsTeamsV2Notifier } from './msteamsv2.ts';
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

async function teamsConfig(yaml: string): Promise<MsTeamsV2Config> {
  const rcv = await fixtureReceiver('msteamsv2', server.base, receiverYaml(`    msteamsv2_configs:\n${yaml}`));
  return (rcv.msteamsv2_configs ?? [])[0] as MsTeamsV2Config;
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

// The message of msteamsv2.go, written out in Go's field order.
function card(title: string, text: string, color: string): string {
  return goJsonLine(
    JSON.parse(
      '{"type":"message","attachments":[{"contentType":"application/vnd.microsoft.card.adaptive","contentUrl":null,' +
        '"content":{"$schema":"http://adaptivecards.io/schemas/adaptive-card.json","type":"AdaptiveCard","version":"1.2",' +
        `"body":[{"type":"TextBlock","text":${JSON.stringify(title)},"weight":"Bolder","size":"Medium","wrap":true,"style":"heading","color":"${color}"},` +
        `{"type":"TextBlock","text":${JSON.stringify(text)},"wrap":true}],"msteams":{"width":"full"}}}]}`,
    ),
  );
}

describe('MsTeamsV2Notifier', () => {
  test('default config: the Adaptive Card of Alertmanager 0.34 (hand-derived)', async () => {
    const config = await teamsConfig(`      - webhook_url: ${server.base}/workflows/x?api-version=1\n`);
    assert.equal(config.send_resolved, true);
    await createMsTeamsV2Notifier(config, deps).notify(chatContext(), [FIRING, RESOLVED]);
    const got = last();
    assert.deepEqual([got.method, got.path, got.headers['content-type'], got.headers['user-agent']], ['POST', '/workflows/x?api-version=1', 'application/json', 'Tocsin/test']);
    assert.equal(got.body, card(SUBJECT_BOTH, MARKDOWN_TEXT_BOTH, 'Attention'));
    assert.ok(got.body.includes('s \\u003cb\\u003e\\u0026'));
  });

  test('resolved: Good; empty title and text are still sent', async () => {
    const config = await teamsConfig(`      - webhook_url: ${server.base}/t\n        title: ''\n        text: ''\n`);
    await createMsTeamsV2Notifier(config, deps).notify(chatContext(), [RESOLVED]);
    assert.equal(last().body, card('', '', 'Good'));
    const defaults = await teamsConfig(`      - webhook_url: ${server.base}/t\n`);
    await createMsTeamsV2Notifier(defaults, deps).notify(chatContext(), [RESOLVED]);
    assert.ok(last().body.includes(`"text":"${SUBJECT_RESOLVED}"`));
  });

  test('webhook_url_file is read on every send', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tocsin-msteamsv2-'));
    const file = join(dir, 'url');
    await writeFile(file, `${server.base}/one\n`);
    const n = createMsTeamsV2Notifier(await teamsConfig(`      - webhook_url_file: ${file}\n`), deps);
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
    const n = createMsTeamsV2Notifier(config, deps);
    server.answers.push({ status: 500, body: 'boom' }, { status: 200, body: '1' }, { status: 400, body: 'Bad payload' }, { status: 429 });
    const e500 = await failure(n);
    assert.deepEqual([e500.retryable, e500.reason, e500.message], [true, 'serverError', 'unexpected status code 500: boom']);
    await n.notify(chatContext(), [FIRING]);
    const e400 = await failure(n);
    assert.deepEqual([e400.retryable, e400.reason, e400.statusCode], [false, 'clientError', 400]);
    const e429 = await failure(n);
    assert.deepEqual([e429.retryable, e429.reason], [false, 'rateLimited']);
    const bad = await failure(createMsTeamsV2Notifier({ ...config, text: '{{ .Nope' }, deps));
    assert.equal(bad.retryable, false);
    assert.equal(server.requests.length, 4);
  });
});
