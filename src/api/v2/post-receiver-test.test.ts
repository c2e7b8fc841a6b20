import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import type { Alert } from '../../alerts/alert.ts';
import type { Integration } from '../../notify/notifier.ts';
import { NotifyError } from '../../notify/notify-error.ts';
import type { ApiDeps } from './deps.ts';
import { createTestApi } from './fixtures.ts';
import type { TestApi } from './fixtures.ts';
import { apiV2Routes } from './plugin.ts';

const JSON_HEADERS = { 'content-type': 'application/json' };

describe('POST /api/v2/receivers/{receiver}/test', () => {
  let t: TestApi;
  let app: FastifyInstance;
  const sent: { receiver: string; alerts: readonly Alert[] }[] = [];
  const ok = (receiver: string, index: number): Integration => ({
    name: 'webhook',
    index,
    receiver,
    sendResolved: true,
    notifier: { notify: async (ctx, alerts) => void sent.push({ receiver: ctx.flush.receiver, alerts }) },
  });
  const failing: Integration = {
    name: 'slack',
    index: 0,
    receiver: 'team-a',
    sendResolved: true,
    notifier: {
      notify: async () => {
        throw new NotifyError('unexpected status code 500: "boom"', { retryable: true });
      },
    },
  };
  const integrations: Record<string, () => readonly Integration[]> = {
    default: () => [ok('default', 0)],
    'team-a': () => [ok('team-a', 0), failing],
    'ns/cr/team-b': () => [],
    broken: () => {
      throw new RangeError('receiver "broken": email_configs are not supported yet');
    },
  };

  before(async () => {
    t = await createTestApi();
    const deps: ApiDeps = {
      ...t.deps,
      current: () => ({ ...t.deps.current(), integrations: (name) => integrations[name]?.() }),
    };
    app = Fastify({ logger: false });
    await app.register(apiV2Routes(deps));
    await app.ready();
  });
  after(async () => {
    await app.close();
    await t.close();
  });

  const post = (receiver: string, body?: unknown) =>
    app.inject({
      method: 'POST',
      url: `/api/v2/receivers/${encodeURIComponent(receiver)}/test`,
      headers: JSON_HEADERS,
      payload: body === undefined ? '' : JSON.stringify(body),
    });

  test('sends the default test alert through every integration and reports each result', async () => {
    sent.length = 0;
    const res = await post('team-a');
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['content-type'], 'application/json');
    const results = JSON.parse(res.body) as { integration: string; status: string; error?: string; durationMs: number }[];
    assert.deepEqual(results.map(({ durationMs: _, ...r }) => r), [
      { integration: 'webhook[0]', status: 'ok' },
      { integration: 'slack[0]', status: 'failed', error: 'unexpected status code 500: "boom"' },
    ]);
    assert.ok(results.every((r) => Number.isInteger(r.durationMs) && r.durationMs >= 0));
    assert.equal(sent.length, 1);
    const [alert] = sent[0]?.alerts ?? [];
    assert.deepEqual(alert?.labels, { alertname: 'TestAlert', instance: 'tocsin' });
    assert.equal(alert?.startsAt, t.clock.now());
  });

  test('labels and annotations from the body are merged over the default alert', async () => {
    sent.length = 0;
    const res = await post('default', { labels: { severity: 'critical', instance: 'web-1' }, annotations: { summary: 'hello' } });
    assert.equal(res.statusCode, 200, res.body);
    const [alert] = sent[0]?.alerts ?? [];
    assert.deepEqual(alert?.labels, { alertname: 'TestAlert', instance: 'web-1', severity: 'critical' });
    assert.equal(alert?.annotations['summary'], 'hello');
  });

  test('explicit alerts replace the default one', async () => {
    sent.length = 0;
    const body = { alerts: [{ labels: { alertname: 'Disk' }, startsAt: '2026-01-01T11:00:00Z' }, { labels: { alertname: 'Cpu' } }] };
    const res = await post('default', body);
    assert.equal(res.statusCode, 200, res.body);
    const alerts = sent[0]?.alerts ?? [];
    assert.deepEqual(alerts.map((a) => a.labels['alertname']), ['Disk', 'Cpu']);
    assert.equal(alerts[0]?.startsAt, Date.UTC(2026, 0, 1, 11));
  });

  test('a receiver name with slashes (Prometheus Operator style) is URL-decoded', async () => {
    const res = await post('ns/cr/team-b');
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.body, '[]\n');
  });

  test('404 for an unknown receiver', async () => {
    const res = await post('nobody');
    assert.equal(res.statusCode, 404);
    assert.equal(res.body, '"receiver \\"nobody\\" not found"\n');
  });

  test('500 when the receiver cannot be built', async () => {
    const res = await post('broken');
    assert.equal(res.statusCode, 500);
    assert.match(res.body, /cannot be tested: receiver \\"broken\\": email_configs are not supported yet/);
  });

  const badBodies: [string, unknown, RegExp][] = [
    ['not JSON', '{', /body is not JSON/],
    ['not an object', [1], /body must be a JSON object/],
    ['unknown field', { label: {} }, /unknown field \\"label\\"/],
    ['non-string label value', { labels: { a: 1 } }, /labels.a must be a string/],
    ['both alerts and labels', { alerts: [{ labels: { a: 'b' } }], labels: { a: 'b' } }, /either alerts or labels/],
    ['empty alerts', { alerts: [] }, /non-empty array/],
    ['alert without labels', { alerts: [{ annotations: {} }] }, /alerts\[0\].labels: at least one label pair required/],
    ['bad time', { alerts: [{ labels: { a: 'b' }, startsAt: 'yesterday' }] }, /alerts\[0\].startsAt must be an RFC 3339 date-time/],
  ];
  for (const [name, body, message] of badBodies) {
    test(`400 for a bad body: ${name}`, async () => {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v2/receivers/default/test',
        headers: JSON_HEADERS,
        payload: typeof body === 'string' ? body : JSON.stringify(body),
      });
      assert.equal(res.statusCode, 400);
      assert.match(res.body, message);
    });
  }

  test('only POST is allowed', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v2/receivers/default/test' });
    assert.equal(res.statusCode, 405);
    assert.equal(res.headers['allow'], 'POST');
  });
});
