import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { RocketchatConfig } from '../../config/types.ts';
import { NotifyError } from '../notify-error.ts';
import type { Notifier } from '../notifier.ts';
import { createRocketchatNotifier } from './rocketchat.ts';
import { goJsonLine } from './slack-support.ts';
import type { CapturedRequest } from './slack-test-server.ts';
import {
  CaptureServer,
  chatContext,
  FIRING,
  fixtureReceiver,
  receiverYaml,
  recordingLogger,
  RESOLVED,
  SUBJECT_BOTH,
  testDeps,
} from './slack-test-server.ts';

let server: CaptureServer;
const deps = testDeps();
const LINK = 'http://am.example:9093/#/alerts?receiver=chat';
const SUCCESS = { status: 200, headers: { 'content-type': 'application/json' }, body: '{"success":true}' };

before(async () => {
  server = await CaptureServer.start();
});
after(async () => {
  await deps.http.close();
  await server.close();
});
beforeEach(() => {
  server.reset();
  server.fallback = SUCCESS;
});

async function rocketchatConfig(yaml: string): Promise<RocketchatConfig> {
  const global = `global:\n  rocketchat_api_url: ${server.base}/rc\n  rocketchat_token: tok\n  rocketchat_token_id: uid\n`;
  const rcv = await fixtureReceiver('rocketchat', server.base, `${global}${receiverYaml(`    rocketchat_configs:\n${yaml}`)}`);
  return (rcv.rocketchat_configs ?? [])[0] as RocketchatConfig;
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

describe('RocketchatNotifier', () => {
  test('default config from global settings, as Alertmanager 0.34 sends it (hand-derived)', async () => {
    const config = await rocketchatConfig('      - {}\n');
    assert.equal(config.send_resolved, false);
    await createRocketchatNotifier(config, deps).notify(chatContext(), [FIRING, RESOLVED]);
    const got = last();
    assert.deepEqual(
      [got.method, got.path, got.headers['content-type'], got.headers['user-agent'], got.headers['x-auth-token'], got.headers['x-user-id']],
      ['POST', '/rc/api/v1/chat.postMessage', 'application/json', 'Tocsin/test', 'tok', 'uid'],
    );
    assert.equal(got.body, goJsonLine({ attachments: [{ title: SUBJECT_BOTH, title_link: LINK, color: 'red' }] }));
  });

  test('every option, fields (short falls back to short_fields) and button actions', async () => {
    const config = await rocketchatConfig(
      `      - channel: '#alerts'
        emoji: ':fire:'
        icon_url: http://i.example/a.png
        text: 'x <{{ .Status }}>'
        title: t
        title_link: http://t.example
        color: blue
        image_url: http://i.example/i.png
        thumb_url: http://i.example/t.png
        short_fields: true
        fields:
          - title: f1
            value: '{{ .CommonLabels.severity }}'
          - title: f2
            value: v2
            short: false
        actions:
          - text: Open
            url: http://o.example
          - text: Ack
            msg: ack it
`,
    );
    await createRocketchatNotifier(config, deps).notify(chatContext(), [RESOLVED]);
    const expected =
      '{"channel":"#alerts","emoji":":fire:","avatar":"http://i.example/a.png","attachments":[{"title":"t","title_link":"http://t.example",' +
      '"text":"x \\u003cresolved\\u003e","image_url":"http://i.example/i.png","thumb_url":"http://i.example/t.png","color":"blue",' +
      '"fields":[{"short":true,"title":"f1","value":"warning"},{"short":false,"title":"f2","value":"v2"}],' +
      '"actions":[{"type":"button","text":"Open","url":"http://o.example","is_webview":false,"msg_in_chat_window":false},' +
      '{"type":"button","text":"Ack","is_webview":false,"msg":"ack it","msg_in_chat_window":false}]}]}\n';
    assert.equal(last().body, expected);
  });

  test('title is cut at 1024 runes; token files are read on every send', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tocsin-rocketchat-'));
    await writeFile(join(dir, 'token'), ' t1\n');
    await writeFile(join(dir, 'id'), 'u1\n');
    const config = await rocketchatConfig(`      - token_file: ${join(dir, 'token')}\n        token_id_file: ${join(dir, 'id')}\n`);
    const logger = recordingLogger();
    const n = createRocketchatNotifier({ ...config, title: 'ü'.repeat(2000) }, deps, logger);
    await n.notify(chatContext(), [FIRING]);
    assert.deepEqual([last().headers['x-auth-token'], last().headers['x-user-id']], ['t1', 'u1']);
    const body = JSON.parse(last().body) as { attachments: { title: string }[] };
    assert.equal(body.attachments[0]?.title, `${'ü'.repeat(1023)}…`);
    assert.deepEqual(logger.warnings, ['Truncated title']);
    await writeFile(join(dir, 'token'), 't2');
    await n.notify(chatContext(), [FIRING]);
    assert.equal(last().headers['x-auth-token'], 't2');
  });

  test('answers: 500 retried, 400/429 not, success:false and bad JSON classified', async () => {
    const config = await rocketchatConfig("      - channel: '#c'\n");
    const n = createRocketchatNotifier(config, deps);
    server.answers.push(
      { status: 500, body: 'boom' },
      SUCCESS,
      { status: 400, body: '{"success":false,"error":"bad"}' },
      { status: 429 },
      { status: 200, body: '{"success":false,"error":"error-not-allowed"}' },
      { status: 200, body: 'oops' },
    );
    const e500 = await failure(n);
    assert.deepEqual([e500.retryable, e500.reason, e500.message], [true, 'serverError', 'channel "#c": unexpected status code 500: boom']);
    await n.notify(chatContext(), [FIRING]);
    const e400 = await failure(n);
    assert.deepEqual([e400.retryable, e400.reason], [false, 'clientError']);
    const e429 = await failure(n);
    assert.deepEqual([e429.retryable, e429.reason], [false, 'rateLimited']);
    const denied = await failure(n);
    assert.deepEqual([denied.retryable, denied.reason, denied.message], [false, 'clientError', 'channel "#c": error response from Rocketchat: error-not-allowed']);
    const garbled = await failure(n);
    assert.deepEqual([garbled.retryable, garbled.reason], [true, 'clientError']);
    const bad = await failure(createRocketchatNotifier({ ...config, text: '{{ .Nope' }, deps));
    assert.equal(bad.retryable, false);
    assert.equal(server.requests.length, 6);
  });
});
