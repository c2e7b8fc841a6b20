import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { Secret } from '../../config/secret.ts';
import type { PushoverConfig } from '../../config/types.ts';
import type { NotifyError } from '../notify-error.ts';
import { createPushoverNotifier } from './pushover.ts';
import { goEncodeValues } from './go-url-encode.ts';
import { captureServerForTests, chatContext, FIRING, fixtureReceiver, readFixture, recordingLogger, RESOLVED, testDeps } from './integration-test-support.ts';

const deps = testDeps();
const server = captureServerForTests(deps, { fallback: { status: 200, headers: { 'content-type': 'application/json' }, body: '{"status":1}' } });

async function fixtureConfigs(): Promise<PushoverConfig[]> {
  return fixtureReceiver('pushover', server.base).pushover_configs ?? [];
}

function config(overrides: Partial<PushoverConfig> = {}): PushoverConfig {
  return {
    send_resolved: true,
    user_key: new Secret('ukey'),
    user_key_file: '',
    token: new Secret('tkey'),
    token_file: '',
    title: 't',
    message: 'm',
    url: '',
    url_title: '',
    device: '',
    sound: '',
    priority: '0',
    retry: 60_000,
    expire: 3_600_000,
    ttl: 0,
    html: false,
    monospace: false,
    ...overrides,
  };
}

function params(path: string | undefined): URLSearchParams {
  return new URLSearchParams((path ?? '').split('?')[1]);
}

describe('pushover matches Alertmanager 0.25 captures', () => {
  for (const [index, scenario] of [
    [0, 'am-0.25-default'],
    [1, 'am-0.25-rich'],
  ] as const) {
    test(scenario, async () => {
      const configs = await fixtureConfigs();
      // The captures went through a proxy to the real API host; here the API is the local server.
      const { http_config: _proxy, ...direct } = configs[index] as PushoverConfig;
      await createPushoverNotifier(direct, deps, `${server.base}/1/messages.json`).notify(chatContext(), [FIRING, RESOLVED]);
      const want = readFixture('pushover', scenario);
      const got = server.requests[0];
      assert.equal(got?.method, want.method);
      // 0.34 always sends `device` (notify/pushover/pushover.go: parameters.Add("device", …)).
      assert.equal(got?.path, want.path.replace('?expire=', '?device=&expire='));
      assert.equal(got?.headers['content-type'], want.headers['content-type']);
      assert.equal(got?.headers['content-length'], '0');
      assert.equal(got?.body, '');
    });
  }
});

describe('pushover', () => {
  test('ttl, monospace, device and files read at send time', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tocsin-pushover-'));
    await writeFile(join(dir, 'token'), 'ftoken\n');
    await writeFile(join(dir, 'user'), 'fuser');
    const notifier = createPushoverNotifier(
      config({ token: undefined, token_file: join(dir, 'token'), user_key: undefined, user_key_file: join(dir, 'user'), ttl: 90_500, monospace: true, device: 'd1' }),
      deps,
      `${server.base}/1/messages.json`,
    );
    await notifier.notify(chatContext(), [FIRING]);
    const p = params(server.requests[0]?.path);
    assert.equal(p.get('token'), 'ftoken');
    assert.equal(p.get('user'), 'fuser');
    assert.equal(p.get('ttl'), '90');
    assert.equal(p.get('monospace'), '1');
    assert.equal(p.get('device'), 'd1');
    assert.equal(p.get('html'), null);
  });

  test('truncates title, message and url in runes with warnings; an empty message becomes "(no details)"', async () => {
    const logger = recordingLogger();
    const notifier = createPushoverNotifier(config({ title: 'é'.repeat(300), message: 'x'.repeat(2000), url: 'u'.repeat(600) }), { ...deps, logger }, `${server.base}/1/messages.json`);
    await notifier.notify(chatContext(), [FIRING]);
    const p = params(server.requests[0]?.path);
    assert.equal([...(p.get('title') ?? '')].length, 250);
    assert.equal(p.get('message')?.length, 1024);
    assert.ok(p.get('url')?.endsWith('u…'));
    assert.deepEqual(logger.warnings, ['Truncated title', 'Truncated message', 'Truncated URL']);
    await createPushoverNotifier(config({ message: '  \n' }), deps, `${server.base}/1/messages.json`).notify(chatContext(), [FIRING]);
    assert.equal(params(server.requests[1]?.path).get('message'), '(no details)');
  });

  test('500 then 200 delivers once; 400 and 429 are not retried', async () => {
    const notifier = createPushoverNotifier(config(), deps, `${server.base}/1/messages.json`);
    server.answers.push({ status: 500, body: '{"status":0}' });
    await assert.rejects(notifier.notify(chatContext(), [FIRING]), (e: NotifyError) => e.retryable && e.reason === 'serverError');
    await notifier.notify(chatContext(), [FIRING]);
    assert.equal(server.requests.length, 2);
    server.answers.push({ status: 400, body: '{"user":"invalid","errors":["user identifier is invalid"],"status":0}' });
    await assert.rejects(notifier.notify(chatContext(), [FIRING]), (e: NotifyError) => {
      assert.equal(e.retryable, false);
      assert.equal(e.reason, 'clientError');
      assert.match(e.message, /^unexpected status code 400: .*user identifier is invalid/);
      return true;
    });
    server.answers.push({ status: 429, body: '' });
    await assert.rejects(notifier.notify(chatContext(), [FIRING]), (e: NotifyError) => !e.retryable && e.reason === 'rateLimited');
  });

  test('connection errors hide the URL (it holds the token)', async () => {
    const notifier = createPushoverNotifier(config(), deps, 'http://127.0.0.1:1/1/messages.json');
    await assert.rejects(notifier.notify(chatContext(), [FIRING]), (e: NotifyError) => e.retryable && !e.message.includes('tkey'));
  });

  test('template errors and unreadable files are not retried', async () => {
    await assert.rejects(createPushoverNotifier(config({ priority: '{{ .Nope' }), deps).notify(chatContext(), [FIRING]), (e: NotifyError) => !e.retryable);
    const missing = createPushoverNotifier(config({ token: undefined, token_file: '/nonexistent/token' }), deps);
    await assert.rejects(missing.notify(chatContext(), [FIRING]), (e: NotifyError) => !e.retryable && e.message.startsWith('read token_file'));
  });

  test('Go query encoding: "+" for spaces, "~" kept, "*" escaped', () => {
    assert.equal(goEncodeValues([['b', 'a b~*'], ['a', 'é']]), 'a=%C3%A9&b=a+b~%2A');
  });
});
