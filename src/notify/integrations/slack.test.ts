import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { SlackConfig } from '../../config/types.ts';
import { ReceiverDataStore } from '../nflog/receiver-data.ts';
import type { Notifier } from '../notifier.ts';
import { createSlackNotifier } from './slack.ts';
import type { CapturedRequest } from './integration-test-support.ts';
import { assertStatusClassification, assertUrlFileReadOnEverySend, captureServerForTests, chatContext, FIRING, fixtureReceiver, notifyFailure, readFixture, receiverYaml, recordingLogger, RESOLVED, testDeps } from './integration-test-support.ts';

const deps = testDeps();
const OK = { status: 200, headers: { 'content-type': 'text/plain' }, body: 'ok' };
const server = captureServerForTests(deps, { fallback: OK });

async function captured(): Promise<SlackConfig[]> {
  return fixtureReceiver('slack', server.base).slack_configs ?? [];
}

async function slackConfig(yaml: string): Promise<SlackConfig> {
  const rcv = fixtureReceiver('slack', server.base, receiverYaml(`    slack_configs:\n${yaml}`));
  return (rcv.slack_configs ?? [])[0] as SlackConfig;
}

async function assertMatchesFixture(scenario: string): Promise<void> {
  const fixture = readFixture('slack', scenario);
  const got = server.last();
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
    const got = server.last();
    assert.equal(got.path, '/api/chat.postMessage');
    assert.equal(got.headers['authorization'], 'Bearer xapp-1');
    const body = JSON.parse(got.body) as Record<string, unknown>;
    assert.deepEqual(Object.keys(body), ['channel', 'username', 'text', 'attachments']);
    assert.equal(body['text'], 'hi firing');
  });

  test('api_url_file is read on every send', async () => {
    await assertUrlFileReadOnEverySend(server, async (file) => createSlackNotifier(await slackConfig(`      - api_url_file: ${file}\n`), deps), [` ${server.base}/one\n`, `${server.base}/two`]);
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
    const body = JSON.parse(server.last().body) as { attachments: { title: string }[] };
    const title = body.attachments[0]?.title ?? '';
    assert.equal(Array.from(title).length, 1024);
    assert.ok(title.endsWith('🔥…'));
    assert.deepEqual(logger.warnings, ['Truncated title']);
  });

  test('a template failure is not an error: later strings are sent empty, as Alertmanager does', async () => {
    const config = await slackConfig(`      - api_url: ${server.base}/s\n        channel: '#c'\n`);
    await createSlackNotifier({ ...config, pretext: '{{ .Nope' }, deps).notify(chatContext(), [FIRING]);
    const body = JSON.parse(server.last().body) as { channel?: string; attachments: Record<string, unknown>[] };
    assert.equal(body.channel, undefined);
    assert.deepEqual(Object.keys(body.attachments[0] ?? {}), ['title', 'title_link', 'text', 'fallback', 'callback_id', 'footer', 'mrkdwn_in']);
  });
});

describe('SlackNotifier answers', () => {
  async function notifier(): Promise<Notifier> {
    return createSlackNotifier(await slackConfig(`      - api_url: ${server.base}/s\n        channel: '#c'\n`), deps);
  }

  test('500 is retried, then 200 succeeds', async () => {
    const n = await notifier();
    await assertStatusClassification(server, n, [
      { answer: { status: 500, body: 'boom' }, failure: { retryable: true, reason: 'serverError', message: 'channel "#c": unexpected status code 500: boom' } },
    ]);
    await n.notify(chatContext(), [FIRING]);
    assert.equal(server.requests.length, 2);
  });

  test('400 and 429 are not retried', async () => {
    const n = await notifier();
    await assertStatusClassification(server, n, [
      { answer: { status: 400, body: 'invalid_payload' }, failure: { retryable: false, reason: 'clientError', statusCode: 400 } },
      { answer: { status: 429 }, failure: { retryable: false, reason: 'rateLimited' } },
    ]);
  });

  test('a 200 that is not "ok" or not {"ok":true} fails as clientError', async () => {
    const n = await notifier();
    await assertStatusClassification(server, n, [
      { answer: { status: 200, body: 'no_service' }, failure: { retryable: false, reason: 'clientError', message: 'channel "#c": received an error response from Slack: no_service' } },
      { answer: { status: 200, headers: { 'content-type': 'application/json' }, body: '{"ok":false,"error":"channel_not_found"}' }, failure: { retryable: false, message: 'channel "#c": error response from Slack: channel_not_found' } },
      { answer: { status: 200, headers: { 'content-type': 'application/json' }, body: 'not json' }, failure: { retryable: true, reason: 'clientError' } },
    ]);
  });

  test('network errors are retryable and hide the URL', async () => {
    const config = await slackConfig('      - api_url: http://127.0.0.1:1/secret-token\n');
    const e = await notifyFailure(createSlackNotifier(config, deps));
    assert.equal(e.retryable, true);
    assert.ok(!e.message.includes('secret-token'));
  });
});
