import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { RocketchatConfig } from '../../config/types.ts';
import { createRocketchatNotifier } from './rocketchat.ts';
import { goJsonLine } from './chat-support.ts';
import { assertStatusClassification, captureServerForTests, chatContext, FIRING, fixtureReceiver, notifyFailure, receiverYaml, recordingLogger, RESOLVED, SUBJECT_BOTH, testDeps } from './integration-test-support.ts';

const deps = testDeps();
const LINK = 'http://am.example:9093/#/alerts?receiver=chat';
const SUCCESS = { status: 200, headers: { 'content-type': 'application/json' }, body: '{"success":true}' };
const server = captureServerForTests(deps, { fallback: SUCCESS });

async function rocketchatConfig(yaml: string): Promise<RocketchatConfig> {
  const global = `global:\n  rocketchat_api_url: ${server.base}/rc\n  rocketchat_token: tok\n  rocketchat_token_id: uid\n`;
  const rcv = fixtureReceiver('rocketchat', server.base, `${global}${receiverYaml(`    rocketchat_configs:\n${yaml}`)}`);
  return (rcv.rocketchat_configs ?? [])[0] as RocketchatConfig;
}

describe('RocketchatNotifier', () => {
  test('default config from global settings, as Alertmanager 0.34 sends it (hand-derived)', async () => {
    const config = await rocketchatConfig('      - {}\n');
    assert.equal(config.send_resolved, false);
    await createRocketchatNotifier(config, deps).notify(chatContext(), [FIRING, RESOLVED]);
    const got = server.last();
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
    assert.equal(server.last().body, expected);
  });

  test('title is cut at 1024 runes; token files are read on every send', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tocsin-rocketchat-'));
    await writeFile(join(dir, 'token'), ' t1\n');
    await writeFile(join(dir, 'id'), 'u1\n');
    const config = await rocketchatConfig(`      - token_file: ${join(dir, 'token')}\n        token_id_file: ${join(dir, 'id')}\n`);
    const logger = recordingLogger();
    const n = createRocketchatNotifier({ ...config, title: 'ü'.repeat(2000) }, deps, logger);
    await n.notify(chatContext(), [FIRING]);
    assert.deepEqual([server.last().headers['x-auth-token'], server.last().headers['x-user-id']], ['t1', 'u1']);
    const body = JSON.parse(server.last().body) as { attachments: { title: string }[] };
    assert.equal(body.attachments[0]?.title, `${'ü'.repeat(1023)}…`);
    assert.deepEqual(logger.warnings, ['Truncated title']);
    await writeFile(join(dir, 'token'), 't2');
    await n.notify(chatContext(), [FIRING]);
    assert.equal(server.last().headers['x-auth-token'], 't2');
  });

  test('answers: 500 retried, 400/429 not, success:false and bad JSON classified', async () => {
    const config = await rocketchatConfig("      - channel: '#c'\n");
    const n = createRocketchatNotifier(config, deps);
    await assertStatusClassification(server, n, [
      { answer: { status: 500, body: 'boom' }, failure: { retryable: true, reason: 'serverError', message: 'channel "#c": unexpected status code 500: boom' } },
      { answer: SUCCESS },
      { answer: { status: 400, body: '{"success":false,"error":"bad"}' }, failure: { retryable: false, reason: 'clientError' } },
      { answer: { status: 429 }, failure: { retryable: false, reason: 'rateLimited' } },
      { answer: { status: 200, body: '{"success":false,"error":"error-not-allowed"}' }, failure: { retryable: false, reason: 'clientError', message: 'channel "#c": error response from Rocketchat: error-not-allowed' } },
      { answer: { status: 200, body: 'oops' }, failure: { retryable: true, reason: 'clientError' } },
    ]);
    const bad = await notifyFailure(createRocketchatNotifier({ ...config, text: '{{ .Nope' }, deps));
    assert.equal(bad.retryable, false);
    assert.equal(server.requests.length, 6);
  });
});
