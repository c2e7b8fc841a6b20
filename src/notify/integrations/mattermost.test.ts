import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { MattermostConfig } from '../../config/types.ts';
import { NotifyError } from '../notify-error.ts';
import type { Notifier } from '../notifier.ts';
import { createMattermostNotifier } from './mattermost.ts';
import { goJsonLine } from './slack-support.ts';
import type { CapturedRequest } from './slack-test-server.ts';
import {
  CaptureServer,
  chatContext,
  FIRING,
  fixtureReceiver,
  MARKDOWN_TEXT_BOTH,
  receiverYaml,
  recordingLogger,
  RESOLVED,
  SUBJECT_BOTH,
  testDeps,
} from './slack-test-server.ts';

let server: CaptureServer;
const deps = testDeps();
const LINK = 'http://am.example:9093/#/alerts?receiver=chat';

before(async () => {
  server = await CaptureServer.start();
});
after(async () => {
  await deps.http.close();
  await server.close();
});
beforeEach(() => server.reset());

async function mattermostConfig(yaml: string, global = ''): Promise<MattermostConfig> {
  const rcv = await fixtureReceiver('mattermost', server.base, `${global}${receiverYaml(`    mattermost_configs:\n${yaml}`)}`);
  return (rcv.mattermost_configs ?? [])[0] as MattermostConfig;
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

describe('MattermostNotifier', () => {
  test('default config (global webhook URL): one attachment, as Alertmanager 0.34 sends (hand-derived)', async () => {
    const config = await mattermostConfig('      - {}\n', `global:\n  mattermost_webhook_url: ${server.base}/hooks/abc\n`);
    assert.equal(config.send_resolved, true);
    await createMattermostNotifier(config, deps).notify(chatContext(), [FIRING, RESOLVED]);
    const got = last();
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
    assert.equal(last().body, expected);
    assert.deepEqual(logger.warnings, ['PersistentNotifications is set to false due to priority is not urgent']);
  });

  test('attachments list: the text is the post text, cut at 16383 runes', async () => {
    const config = await mattermostConfig(
      `      - webhook_url: ${server.base}/h\n        attachments:\n          - title: a1\n            text: 'x {{ .Status }}'\n          - color: good\n`,
    );
    const logger = recordingLogger();
    await createMattermostNotifier({ ...config, text: '✓'.repeat(16400) }, deps, logger).notify(chatContext(), [FIRING]);
    const body = JSON.parse(last().body) as { text: string; attachments: unknown[] };
    assert.equal(Array.from(body.text).length, 16383);
    assert.ok(body.text.endsWith('✓…'));
    assert.deepEqual(body.attachments, [{ text: 'x firing', title: 'a1' }, { color: 'good' }]);
    assert.ok(last().body.startsWith('{"text":'));
    assert.deepEqual(logger.warnings, ['Truncated text']);
  });

  test('invalid priority becomes standard without acknowledgement', async () => {
    const config = await mattermostConfig(`      - webhook_url: ${server.base}/h\n        priority:\n          priority: nope\n          requested_ack: true\n`);
    await createMattermostNotifier(config, deps).notify(chatContext(), [FIRING]);
    assert.ok(last().body.endsWith('"priority":{"priority":"standard"}}\n'));
  });

  test('webhook_url_file is read on every send; an empty URL is not retried', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tocsin-mattermost-'));
    const file = join(dir, 'url');
    await writeFile(file, `${server.base}/one\n`);
    const n = createMattermostNotifier(await mattermostConfig(`      - webhook_url_file: ${file}\n`), deps);
    await n.notify(chatContext(), [FIRING]);
    await writeFile(file, `${server.base}/two`);
    await n.notify(chatContext(), [FIRING]);
    assert.deepEqual(
      server.requests.map((r) => r.path),
      ['/one', '/two'],
    );
    await writeFile(file, ' \n');
    const empty = await failure(n);
    assert.deepEqual([empty.retryable, empty.message], [false, 'webhook url missing']);
  });

  test('500 is retried then 200 succeeds; 400 and 429 are not retried; template errors fail', async () => {
    const config = await mattermostConfig(`      - webhook_url: ${server.base}/h\n        channel: c\n`);
    const n = createMattermostNotifier(config, deps);
    server.answers.push({ status: 500, body: 'boom' }, { status: 200, body: 'ok' }, { status: 400, body: 'bad' }, { status: 429 });
    const e500 = await failure(n);
    assert.deepEqual([e500.retryable, e500.reason, e500.message], [true, 'serverError', 'channel "c": unexpected status code 500: boom']);
    await n.notify(chatContext(), [FIRING]);
    const e400 = await failure(n);
    assert.deepEqual([e400.retryable, e400.reason], [false, 'clientError']);
    const e429 = await failure(n);
    assert.deepEqual([e429.retryable, e429.reason], [false, 'rateLimited']);
    const bad = await failure(createMattermostNotifier({ ...config, title: '{{ .Nope' }, deps));
    assert.equal(bad.retryable, false);
    assert.equal(server.requests.length, 4);
  });
});
