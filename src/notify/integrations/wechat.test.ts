import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Secret } from '../../config/secret.ts';
import type { WechatConfig } from '../../config/types.ts';
import type { NotifyError } from '../notify-error.ts';
import { createWechatNotifier } from './wechat.ts';
import type { Answer } from './integration-test-support.ts';
import { captureServerForTests, chatContext, FIRING, fixtureReceiver, readFixture, testDeps } from './integration-test-support.ts';

const deps = testDeps();
const TOKEN: Answer = { status: 200, headers: { 'content-type': 'application/json' }, body: '{"errcode":0,"access_token":"tok-1"}' };
const SENT: Answer = { status: 200, headers: { 'content-type': 'application/json' }, body: '{"errcode":0,"errmsg":"ok"}' };
const server = captureServerForTests(deps, { fallback: SENT });

async function fixtureConfigs(): Promise<WechatConfig[]> {
  return fixtureReceiver('wechat', server.base).wechat_configs ?? [];
}

function config(overrides: Partial<WechatConfig> = {}): WechatConfig {
  return {
    send_resolved: false,
    api_secret: new Secret('sec'),
    api_secret_file: '',
    corp_id: 'corp',
    message: 'm {{ .Status }}',
    api_url: `${server.base}/cgi-bin/`,
    to_user: '@all',
    to_party: '',
    to_tag: '',
    agent_id: '1',
    message_type: 'text',
    ...overrides,
  };
}

describe('wechat matches Alertmanager 0.25 captures', () => {
  for (const [index, scenario] of [
    [0, 'am-0.25-default'],
    [1, 'am-0.25-markdown'],
  ] as const) {
    test(scenario, async () => {
      const configs = await fixtureConfigs();
      assert.equal(configs[index]?.send_resolved, false);
      server.answers.push({ ...TOKEN, body: `{"access_token":"${index === 0 ? 'tok-1' : 'tok-md'}"}` });
      await createWechatNotifier(configs[index] as WechatConfig, deps).notify(chatContext(), [FIRING]);
      for (const [i, suffix] of [
        [0, '-gettoken'],
        [1, ''],
      ] as const) {
        const want = readFixture('wechat', `${scenario}${suffix}`);
        const got = server.requests[i];
        assert.equal(got?.method, want.method);
        assert.equal(got?.path, want.path);
        assert.equal(got?.headers['content-type'], want.headers['content-type']);
        assert.equal(got?.body, want.body);
      }
    });
  }
});

describe('wechat', () => {
  test('the token is cached between notifications', async () => {
    server.answers.push(TOKEN);
    const notifier = createWechatNotifier(config(), deps);
    await notifier.notify(chatContext(), [FIRING]);
    await notifier.notify(chatContext(), [FIRING]);
    assert.deepEqual(
      server.requests.map((r) => r.path),
      ['/cgi-bin/gettoken?corpid=corp&corpsecret=sec', '/cgi-bin/message/send?access_token=tok-1', '/cgi-bin/message/send?access_token=tok-1'],
    );
  });

  test('errcode 42001 drops the token and is retried; the retry fetches a new one', async () => {
    const notifier = createWechatNotifier(config(), deps);
    server.answers.push(TOKEN, { ...SENT, body: '{"errcode":42001,"errmsg":"access_token expired"}' });
    await assert.rejects(notifier.notify(chatContext(), [FIRING]), (e: NotifyError) => e.retryable && e.message === 'access_token expired');
    server.answers.push({ ...TOKEN, body: '{"access_token":"tok-2"}' });
    await notifier.notify(chatContext(), [FIRING]);
    assert.equal(server.requests.at(-1)?.path, '/cgi-bin/message/send?access_token=tok-2');
  });

  test('other error codes are final', async () => {
    server.answers.push(TOKEN, { ...SENT, body: '{"errcode":60020,"errmsg":"not allow to access from your ip"}' });
    await assert.rejects(createWechatNotifier(config(), deps).notify(chatContext(), [FIRING]), (e: NotifyError) => !e.retryable);
  });

  test('500 then 200 delivers once; 400 is retried too, as Alertmanager retries any non-200', async () => {
    const notifier = createWechatNotifier(config(), deps);
    server.answers.push(TOKEN, { status: 500, body: 'oops' });
    await assert.rejects(notifier.notify(chatContext(), [FIRING]), (e: NotifyError) => e.retryable && e.reason === 'serverError');
    await notifier.notify(chatContext(), [FIRING]);
    assert.equal(server.requests.filter((r) => r.path.includes('message/send')).length, 2);
    server.answers.push({ status: 400, body: 'bad' });
    await assert.rejects(notifier.notify(chatContext(), [FIRING]), (e: NotifyError) => e.retryable && e.reason === 'clientError' && e.message === 'unexpected status code 400');
  });

  test('an empty token is a final error naming the corp id, never the secret', async () => {
    server.answers.push({ ...TOKEN, body: '{"errcode":40001,"errmsg":"invalid credential"}' });
    await assert.rejects(createWechatNotifier(config(), deps).notify(chatContext(), [FIRING]), (e: NotifyError) => {
      assert.equal(e.message, 'invalid APISecret for CorpID: corp');
      assert.equal(e.retryable, false);
      return true;
    });
  });

  test('connection errors hide the URL', async () => {
    const notifier = createWechatNotifier(config({ api_url: 'http://127.0.0.1:1/cgi-bin/' }), deps);
    await assert.rejects(notifier.notify(chatContext(), [FIRING]), (e: NotifyError) => e.retryable && e.message.startsWith('Get "<redacted>"') && !e.message.includes('sec'));
  });
});
