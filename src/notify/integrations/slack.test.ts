import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { SlackConfig } from '../../config/types.ts';
import { ReceiverDataStore } from '../nflog/receiver-data.ts';
import { NotifyError } from '../notify-error.ts';
import type { Notifier } from '../notifier.ts';
import { createSlackNotifier } from './slack.ts';
import type { CapturedRequest } from './slack-test-server.ts';
import {
  CaptureServer,
  chatContext,
  FIRING,
  fixtureReceiver,
  readFixture,
  receiverYaml,
  recordingLogger,
  RESOLVED,
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
const OK = { status: 200, headers: { 'content-type': 'text/plain' }, body: 'ok' };
beforeEach(() => {
  server.reset();
  server.fallback = OK;
});

async function captured(): Promise<SlackConfig[]> {
  return (await fixtureReceiver('slack', server.base)).slack_configs ?? [];
}

async function slackConfig(yaml: string): Promise<SlackConfig> {
  const rcv = await fixtureReceiver('slack', server.base, receiverYaml(`    slack_configs:\n${yaml}`));
  return (rcv.slack_configs ?? [])[0] as SlackConfig;
}

function last(): CapturedRequest {
  const r = server.requests.at(-1);
  assert.ok(r !== undefined, 'no request received');
  return r;
}

async function assertMatchesFixture(scenario: string): Promise<void> {
  const fixture = await readFixture('slack', scenario);
  const got = last();
  assert.equal(got.method, fixture.method);
  assert.equal(got.path, fixture.path);
  assert.equal(got.headers['content-type'], fixture.headers['content-type']);
  assert.equal(got.headers['authorization'], fixture.headers['authorization']);
  assert.equal(got.headers['user-agent'], 'Tocsin/test');
  assert.equal(got.body, fixture.body);
}

describe('SlackNotifier against Alertmanager 0.25 captures', () => {
  test('default config: the firing alert only (send_resolved defaults to false)', async () => {
    const [config] = await captured();
    assert.equal(config?.send_resolved, false);
    await createSlackNotifier(config as SlackConfig, deps).notify(chatContext(), [FIRING]);
    await assertMatchesFixture('am-0.25-default');
  });

  test('every attachment option, fields and actions', async () => {
    const config = (await captured())[1] as SlackConfig;
    await createSlackNotifier(config, deps).notify(chatContext(), [FIRING, RESOLVED]);
    await assertMatchesFixture('am-0.25-rich');
  });

  test('bot token via http_config.authorization, JSON answer', async () => {
    const config = (await captured())[2] as SlackConfig;
    server.fallback = { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: '{"ok":true}' };
    await createSlackNotifier(config, deps).notify(chatContext(), [FIRING]);
    await assertMatchesFixture('am-0.25-bot-token');
  });
});

describe('SlackNotifier (0.34 behaviour)', () => {
  test('message_text is the top-level text; app_token becomes a Bearer token to app_url', async () => {
    const config = await slackConfig(
      `      - app_token: xapp-1\n        app_url: ${server.base}/api/chat.postMessage\n        message_text: 'hi {{ .Status }}'\n        channel: C1\n`,
    );
    server.fallback = { status: 200, headers: { 'content-type': 'application/json' }, body: '{"ok":true}' };
    await createSlackNotifier(config, deps).notify(chatContext(), [FIRING]);
    const got = last();
    assert.equal(got.path, '/api/chat.postMessage');
    assert.equal(got.headers['authorization'], 'Bearer xapp-1');
    const body = JSON.parse(got.body) as Record<string, unknown>;
    assert.deepEqual(Object.keys(body), ['channel', 'username', 'text', 'attachments']);
    assert.equal(body['text'], 'hi firing');
  });

  test('api_url_file is read on every send', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tocsin-slack-'));
    const file = join(dir, 'url');
    await writeFile(file, ` ${server.base}/one\n`);
    const n = createSlackNotifier(await slackConfig(`      - api_url_file: ${file}\n`), deps);
    await n.notify(chatContext(), [FIRING]);
    await writeFile(file, `${server.base}/two`);
    await n.notify(chatContext(), [FIRING]);
    assert.deepEqual(
      server.requests.map((r) => r.path),
      ['/one', '/two'],
    );
  });

  test('update_message posts, keeps ts and channel, then edits with chat.update', async () => {
    const config = await slackConfig(
      '      - api_url: https://slack.com/api/chat.postMessage\n        update_message: true\n        channel: "#c"\n',
    );
    // Point the (validated) Slack URL at the capture server.
    const n = createSlackNotifier({ ...config, api_url: { reveal: () => `${server.base}/api/chat.postMessage` } as SlackConfig['api_url'] }, deps);
    server.fallback = { status: 200, headers: { 'content-type': 'application/json' }, body: '{"ok":true,"channel":"C9","ts":"171.5"}' };
    const data = new ReceiverDataStore();
    await n.notify(chatContext(data), [FIRING]);
    assert.equal(data.getString('threadTs'), '171.5');
    assert.equal(data.getString('channelId'), 'C9');
    await n.notify(chatContext(data), [FIRING]);
    const [first, second] = server.requests as [CapturedRequest, CapturedRequest];
    assert.equal(first.path, '/api/chat.postMessage');
    assert.match(first.body, /^\{"channel":"#c","username"/);
    assert.equal(second.path, '/api/chat.update');
    assert.match(second.body, /^\{"channel":"C9","ts":"171\.5","username"/);
  });

  test('a title over 1024 runes is cut with "…" and a warning', async () => {
    const logger = recordingLogger();
    const config = await slackConfig(`      - api_url: ${server.base}/s\n`);
    const long = '🔥'.repeat(1030);
    await createSlackNotifier({ ...config, title: long }, deps, logger).notify(chatContext(), [FIRING]);
    const body = JSON.parse(last().body) as { attachments: { title: string }[] };
    const title = body.attachments[0]?.title ?? '';
    assert.equal(Array.from(title).length, 1024);
    assert.ok(title.endsWith('🔥…'));
    assert.deepEqual(logger.warnings, ['Truncated title']);
  });

  test('a template failure is not an error: later strings are sent empty, as Alertmanager does', async () => {
    const config = await slackConfig(`      - api_url: ${server.base}/s\n        channel: '#c'\n`);
    await createSlackNotifier({ ...config, pretext: '{{ .Nope' }, deps).notify(chatContext(), [FIRING]);
    const body = JSON.parse(last().body) as { channel?: string; attachments: Record<string, unknown>[] };
    assert.equal(body.channel, undefined);
    assert.deepEqual(Object.keys(body.attachments[0] ?? {}), ['title', 'title_link', 'text', 'fallback', 'callback_id', 'footer', 'mrkdwn_in']);
  });
});

describe('SlackNotifier answers', () => {
  async function notifier(): Promise<Notifier> {
    return createSlackNotifier(await slackConfig(`      - api_url: ${server.base}/s\n        channel: '#c'\n`), deps);
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

  test('500 is retried, then 200 succeeds', async () => {
    const n = await notifier();
    server.answers.push({ status: 500, body: 'boom' });
    const e = await failure(n);
    assert.equal(e.retryable, true);
    assert.equal(e.reason, 'serverError');
    assert.equal(e.message, 'channel "#c": unexpected status code 500: boom');
    await n.notify(chatContext(), [FIRING]);
    assert.equal(server.requests.length, 2);
  });

  test('400 and 429 are not retried', async () => {
    const n = await notifier();
    server.answers.push({ status: 400, body: 'invalid_payload' }, { status: 429 });
    const bad = await failure(n);
    assert.deepEqual([bad.retryable, bad.reason, bad.statusCode], [false, 'clientError', 400]);
    const limited = await failure(n);
    assert.deepEqual([limited.retryable, limited.reason], [false, 'rateLimited']);
  });

  test('a 200 that is not "ok" or not {"ok":true} fails as clientError', async () => {
    const n = await notifier();
    server.answers.push(
      { status: 200, body: 'no_service' },
      { status: 200, headers: { 'content-type': 'application/json' }, body: '{"ok":false,"error":"channel_not_found"}' },
      { status: 200, headers: { 'content-type': 'application/json' }, body: 'not json' },
    );
    const text = await failure(n);
    assert.deepEqual([text.retryable, text.reason, text.message], [false, 'clientError', 'channel "#c": received an error response from Slack: no_service']);
    const json = await failure(n);
    assert.deepEqual([json.retryable, json.message], [false, 'channel "#c": error response from Slack: channel_not_found']);
    const garbled = await failure(n);
    assert.deepEqual([garbled.retryable, garbled.reason], [true, 'clientError']);
  });

  test('network errors are retryable and hide the URL', async () => {
    const config = await slackConfig('      - api_url: http://127.0.0.1:1/secret-token\n');
    const e = await failure(createSlackNotifier(config, deps));
    assert.equal(e.retryable, true);
    assert.ok(!e.message.includes('secret-token'));
  });
});
