import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { WebexConfig } from '../../config/types.ts';
import type { NotifyError } from '../notify-error.ts';
import { createWebexNotifier } from './webex.ts';
import { captureServerForTests, expectedRequest, fixtureAlerts, fixtureContext, loadFixture, OPS_CAPTURE, scenarioReceiver, testDeps } from './integration-test-support.ts';

const deps = testDeps();
const server = captureServerForTests(deps, OPS_CAPTURE);
const fixture = loadFixture('webex', 'defaults');

function config(overrides: Partial<WebexConfig> = {}): WebexConfig {
  return { ...(scenarioReceiver(fixture, server.base).webex_configs?.[0] as WebexConfig), ...overrides };
}

async function send(cfg: WebexConfig, resolved = false): Promise<void> {
  await createWebexNotifier(cfg, deps).notify(fixtureContext(fixture), fixtureAlerts(fixture, resolved));
}

describe('webex', () => {
  test('requests match Alertmanager 0.25 except the room_id, templated since 0.28', async () => {
    await send(config());
    await send(config(), true);
    // 0.34 notify/webex/webex.go: RoomID: tmpl(n.conf.RoomID); 0.25 sent the text as written.
    const want = [...fixture.firing, ...fixture.resolved].map((r) => {
      const e = expectedRequest(r, server.base);
      return { ...e, body: e.body.replace('"roomId":"room-{{ .CommonLabels.team }}"', '"roomId":"room-db"') };
    });
    assert.deepEqual(server.take(), want);
  });

  test('the message is cut to 7439 bytes on a rune boundary with "…"', async () => {
    await send(config({ message: `a${'€'.repeat(3000)}` }));
    const body = JSON.parse(server.take()[0]?.body ?? '{}') as { markdown: string };
    assert.equal(body.markdown, `a${'€'.repeat(2478)}…`);
    assert.equal(Buffer.byteLength(body.markdown), 7438);
  });

  test('an empty room_id is omitted', async () => {
    await send(config({ room_id: '' }));
    assert.ok(!(server.take()[0]?.body ?? '').includes('roomId'));
  });

  test('500 is retried (then 200 succeeds), 429 and 400 are not', async () => {
    server.answer = () => ({ status: 500 });
    await assert.rejects(send(config()), (e: NotifyError) => e.retryable && e.reason === 'serverError');
    server.answer = () => ({ status: 200, body: '{}' });
    await send(config());
    assert.equal(server.take().length, 2);
    server.answer = () => ({ status: 429 });
    await assert.rejects(send(config()), (e: NotifyError) => !e.retryable && e.reason === 'rateLimited');
    server.answer = () => ({ status: 400, body: '{"message":"roomId invalid"}' });
    await assert.rejects(send(config()), (e: NotifyError) => !e.retryable && e.reason === 'clientError' && e.message.endsWith('roomId invalid"}'));
    server.answer = () => ({ status: 200, body: '{}' });
    server.take();
  });
});
