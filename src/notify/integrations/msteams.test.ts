import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { MsTeamsConfig } from '../../config/types.ts';
import { createMsTeamsNotifier } from './msteams.ts';
import { goJsonLine } from './chat-support.ts';
import { assertStatusClassification, assertUrlFileReadOnEverySend, captureServerForTests, chatContext, FIRING, fixtureReceiver, MARKDOWN_TEXT_BOTH, notifyFailure, receiverYaml, RESOLVED, SUBJECT_BOTH, SUBJECT_RESOLVED, testDeps } from './integration-test-support.ts';

const deps = testDeps();
const server = captureServerForTests(deps);

async function teamsConfig(yaml: string): Promise<MsTeamsConfig> {
  const rcv = fixtureReceiver('msteams', server.base, receiverYaml(`    msteams_configs:\n${yaml}`));
  return (rcv.msteams_configs ?? [])[0] as MsTeamsConfig;
}

describe('MsTeamsNotifier', () => {
  test('default config: the MessageCard of Alertmanager 0.34 (hand-derived)', async () => {
    const config = await teamsConfig(`      - webhook_url: ${server.base}/webhookb2/x?a=1\n`);
    assert.equal(config.send_resolved, true);
    await createMsTeamsNotifier(config, deps).notify(chatContext(), [FIRING, RESOLVED]);
    const got = server.last();
    assert.deepEqual([got.method, got.path, got.headers['content-type'], got.headers['user-agent']], ['POST', '/webhookb2/x?a=1', 'application/json', 'Tocsin/test']);
    const expected =
      '{"@context":"http://schema.org/extensions","type":"MessageCard",' +
      `"title":${JSON.stringify(SUBJECT_BOTH)},"summary":${JSON.stringify(SUBJECT_BOTH)},` +
      `"text":${JSON.stringify(MARKDOWN_TEXT_BOTH)},"themeColor":"8C1A1A"}`;
    assert.equal(got.body, goJsonLine(JSON.parse(expected)));
    assert.ok(got.body.includes('s \\u003cb\\u003e\\u0026'));
  });

  test('resolved: green; custom title, summary and text', async () => {
    const config = await teamsConfig(`      - webhook_url: ${server.base}/t\n        title: 'T {{ .Status }}'\n        summary: S\n        text: ''\n`);
    await createMsTeamsNotifier(config, deps).notify(chatContext(), [RESOLVED]);
    assert.equal(server.last().body, '{"@context":"http://schema.org/extensions","type":"MessageCard","title":"T resolved","summary":"S","text":"","themeColor":"2DC72D"}\n');
    const defaults = await teamsConfig(`      - webhook_url: ${server.base}/t\n`);
    await createMsTeamsNotifier(defaults, deps).notify(chatContext(), [RESOLVED]);
    assert.ok(server.last().body.includes(`"title":"${SUBJECT_RESOLVED}"`));
  });

  test('webhook_url_file is read on every send', async () => {
    await assertUrlFileReadOnEverySend(server, async (file) => createMsTeamsNotifier(await teamsConfig(`      - webhook_url_file: ${file}\n`), deps));
  });

  test('500 is retried then 200 succeeds; 400 and 429 are not retried; template errors fail', async () => {
    const config = await teamsConfig(`      - webhook_url: ${server.base}/t\n`);
    const n = createMsTeamsNotifier(config, deps);
    await assertStatusClassification(server, n, [
      { answer: { status: 500, body: 'boom' }, failure: { retryable: true, reason: 'serverError', message: 'unexpected status code 500: boom' } },
      { answer: { status: 200, body: '1' } },
      { answer: { status: 400, body: 'Bad payload' }, failure: { retryable: false, reason: 'clientError', statusCode: 400 } },
      { answer: { status: 429 }, failure: { retryable: false, reason: 'rateLimited' } },
    ]);
    const bad = await notifyFailure(createMsTeamsNotifier({ ...config, text: '{{ .Nope' }, deps));
    assert.equal(bad.retryable, false);
    assert.equal(server.requests.length, 4);
  });
});
