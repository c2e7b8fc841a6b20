import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { Secret } from '../../config/secret.ts';
import type { OpsGenieConfig } from '../../config/types.ts';
import type { NotifyError } from '../notify-error.ts';
import { createOpsgenieNotifier } from './opsgenie.ts';
import type { ScenarioFixture } from './integration-test-support.ts';
import { captureServerForTests, expectedRequest, fixtureAlerts, fixtureContext, loadFixture, OPS_CAPTURE, recordingLogger, scenarioReceiver, testDeps } from './integration-test-support.ts';

const deps = testDeps();
const server = captureServerForTests(deps, OPS_CAPTURE);
const logger = recordingLogger();
const { warnings } = logger;

function config(fixture: ScenarioFixture, overrides: Partial<OpsGenieConfig> = {}): OpsGenieConfig {
  return { ...(scenarioReceiver(fixture, server.base).opsgenie_configs?.[0] as OpsGenieConfig), ...overrides };
}

async function send(fixture: ScenarioFixture, cfg: OpsGenieConfig, resolved = false): Promise<void> {
  await createOpsgenieNotifier(cfg, { ...deps, logger }).notify(fixtureContext(fixture), fixtureAlerts(fixture, resolved));
}

describe('opsgenie', () => {
  for (const name of ['update-alerts', 'defaults']) {
    test(`${name}: the request sequence matches Alertmanager 0.25 byte for byte`, async () => {
      const fixture = loadFixture('opsgenie', name);
      await send(fixture, config(fixture));
      await send(fixture, config(fixture), true);
      const want = [...fixture.firing, ...fixture.resolved].map((r) => expectedRequest(r, server.base));
      assert.deepEqual(server.take(), want);
    });
  }

  test('the message is cut to 130 runes with a warning; update_alerts repeats the cut message', async () => {
    const fixture = loadFixture('opsgenie', 'update-alerts');
    warnings.length = 0;
    await send(fixture, config(fixture, { message: 'x'.repeat(131) }));
    const [create, update] = server.take();
    assert.ok(create?.body.includes(`"message":"${'x'.repeat(129)}…"`));
    assert.equal(update?.body, `{"message":"${'x'.repeat(129)}…"}\n`);
    assert.deepEqual(warnings, ['Truncated message']);
  });

  test('api_key_file is read at send time, rendered and trimmed', async () => {
    const fixture = loadFixture('opsgenie', 'defaults');
    const dir = await mkdtemp(join(tmpdir(), 'og-'));
    const file = join(dir, 'key');
    await writeFile(file, 'key-{{ .CommonLabels.team }}\n');
    const { api_key: _ignored, ...rest } = config(fixture);
    await send(fixture, { ...rest, api_key_file: file });
    assert.equal(server.take()[0]?.headers['authorization'], 'GenieKey key-db');
  });

  test('a template error fails without a request and is not retried', async () => {
    const fixture = loadFixture('opsgenie', 'defaults');
    await assert.rejects(send(fixture, config(fixture, { api_key: new Secret('{{ .Nope') })), (e: NotifyError) => {
      assert.equal(e.retryable, false);
      assert.match(e.message, /^templating error: /);
      assert.ok(!e.message.includes('og-key'));
      return true;
    });
    assert.equal(server.take().length, 0);
  });

  test('500 is retried (then 200 succeeds), 429 is retried, 400 is not; the answer is in the message', async () => {
    const fixture = loadFixture('opsgenie', 'defaults');
    server.answer = () => ({ status: 500, body: 'down' });
    await assert.rejects(send(fixture, config(fixture)), (e: NotifyError) => e.retryable && e.reason === 'serverError');
    server.answer = () => ({ status: 202, body: '{"result":"Request will be processed"}' });
    await send(fixture, config(fixture));
    assert.equal(server.take().length, 2);
    server.answer = () => ({ status: 429, body: 'slow down' });
    await assert.rejects(send(fixture, config(fixture)), (e: NotifyError) => e.retryable && e.reason === 'rateLimited');
    server.answer = () => ({ status: 422, body: '{"message":"Request body is not processable"}' });
    await assert.rejects(send(fixture, config(fixture)), (e: NotifyError) => {
      assert.equal(e.message, 'unexpected status code 422: {"message":"Request body is not processable"}');
      assert.equal(e.retryable, false);
      assert.equal(e.reason, 'clientError');
      return true;
    });
    server.answer = () => ({ status: 200, body: '{}' });
    server.take();
  });

  test('update_alerts stops at the first failed request', async () => {
    const fixture = loadFixture('opsgenie', 'update-alerts');
    server.answer = (r) => (r.method === 'PUT' ? { status: 400, body: 'no' } : { status: 202 });
    await assert.rejects(send(fixture, config(fixture)), (e: NotifyError) => !e.retryable && e.reason === 'clientError');
    assert.deepEqual(
      server.take().map((r) => r.method),
      ['POST', 'PUT'],
    );
    server.answer = () => ({ status: 200, body: '{}' });
  });
});
