import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { describe, test } from 'node:test';
import type { MattermostConfig } from '../../config/types.ts';
import { createMattermostNotifier } from './mattermost.ts';
import { goJsonLine } from './chat-support.ts';
import { assertStatusClassification, assertUrlFileReadOnEverySend, captureServerForTests, chatContext, FIRING, fixtureReceiver, MARKDOWN_TEXT_BOTH, notifyFailure, receiverYaml, recordingLogger, RESOLVED, SUBJECT_BOTH, testDeps } from './integration-test-support.ts';

const deps = testDeps();
const LINK = 'http://am.example:9093/#/alerts?receiver=chat';
const server = captureServerForTests(deps);

async function mattermostConfig(yaml: string, global = ''): Promise<MattermostConfig> {
  const rcv = fixtureReceiver('mattermost', server.base, `${global}${receiverYaml(`    mattermost_configs:\n${yaml}`)}`);
  return (rcv.mattermost_configs ?? [])[0] as MattermostConfig;
}

describe('MattermostNotifier', () => {
  test('default config (global webhook URL): one attachment, as Alertmanager 0.34 sends (hand-derived)', async () => {
    const config = await mattermostConfig('      - {}\n', `global:\n  mattermost_webhook_url: ${server.base}/hooks/abc\n`);
    assert.equal(config.send_resolved, true);
    await createMattermostNotifier(config, deps).notify(chatContext(), [FIRING, RESOLVED]);
    const got = server.last();
    assert.deepEqual([got.method, got.path, got.headers['content-type'], got.headers['user-agent']], ['POST', '/hooks/abc', 'application/json', 'Tocsin/test']);
    const expected = {
      username: 'Alertmanager',
      attachments: [{ fallback: `${SUBJECT_BOTH} | ${LINK}`, color: 'danger', text: MARKDOWN_TEXT_BOTH, title: SUBJECT_BOTH, title_link: LINK }],
    };
    assert.equal(got.body, goJsonLine(expected));
  });

  test('every top-level option, fields, props and priority', async () => {
    const config = await mattermostConfig(
      `      - webhook_url: ${server.base}/h
        channel: town-square
        username: am
        icon_url: http://i.example/a.png
        icon_emoji: ':fire:'
        text: 't {{ .Status }}'
        fallback: fb
        color: '#ff0000'
        pretext: pre
        author_name: an
        author_link: http://a.example
        author_icon: http://a.example/i.png
        title: ti
        title_link: http://t.example
        fields:
          - title: f1
            value: '{{ .CommonLabels.severity }}'
            short: false
          - title: f2
            value: v2
        thumb_url: http://t.example/t.png
        footer: foot
        footer_icon: http://f.example/f.png
        image_url: http://i.example/i.png
        type: custom_x
        props:
          card: 'card {{ .GroupLabels.alertname }}'
        priority:
          priority: Important
          requested_ack: true
          persistent_notifications: true
`,
    );
    const logger = recordingLogger();
    await createMattermostNotifier(config, deps, logger).notify(chatContext(), [FIRING]);
    const expected =
      '{"channel":"town-square","username":"am","icon_url":"http://i.example/a.png","icon_emoji":":fire:",' +
      '"attachments":[{"fallback":"fb","color":"#ff0000","pretext":"pre","text":"t firing","author_name":"an",' +
      '"author_link":"http://a.example","author_icon":"http://a.example/i.png","title":"ti","title_link":"http://t.example",' +
      '"fields":[{"title":"f1","value":"warning","short":false},{"title":"f2","value":"v2"}],' +
      '"thumb_url":"http://t.example/t.png","footer":"foot","footer_icon":"http://f.example/f.png","image_url":"http://i.example/i.png"}],' +
      '"type":"custom_x","props":{"card":"card A1"},"priority":{"priority":"important","requested_ack":true}}\n';
    assert.equal(server.last().body, expected);
    assert.deepEqual(logger.warnings, ['PersistentNotifications is set to false due to priority is not urgent']);
  });

  test('attachments list: the text is the post text, cut at 16383 runes', async () => {
    const config = await mattermostConfig(
      `      - webhook_url: ${server.base}/h\n        attachments:\n          - title: a1\n            text: 'x {{ .Status }}'\n          - color: good\n`,
    );
    const logger = recordingLogger();
    await createMattermostNotifier({ ...config, text: '✓'.repeat(16400) }, deps, logger).notify(chatContext(), [FIRING]);
    const body = JSON.parse(server.last().body) as { text: string; attachments: unknown[] };
    assert.equal(Array.from(body.text).length, 16383);
    assert.ok(body.text.endsWith('✓…'));
    assert.deepEqual(body.attachments, [{ text: 'x firing', title: 'a1' }, { color: 'good' }]);
    assert.ok(server.last().body.startsWith('{"text":'));
    assert.deepEqual(logger.warnings, ['Truncated text']);
  });

  test('invalid priority becomes standard without acknowledgement', async () => {
    const config = await mattermostConfig(`      - webhook_url: ${server.base}/h\n        priority:\n          priority: nope\n          requested_ack: true\n`);
    await createMattermostNotifier(config, deps).notify(chatContext(), [FIRING]);
    assert.ok(server.last().body.endsWith('"priority":{"priority":"standard"}}\n'));
  });

  test('webhook_url_file is read on every send; an empty URL is not retried', async () => {
    const { notifier: n, file } = await assertUrlFileReadOnEverySend(server, async (file) => createMattermostNotifier(await mattermostConfig(`      - webhook_url_file: ${file}\n`), deps));
    await writeFile(file, ' \n');
    const empty = await notifyFailure(n);
    assert.deepEqual([empty.retryable, empty.message], [false, 'webhook url missing']);
  });

  test('500 is retried then 200 succeeds; 400 and 429 are not retried; template errors fail', async () => {
    const config = await mattermostConfig(`      - webhook_url: ${server.base}/h\n        channel: c\n`);
    const n = createMattermostNotifier(config, deps);
    await assertStatusClassification(server, n, [
      { answer: { status: 500, body: 'boom' }, failure: { retryable: true, reason: 'serverError', message: 'channel "c": unexpected status code 500: boom' } },
      { answer: { status: 200, body: 'ok' } },
      { answer: { status: 400, body: 'bad' }, failure: { retryable: false, reason: 'clientError' } },
      { answer: { status: 429 }, failure: { retryable: false, reason: 'rateLimited' } },
    ]);
    const bad = await notifyFailure(createMattermostNotifier({ ...config, title: '{{ .Nope' }, deps));
    assert.equal(bad.retryable, false);
    assert.equal(server.requests.length, 4);
  });
});
