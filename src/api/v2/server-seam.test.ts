import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { Logger } from '../../common/logger.ts';
import { buildHttpApp } from '../server.ts';
import { v1GoneRoutes } from '../v1-gone.ts';
import { createTestApi } from './fixtures.ts';
import type { TestApi } from './fixtures.ts';
import { apiV2Routes } from './plugin.ts';

// The API mounted in the real HTTP server under a route prefix, as the composition root does it.
describe('API v2 inside the HTTP server', () => {
  let t: TestApi;
  let app: FastifyInstance;

  before(async () => {
    t = await createTestApi();
    const logger = new Logger({ write: () => undefined });
    const http = await buildHttpApp({
      routePrefix: '/am',
      logger,
      registry: t.registry,
      getConcurrency: 8,
      timeout: 0,
      ready: () => true,
      reload: async () => undefined,
      routes: [apiV2Routes(t.deps), v1GoneRoutes(logger)],
    });
    app = http.fastify;
  });
  after(async () => {
    await app.close();
    await t.close();
  });

  test('serves the API under the prefix with its own 404s and v1 410s', async () => {
    const post = await app.inject({ method: 'POST', url: '/am/api/v2/alerts/', payload: '[{"labels":{"alertname":"A"}}]', headers: { 'content-type': 'application/json' } });
    assert.equal(post.statusCode, 200);
    const list = await app.inject({ method: 'GET', url: '/am/api/v2/alerts?filter=alertname%3DA' });
    assert.equal((JSON.parse(list.body) as unknown[]).length, 1);
    const missing = await app.inject({ method: 'GET', url: '/am/api/v2/nope' });
    assert.equal(missing.body, '{"code":404,"message":"path /api/v2/nope was not found"}');
    assert.equal((await app.inject({ method: 'GET', url: '/am/api/v1/status' })).statusCode, 410);
    assert.equal((await app.inject({ method: 'GET', url: '/api/v2/status' })).statusCode, 404);
  });

  test('request durations are recorded per handler', async () => {
    await app.inject({ method: 'GET', url: '/am/api/v2/status' });
    const metrics = await t.registry.metrics();
    assert.match(metrics, /alertmanager_http_request_duration_seconds_count\{handler="\/api\/v2\/status",method="get"\} 1/);
  });
});
