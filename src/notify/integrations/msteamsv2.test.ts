import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { MsTeamsV2Config } from '../../config/types.ts';
import { createMsTeamsV2Notifier } from './msteamsv2.ts';
import { goJsonLine } from './chat-support.ts';
import { assertStatusClassification, assertUrlFileReadOnEverySend, captureServerForTests, chatContext, FIRING, fixtureReceiver, MARKDOWN_TEXT_BOTH, notifyFailure, receiverYaml, RESOLVED, SUBJECT_BOTH, SUBJECT_RESOLVED, testDeps } from './integration-test-support.ts';

const deps = testDeps();
const server = captureServerForTests(deps);

async function teamsConfig(yaml: string): Promise<MsTeamsV2Config> {
  const rcv = fixtureReceiver('msteamsv2', server.base, receiverYaml(`    msteamsv2_configs:\n${yaml}`));
  return (rcv.msteamsv2_configs ?? [])[0] as MsTeamsV2Config;
}

// The message of msteamsv2.go, written out in Go's field order.
function card(title: string, text: string, color: string): string {
  return goJsonLine(
    JSON.parse(
      '{"type":"message","attachments":[{"contentType":"application/vnd.microsoft.card.adaptive","contentUrl":null,' +
        '"content":{"$schema":"http://adaptivecards.io/schemas/adaptive-card.json","type":"AdaptiveCard","version":"1.2",' +
        `"body":[{"type":"TextBlock","text":${JSON.stringify(title)},"weight":"Bolder","size":"Medium","wrap":true,"style":"heading","color":"${color}"},` +
        `{"type":"TextBlock","text":${JSON.stringify(text)},"wrap":true}],"msteams":{"width":"full"}}}]}`,
    ),
  );
}

describe('MsTeamsV2Notifier', () => {
  test('default config: the Adaptive Card of Alertmanager 0.34 (hand-derived)', async () => {
    const config = await teamsConfig(`      - webhook_url: ${server.base}/workflows/x?api-version=1\n`);
    assert.equal(config.send_resolved, true);
    await createMsTeamsV2Notifier(config, deps).notify(chatContext(), [FIRING, RESOLVED]);
    const got = server.last();
    assert.deepEqual([got.method, got.path, got.headers['content-type'], got.headers['user-agent']], ['POST', '/workflows/x?api-version=1', 'application/json', 'Tocsin/test']);
    assert.equal(got.body, card(SUBJECT_BOTH, MARKDOWN_TEXT_BOTH, 'Attention'));
    assert.ok(got.body.includes('s \\u003cb\\u003e\\u0026'));
  });

  test('resolved: Good; empty title and text are still sent', async () => {
    const config = await teamsConfig(`      - webhook_url: ${server.base}/t\n        title: ''\n        text: ''\n`);
    await createMsTeamsV2Notifier(config, deps).notify(chatContext(), [RESOLVED]);
    assert.equal(server.last().body, card('', '', 'Good'));
    const defaults = await teamsConfig(`      - webhook_url: ${server.base}/t\n`);
    await createMsTeamsV2Notifier(defaults, deps).notify(chatContext(), [RESOLVED]);
    assert.ok(server.last().body.includes(`"text":"${SUBJECT_RESOLVED}"`));
  });

  test('webhook_url_file is read on every send', async () => {
    await assertUrlFileReadOnEverySend(server, async (file) => createMsTeamsV2Notifier(await teamsConfig(`      - webhook_url_file: ${file}\n`), deps));
  });

  test('500 is retried then 200 succeeds; 400 and 429 are not retried; template errors fail', async () => {
    const config = await teamsConfig(`      - webhook_url: ${server.base}/t\n`);
    const n = createMsTeamsV2Notifier(config, deps);
    await assertStatusClassification(server, n, [
      { answer: { status: 500, body: 'boom' }, failure: { retryable: true, reason: 'serverError', message: 'unexpected status code 500: boom' } },
      { answer: { status: 200, body: '1' } },
      { answer: { status: 400, body: 'Bad payload' }, failure: { retryable: false, reason: 'clientError', statusCode: 400 } },
      { answer: { status: 429 }, failure: { retryable: false, reason: 'rateLimited' } },
    ]);
    const bad = await notifyFailure(createMsTeamsV2Notifier({ ...config, text: '{{ .Nope' }, deps));
    assert.equal(bad.retryable, false);
    assert.equal(server.requests.length, 4);
  });
});
