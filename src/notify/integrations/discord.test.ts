import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { DiscordConfig } from '../../config/types.ts';
import { createDiscordNotifier } from './discord.ts';
import { assertStatusClassification, assertUrlFileReadOnEverySend, captureServerForTests, chatContext, FIRING, fixtureReceiver, notifyFailure, readFixture, receiverYaml, recordingLogger, RESOLVED, testDeps } from './integration-test-support.ts';

const deps = testDeps();
const server = captureServerForTests(deps, { fallback: { status: 204 } });

async function discordConfig(yaml: string): Promise<DiscordConfig> {
  const rcv = fixtureReceiver('discord', server.base, receiverYaml(`    discord_configs:\n${yaml}`));
  return (rcv.discord_configs ?? [])[0] as DiscordConfig;
}

describe('DiscordNotifier', () => {
  test('sends the request Alertmanager 0.25 sends for the default config', async () => {
    const config = fixtureReceiver('discord', server.base).discord_configs?.[0] as DiscordConfig;
    assert.equal(config.send_resolved, true);
    await createDiscordNotifier(config, deps).notify(chatContext(), [FIRING, RESOLVED]);
    const fixture = readFixture('discord', 'am-0.25-default');
    const got = server.last();
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
      server.last().body,
      '{"content":"c resolved","embeds":[{"title":"t","description":"m","color":3066993}],"username":"am","avatar_url":"http://a.example/x.png"}\n',
    );
  });

  test('a bad avatar_url is dropped with a warning', async () => {
    const logger = recordingLogger();
    const config = await discordConfig(`      - webhook_url: ${server.base}/d\n        avatar_url: 'http://a.example/%zz'\n`);
    await createDiscordNotifier(config, deps, logger).notify(chatContext(), [FIRING]);
    assert.ok(!server.last().body.includes('avatar_url'));
    assert.deepEqual(logger.warnings, ['Bad avatar url']);
  });

  test('title, message and content are cut at 256, 4096 and 2000 runes', async () => {
    const logger = recordingLogger();
    const config = await discordConfig(`      - webhook_url: ${server.base}/d\n`);
    const n = createDiscordNotifier({ ...config, title: 'é'.repeat(300), message: 'm'.repeat(5000), content: 'c'.repeat(2001) }, deps, logger);
    await n.notify(chatContext(), [FIRING]);
    const body = JSON.parse(server.last().body) as { content: string; embeds: { title: string; description: string }[] };
    assert.equal(body.embeds[0]?.title, `${'é'.repeat(255)}…`);
    assert.equal(body.embeds[0]?.description.length, 4096);
    assert.equal(body.content, `${'c'.repeat(1999)}…`);
    assert.deepEqual(logger.warnings, ['Truncated title', 'Truncated message', 'Truncated message']);
  });

  test('webhook_url_file is read on every send; a missing file is not retried', async () => {
    const { dir } = await assertUrlFileReadOnEverySend(server, async (file) => createDiscordNotifier(await discordConfig(`      - webhook_url_file: ${file}\n`), deps), [`${server.base}/one\n`, `${server.base}/two\n`]);
    const missing = await notifyFailure(createDiscordNotifier(await discordConfig(`      - webhook_url_file: ${join(dir, 'nope')}\n`), deps));
    assert.equal(missing.retryable, false);
    assert.match(missing.message, /^read webhook_url_file: /);
  });

  test('500 is retried then 200 succeeds; 400 and 429 are not retried; template errors fail', async () => {
    const n = createDiscordNotifier(await discordConfig(`      - webhook_url: ${server.base}/d\n`), deps);
    await assertStatusClassification(server, n, [
      { answer: { status: 500, body: 'boom' }, failure: { retryable: true, reason: 'serverError', message: 'unexpected status code 500: boom' } },
      { answer: { status: 200 } },
      { answer: { status: 400, body: '{"message":"bad"}' }, failure: { retryable: false, reason: 'clientError' } },
      { answer: { status: 429 }, failure: { retryable: false, reason: 'rateLimited' } },
    ]);
    const bad = await notifyFailure(createDiscordNotifier({ ...(await discordConfig(`      - webhook_url: ${server.base}/d\n`)), title: '{{ .Nope' }, deps));
    assert.equal(bad.retryable, false);
    assert.equal(server.requests.length, 4);
  });
});
