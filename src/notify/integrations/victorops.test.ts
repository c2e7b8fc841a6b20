import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { VictorOpsConfig } from '../../config/types.ts';
import type { NotifyError } from '../notify-error.ts';
import { createVictoropsNotifier } from './victorops.ts';
import type { ScenarioFixture } from './integration-test-support.ts';
import { captureServerForTests, expectedRequest, fixtureAlerts, fixtureContext, loadFixture, OPS_CAPTURE, scenarioReceiver, testDeps } from './integration-test-support.ts';

const deps = testDeps();
const server = captureServerForTests(deps, OPS_CAPTURE);

function config(fixture: ScenarioFixture, overrides: Partial<VictorOpsConfig> = {}): VictorOpsConfig {
  return { ...(scenarioReceiver(fixture, server.base).victorops_configs?.[0] as VictorOpsConfig), ...overrides };
}

async function send(fixture: ScenarioFixture, cfg: VictorOpsConfig, resolved = false): Promise<void> {
  await createVictoropsNotifier(cfg, deps).notify(fixtureContext(fixture), fixtureAlerts(fixture, resolved));
}

describe('victorops', () => {
  for (const name of ['custom-fields', 'defaults']) {
    test(`${name}: firing and resolved requests match Alertmanager 0.25 byte for byte`, async () => {
      const fixture = loadFixture('victorops', name);
      await send(fixture, config(fixture));
      await send(fixture, config(fixture), true);
      const want = [...fixture.firing, ...fixture.resolved].map((r) => expectedRequest(r, server.base));
      assert.deepEqual(server.take(), want);
    });
  }

  test('an unknown message_type falls back to CRITICAL; state_message is cut to 20480 runes', async () => {
    const fixture = loadFixture('victorops', 'defaults');
    await send(fixture, config(fixture, { message_type: 'PANIC', state_message: 'ü'.repeat(20_481) }));
    const body = JSON.parse(server.take()[0]?.body ?? '{}') as Record<string, string>;
    assert.equal(body['message_type'], 'CRITICAL');
    assert.equal(body['state_message'], `${'ü'.repeat(20_479)}…`);
  });

  test('api_key_file is read at send time; the key is path-escaped as Go does', async () => {
    const fixture = loadFixture('victorops', 'defaults');
    const dir = await mkdtemp(join(tmpdir(), 'vo-'));
    const file = join(dir, 'key');
    await writeFile(file, "k y(1)!\n");
    const { api_key: _ignored, ...rest } = config(fixture);
    await send(fixture, { ...rest, api_key_file: file });
    assert.equal(server.take()[0]?.path, '/integrations/generic/20131114/alert/k%20y%281%29%21/team1');
  });

  test('500 is retried (then 200 succeeds), 429 and 400 are not; the key never shows in errors', async () => {
    const fixture = loadFixture('victorops', 'defaults');
    server.answer = () => ({ status: 503, body: 'later' });
    await assert.rejects(send(fixture, config(fixture)), (e: NotifyError) => e.retryable && e.reason === 'serverError' && e.message === 'unexpected status code 503: later');
    server.answer = () => ({ status: 200, body: '{"result":"success"}' });
    await send(fixture, config(fixture));
    assert.equal(server.take().length, 2);
    server.answer = () => ({ status: 429 });
    await assert.rejects(send(fixture, config(fixture)), (e: NotifyError) => !e.retryable && e.reason === 'rateLimited');
    server.answer = () => ({ status: 400, body: 'bad' });
    await assert.rejects(send(fixture, config(fixture)), (e: NotifyError) => !e.retryable && e.reason === 'clientError');
    server.answer = () => ({ status: 200, body: '{}' });
    server.take();
    const down = { ...config(fixture), api_url: 'http://127.0.0.1:1/alert/' };
    await assert.rejects(send(fixture, down), (e: NotifyError) => e.retryable && !e.message.includes('vo-key'));
  });
});
