import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { createTestApi } from './fixtures.ts';
import type { TestApi } from './fixtures.ts';

describe('status, receivers, documents and cross-cutting behaviour', () => {
  let t: TestApi;
  beforeEach(async () => {
    t = await createTestApi({
      deps: {
        cluster: () => ({ name: 'me', status: 'ready', peers: [{ name: 'z', address: '10.0.0.2:9094' }, { name: 'a', address: '10.0.0.1:9094' }] }),
      },
    });
  });
  afterEach(async () => t.close());

  test('GET /status reports cluster, config, uptime and version in Go field order', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v2/status' });
    assert.equal(res.statusCode, 200);
    const status = JSON.parse(res.body) as Record<string, Record<string, unknown>>;
    assert.deepEqual(Object.keys(status), ['cluster', 'config', 'uptime', 'versionInfo']);
    assert.deepEqual(status['cluster'], {
      name: 'me',
      peers: [
        { address: '10.0.0.1:9094', name: 'a' },
        { address: '10.0.0.2:9094', name: 'z' },
      ],
      status: 'ready',
    });
    assert.equal(status['config']?.['original'], t.deps.current().original);
    assert.match(String(status['config']?.['original']), /^global:\n {2}resolve_timeout: 5m\n/);
    assert.equal(status['uptime'], '2026-01-01T12:00:00.000Z');
    assert.deepEqual(Object.keys(status['versionInfo'] ?? {}), ['branch', 'buildDate', 'buildUser', 'goVersion', 'revision', 'version']);
  });

  test('GET /receivers lists receivers with labels and filters by receiver_matchers', async () => {
    const all = await t.app.inject({ method: 'GET', url: '/api/v2/receivers' });
    assert.equal(all.body, '[{"labels":{"name":"default"},"name":"default"},{"labels":{"name":"team-a"},"name":"team-a"},{"labels":{"name":"team-b"},"name":"team-b"}]\n');
    const some = await t.app.inject({ method: 'GET', url: '/api/v2/receivers?receiver_matchers=name%3D~%22team-.*%22' });
    assert.deepEqual((JSON.parse(some.body) as Array<{ name: string }>).map((r) => r.name), ['team-a', 'team-b']);
  });

  test('API v1 answers 410 with the 0.27+ body', async () => {
    for (const [method, url] of [['GET', '/api/v1/alerts'], ['POST', '/api/v1/silences'], ['DELETE', '/api/v1/silence/x']] as const) {
      const res = await t.app.inject({ method, url });
      assert.equal(res.statusCode, 410);
      assert.equal(res.headers['content-type'], 'application/json');
      assert.equal(
        res.body,
        '{"status":"deprecated","error":"The Alertmanager v1 API was deprecated in version 0.16.0 and is removed as of version 0.27.0 - please use the equivalent route in the v2 API"}\n',
      );
    }
  });

  test('unknown paths and methods get go-swagger answers', async () => {
    const missing = await t.app.inject({ method: 'GET', url: '/api/v2/nope' });
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.body, '{"code":404,"message":"path /api/v2/nope was not found"}');
    // An empty path parameter matches no route, as Alertmanager 0.25 answered it.
    for (const method of ['GET', 'DELETE']) {
      const empty = await t.app.inject({ method, url: '/api/v2/silence/' });
      assert.equal(empty.statusCode, 404);
      assert.equal(empty.body, '{"code":404,"message":"path /api/v2/silence/ was not found"}');
    }
    const wrong = await t.app.inject({ method: 'PUT', url: '/api/v2/silences' });
    assert.equal(wrong.statusCode, 405);
    assert.equal(wrong.headers['allow'], 'GET,POST');
    assert.equal(wrong.body, '{"code":405,"message":"method PUT is not allowed, but [GET,POST] are"}');
  });

  test('CORS as rs/cors Default and Cache-Control: no-store', async () => {
    const simple = await t.app.inject({ method: 'GET', url: '/api/v2/status', headers: { origin: 'http://ui.example' } });
    assert.equal(simple.headers['access-control-allow-origin'], '*');
    assert.equal(simple.headers['vary'], 'Origin');
    assert.equal(simple.headers['cache-control'], 'no-store');
    const noOrigin = await t.app.inject({ method: 'GET', url: '/api/v2/status' });
    assert.equal(noOrigin.headers['access-control-allow-origin'], undefined);

    const preflight = await t.app.inject({
      method: 'OPTIONS',
      url: '/api/v2/silences',
      headers: { origin: 'http://ui.example', 'access-control-request-method': 'post', 'access-control-request-headers': 'Content-Type' },
    });
    assert.equal(preflight.statusCode, 204);
    assert.equal(preflight.headers['access-control-allow-origin'], '*');
    assert.equal(preflight.headers['access-control-allow-methods'], 'POST');
    assert.equal(preflight.headers['access-control-allow-headers'], 'Content-Type');

    const refused = await t.app.inject({
      method: 'OPTIONS',
      url: '/api/v2/silence/6a6e3a51-9e8f-4b8c-a1a8-000000000000',
      headers: { origin: 'http://ui.example', 'access-control-request-method': 'DELETE' },
    });
    assert.equal(refused.statusCode, 204);
    assert.equal(refused.headers['access-control-allow-origin'], undefined);
  });

  test('swagger.json is a Swagger 2.0 document whose references all resolve', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v2/swagger.json' });
    assert.equal(res.statusCode, 200);
    const doc = JSON.parse(res.body) as Record<string, Record<string, unknown>>;
    assert.equal(doc['swagger'], '2.0');
    const operations = Object.values(doc['paths'] ?? {}).flatMap((p) =>
      Object.values(p as Record<string, { operationId?: string }>).map((op) => op.operationId).filter((id) => id !== undefined),
    );
    assert.deepEqual(operations.sort(), [
      'deleteSilence', 'getAlertGroups', 'getAlerts', 'getReceivers', 'getSilence', 'getSilences', 'getStatus', 'postAlerts', 'postSilences',
    ]);
    for (const [, kind, name] of res.body.matchAll(/"\$ref":"#\/(definitions|parameters|responses)\/([A-Za-z]+)"/g)) {
      assert.ok((doc[kind as string] as Record<string, unknown>)[name as string] !== undefined, `${kind}/${name}`);
    }
  });
});
