import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { DiscordConfig } from '../../config/types.ts';
import { NotifyError } from '../notify-error.ts';
import type { Notifier } from '../notifier.ts';
import { createDiscordNotifier } from './discord.ts';
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
beforeEach(() => {
  server.reset();
  server.fallback = { status: 204 };
});

async function discordConfig(yaml: string): Promise<DiscordConfig> {
  const rcv = await fixtureReceiver('discord', server.base, receiverYaml(`    discord_configs:\n${yaml}`));
  return (rcv.discord_configs ?? [])[0] as DiscordConfig;
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

describe('DiscordNotifier', () => {
  test('sends the request Alertmanager 0.25 sends for the default config', async () => {
    const config = (await fixtureReceiver('discord', server.base)).discord_configs?.[0] as DiscordConfig;
    assert.equal(config.send_resolved, true);
    await createDiscordNotifier(config, deps).notify(chatContext(), [FIRING, RESOLVED]);
    const fixture = await readFixture('discord', 'am-0.25-default');
    const got = last();
    assert.deepEqual([got.method, got.path, got.headers['content-type']], [fixture.method, fixture.path, fixture.headers['content-type']]);
    assert.equal(got.headers['user-agent'], 'Tocsin/test');
    assert.equal(got.body, fixture.body);
  });

  test('0.28 keys: content, username and avatar_url; green once resolved', async () => {
    const config = await discordConfig(
      `      - webhook_url: ${server.base}/d\n        content: 'c {{ .Status }}'\n        username: am\n        avatar_url: http://a.example/x.png\n        title: t\n        message: m\n`,
    );
    await createDiscordNotifier(config, deps).notify(chatContext(), [RESOLVED]);
    assert.equal(
      last().body,
      '{"content":"c resolved","embeds":[{"title":"t","description":"m","color":3066993}],"username":"am","avatar_url":"http://a.example/x.png"}\n',
    );
  });

  test('a bad avatar_url is dropped with a warning', async () => {
    const logger = recordingLogger();
    const config = await discordConfig(`      - webhook_url: ${server.base}/d\n        avatar_url: 'http://a.example/%zz'\n`);
    await createDiscordNotifier(config, deps, logger).notify(chatContext(), [FIRING]);
    assert.ok(!last().body.includes('avatar_url'));
    assert.deepEqual(logger.warnings, ['Bad avatar url']);
  });

  test('title, message and content are cut at 256, 4096 and 2000 runes', async () => {
    const logger = recordingLogger();
    const config = await discordConfig(`      - webhook_url: ${server.base}/d\n`);
    const n = createDiscordNotifier({ ...config, title: 'é'.repeat(300), message: 'm'.repeat(5000), content: 'c'.repeat(2001) }, deps, logger);
    await n.notify(chatContext(), [FIRING]);
    const body = JSON.parse(last().body) as { content: string; embeds: { title: string; description: string }[] };
    assert.equal(body.embeds[0]?.title, `${'é'.repeat(255)}…`);
    assert.equal(body.embeds[0]?.description.length, 4096);
    assert.equal(body.content, `${'c'.repeat(1999)}…`);
    assert.deepEqual(logger.warnings, ['Truncated title', 'Truncated message', 'Truncated message']);
  });

  test('webhook_url_file is read on every send; a missing file is not retried', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tocsin-discord-'));
    const file = join(dir, 'url');
    await writeFile(file, `${server.base}/one\n`);
    const n = createDiscordNotifier(await discordConfig(`      - webhook_url_file: ${file}\n`), deps);
    await n.notify(chatContext(), [FIRING]);
    await writeFile(file, `${server.base}/two\n`);
    await n.notify(chatContext(), [FIRING]);
    assert.deepEqual(
      server.requests.map((r) => r.path),
      ['/one', '/two'],
    );
    const missing = await failure(createDiscordNotifier(await discordConfig(`      - webhook_url_file: ${join(dir, 'nope')}\n`), deps));
    assert.equal(missing.retryable, false);
    assert.match(missing.message, /^read webhook_url_file: /);
  });

  test('500 is retried then 200 succeeds; 400 and 429 are not retried; template errors fail', async () => {
    const n = createDiscordNotifier(await discordConfig(`      - webhook_url: ${server.base}/d\n`), deps);
    server.answers.push({ status: 500, body: 'boom' }, { status: 200 }, { status: 400, body: '{"message":"bad"}' }, { status: 429 });
    const e500 = await failure(n);
    assert.deepEqual([e500.retryable, e500.reason, e500.message], [true, 'serverError', 'unexpected status code 500: boom']);
    await n.notify(chatContext(), [FIRING]);
    const e400 = await failure(n);
    assert.deepEqual([e400.retryable, e400.reason], [false, 'clientError']);
    const e429 = await failure(n);
    assert.deepEqual([e429.retryable, e429.reason], [false, 'rateLimited']);
    const bad = await failure(createDiscordNotifier({ ...(await discordConfig(`      - webhook_url: ${server.base}/d\n`)), title: '{{ .Nope' }, deps));
    assert.equal(bad.retryable, false);
    assert.equal(server.requests.length, 4);
  });
});
