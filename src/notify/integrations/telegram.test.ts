import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { Secret } from '../../config/secret.ts';
import type { TelegramConfig } from '../../config/types.ts';
import type { NotifyError } from '../notify-error.ts';
import { createTelegramNotifier } from './telegram.ts';
import { captureServerForTests, chatContext, FIRING, fixtureReceiver, readFixture, recordingLogger, RESOLVED, testDeps } from './integration-test-support.ts';

const deps = testDeps();
const OK = { status: 200, headers: { 'content-type': 'application/json' }, body: '{"ok":true,"result":{"message_id":7,"chat":{"id":42}}}' };
const server = captureServerForTests(deps, { fallback: OK });

async function fixtureConfigs(): Promise<TelegramConfig[]> {
  return fixtureReceiver('telegram', server.base).telegram_configs ?? [];
}

function config(overrides: Partial<TelegramConfig> = {}): TelegramConfig {
  return {
    send_resolved: true,
    api_url: server.base,
    bot_token: new Secret('123:abc'),
    bot_token_file: '',
    chat_id: 42,
    chat_id_file: '',
    message_thread_id: 0,
    message: '{{ .Status }}',
    disable_notifications: false,
    parse_mode: '',
    ...overrides,
  };
}

describe('telegram matches Alertmanager 0.25 captures', () => {
  for (const [index, scenario] of [
    [0, 'am-0.25-default'],
    [1, 'am-0.25-plain'],
  ] as const) {
    test(scenario, async () => {
      const configs = await fixtureConfigs();
      assert.equal(configs[0]?.send_resolved, true);
      await createTelegramNotifier(configs[index] as TelegramConfig, deps).notify(chatContext(), [FIRING, RESOLVED]);
      const want = readFixture('telegram', scenario);
      const got = server.requests[0];
      assert.equal(got?.method, want.method);
      assert.equal(got?.path, want.path);
      assert.equal(got?.headers['content-type'], want.headers['content-type']);
      assert.equal(got?.body, want.body);
    });
  }
});

describe('telegram', () => {
  test('message_thread_id, MarkdownV2 and files read at send time', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tocsin-telegram-'));
    await writeFile(join(dir, 'token'), '999:zzz\n');
    await writeFile(join(dir, 'chat'), ' -100123\n');
    const notifier = createTelegramNotifier(
      config({ bot_token: undefined, bot_token_file: join(dir, 'token'), chat_id: 0, chat_id_file: join(dir, 'chat'), message_thread_id: 9, parse_mode: 'MarkdownV2' }),
      deps,
    );
    await notifier.notify(chatContext(), [FIRING]);
    assert.equal(server.requests[0]?.path, '/bot999:zzz/sendMessage');
    assert.equal(
      server.requests[0]?.body,
      '{"chat_id":"-100123","disable_web_page_preview":"true","message_thread_id":"9","parse_mode":"MarkdownV2","text":"firing"}\n',
    );
  });

  test('plain messages are cut to 4096 runes with "…" and a warning', async () => {
    const logger = recordingLogger();
    await createTelegramNotifier(config({ message: 'é'.repeat(5000) }), { ...deps, logger }).notify(chatContext(), [FIRING]);
    const text = (JSON.parse(server.requests[0]?.body ?? '{}') as { text: string }).text;
    assert.equal([...text].length, 4096);
    assert.ok(text.endsWith('é…'));
    assert.deepEqual(logger.warnings, ['Truncated message']);
  });

  test('HTML messages over the limit are replaced by a notice', async () => {
    await createTelegramNotifier(config({ parse_mode: 'HTML', message: 'x'.repeat(4097) }), deps).notify(chatContext(), [FIRING]);
    const text = (JSON.parse(server.requests[0]?.body ?? '{}') as { text: string }).text;
    assert.ok(text.startsWith('Alertmanager notification could not be sent: message length exceeds Telegram limits.\n'));
  });

  test('500 then 200: the failure is retryable, the retry delivers once', async () => {
    server.answers.push({ status: 500, body: '{"ok":false,"error_code":500,"description":"Internal Server Error"}' });
    const notifier = createTelegramNotifier(config(), deps);
    await assert.rejects(notifier.notify(chatContext(), [FIRING]), (e: NotifyError) => e.retryable && e.reason === 'serverError');
    await notifier.notify(chatContext(), [FIRING]);
    assert.equal(server.requests.length, 2);
  });

  test('400 is reported as clientError and, as in Alertmanager, still retried; the token never shows', async () => {
    server.answers.push({ status: 400, body: '{"ok":false,"error_code":400,"description":"Bad Request: chat not found"}' });
    await assert.rejects(createTelegramNotifier(config(), deps).notify(chatContext(), [FIRING]), (e: NotifyError) => {
      assert.equal(e.message, 'telegram: Bad Request: chat not found (400)');
      assert.equal(e.reason, 'clientError');
      assert.equal(e.retryable, true);
      return true;
    });
    server.answers.push({ status: 429, body: '{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 5"}' });
    await assert.rejects(createTelegramNotifier(config(), deps).notify(chatContext(), [FIRING]), (e: NotifyError) => e.reason === 'rateLimited');
  });

  test('a connection failure hides the URL with its token', async () => {
    const notifier = createTelegramNotifier(config({ api_url: 'http://127.0.0.1:1' }), deps);
    await assert.rejects(notifier.notify(chatContext(), [FIRING]), (e: NotifyError) => e.retryable && !e.message.includes('123:abc'));
  });

  test('template errors are not retried', async () => {
    const notifier = createTelegramNotifier(config({ message: '{{ .Nope' }), deps);
    await assert.rejects(notifier.notify(chatContext(), [FIRING]), (e: NotifyError) => !e.retryable);
  });
});
