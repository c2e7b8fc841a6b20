import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { RequestListener, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Readable } from 'node:stream';
import { Registry } from 'prom-client';
import { request } from 'undici';
import { Logger } from '../../common/logger.ts';
import type { FastLane } from '../fast-lane.ts';
import { buildHttpApp } from '../server.ts';
import type { HttpApp } from '../server.ts';
import { WebConfigWatcher } from '../web-guard.ts';
import type { ApiDeps } from './deps.ts';
import { createTestApi } from './fixtures.ts';
import type { TestApi } from './fixtures.ts';
import { ingestLane } from './ingest-lane.ts';
import { apiV2Routes } from './plugin.ts';

interface Reply {
  status: number;
  headers: Record<string, unknown>;
  body: string;
}

async function listen(listener: RequestListener): Promise<{ server: Server; url: string }> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function send(url: string, init: { path: string; headers?: Record<string, string>; body?: string | Readable }): Promise<Reply> {
  const res = await request(`${url}${init.path}`, { method: 'POST', headers: init.headers ?? { 'content-type': 'application/json' }, body: init.body ?? '' });
  const { date: _date, ...headers } = res.headers;
  return { status: res.statusCode, headers, body: await res.body.text() };
}

// The same API served twice under a route prefix: with the ingest lane ahead of fastify, and by
// fastify alone. Every request must be answered alike; the lane must have taken the plain ones.
describe('the ingest lane answers as the fastify route does', () => {
  let t: TestApi;
  let deps: ApiDeps;
  let taken = 0;
  const apps: HttpApp[] = [];
  const servers: Server[] = [];
  let withLane = '';
  let fastifyOnly = '';

  // Each app registers its HTTP metrics; the lane's app in the API's registry.
  const build = (lanes: FastLane[], registry: Registry): Promise<HttpApp> =>
    buildHttpApp({
      routePrefix: '/am',
      logger: new Logger({ write: () => undefined }),
      registry,
      getConcurrency: 8,
      timeout: 0,
      ready: () => true,
      reload: async () => undefined,
      routes: [apiV2Routes(deps)],
      lanes,
    });

  before(async () => {
    t = await createTestApi();
    deps = { ...t.deps, maxBodyBytes: 4096 };
    const lane = ingestLane(deps);
    const counted: FastLane = {
      match: (method, path, headers) => lane.match(method, path, headers),
      serve: (req, res) => {
        taken++;
        return lane.serve(req, res);
      },
    };
    apps.push(await build([counted], t.registry), await build([], new Registry()));
    const [a, b] = await Promise.all(apps.map((app) => listen(app.listener)));
    servers.push((a as { server: Server }).server, (b as { server: Server }).server);
    withLane = (a as { url: string }).url;
    fastifyOnly = (b as { url: string }).url;
  });
  after(async () => {
    for (const server of servers) server.close();
    await Promise.all(apps.map((app) => app.fastify.close()));
    await t.close();
  });

  const json = { 'content-type': 'application/json' };
  const cases: Array<{ name: string; lane: boolean; path: string; headers?: Record<string, string>; body?: () => string | Readable; status?: number }> = [
    { name: 'a valid batch from a browser', lane: true, path: '/am/api/v2/alerts', headers: { ...json, origin: 'http://ui.example' }, body: () => '[{"labels":{"alertname":"A"}}]' },
    { name: 'a batch with an invalid alert', lane: true, path: '/am/api/v2/alerts', body: () => '[{"labels":{"alertname":"B"}},{"labels":{"0bad":"x"}}]' },
    { name: 'JSON that does not parse', lane: true, path: '/am/api/v2/alerts', body: () => '[{"labels":' },
    { name: 'an empty body', lane: true, path: '/am/api/v2/alerts', body: () => '' },
    { name: 'the trailing slash Flux posts to, with a query', lane: true, path: '/am/api/v2/alerts/?x=1', headers: { 'content-type': 'application/json; charset=utf-8' }, body: () => '[{"labels":{"alertname":"F"},"status":"firing"}]' },
    { name: 'a batch whose Accept takes no JSON', lane: true, path: '/am/api/v2/alerts', headers: { ...json, accept: 'application/xml' }, body: () => '[{"labels":{"alertname":"X"}}]', status: 200 },
    { name: 'an empty body whose Accept takes no JSON', lane: false, path: '/am/api/v2/alerts', headers: { ...json, accept: 'application/xml' }, body: () => '', status: 406 },
    { name: 'a content type Go cannot read', lane: false, path: '/am/api/v2/alerts', headers: { 'content-type': 'application/json; charset' }, body: () => '[]', status: 400 },
    { name: 'another content type', lane: false, path: '/am/api/v2/alerts', headers: { 'content-type': 'text/plain' }, body: () => '[]' },
    { name: 'a body over the limit', lane: false, path: '/am/api/v2/alerts', body: () => `[${'{"labels":{"a":"1"}},'.repeat(300)}{"labels":{"a":"1"}}]` },
    {
      name: 'a chunked body',
      lane: false,
      path: '/am/api/v2/alerts',
      body: () => Readable.from([Buffer.from('[{"labels":'), Buffer.from('{"alertname":"C"}}]')]),
    },
    { name: 'a path outside the prefix', lane: false, path: '/api/v2/alerts', body: () => '[]' },
  ];

  for (const c of cases) {
    test(c.name, async () => {
      const before = taken;
      const laneReply = await send(withLane, { path: c.path, headers: c.headers ?? json, body: c.body?.() ?? '' });
      assert.equal(taken - before, c.lane ? 1 : 0, c.lane ? 'the lane took it' : 'fastify took it');
      const fastifyReply = await send(fastifyOnly, { path: c.path, headers: c.headers ?? json, body: c.body?.() ?? '' });
      assert.deepEqual(laneReply, fastifyReply);
      if (c.status !== undefined) assert.equal(laneReply.status, c.status);
    });
  }

  test('requests the lane answered are in the HTTP metrics under their route', async () => {
    const metric = await t.registry.getSingleMetricAsString('alertmanager_http_request_duration_seconds');
    assert.match(metric, /_count\{handler="\/api\/v2\/alerts",method="post"\} [1-9]/);
    assert.match(metric, /_count\{handler="\/api\/v2\/alerts\/",method="post"\} [1-9]/);
  });
});

for (const setting of ['a request timeout', 'a web configuration'] as const) {
  test(`no lane is offered while ${setting} applies`, async () => {
    const t = await createTestApi();
    const dir = await mkdtemp(join(tmpdir(), 'tocsin-lane-'));
    await writeFile(join(dir, 'web.yml'), '');
    let asked = 0;
    const lane: FastLane = {
      match: () => {
        asked++;
        return undefined;
      },
      serve: () => Promise.resolve(0),
    };
    const app = await buildHttpApp({
      routePrefix: '/',
      logger: new Logger({ write: () => undefined }),
      registry: t.registry,
      getConcurrency: 8,
      timeout: setting === 'a request timeout' ? 30_000 : 0,
      ...(setting === 'a web configuration' ? { webConfig: await WebConfigWatcher.open(join(dir, 'web.yml')) } : {}),
      ready: () => true,
      reload: async () => undefined,
      routes: [apiV2Routes(t.deps)],
      lanes: [lane],
    });
    const { server, url } = await listen(app.listener);
    assert.equal((await send(url, { path: '/api/v2/alerts', body: '[{"labels":{"alertname":"T"}}]' })).status, 200);
    assert.equal(asked, 0);
    server.close();
    await app.fastify.close();
    await t.close();
    await rm(dir, { recursive: true });
  });
}
