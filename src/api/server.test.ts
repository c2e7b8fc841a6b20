import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import bcrypt from 'bcryptjs';
import { Registry } from 'prom-client';
import { silentLogger } from '../common/logger.ts';
import type { FastifyInstance } from 'fastify';
import { buildHttpApp } from './server.ts';
import type { HttpApp, HttpAppOptions } from './server.ts';
import { WebConfigWatcher } from './web-guard.ts';

function buildApp(overrides: Partial<HttpAppOptions> = {}): Promise<HttpApp> {
  return buildHttpApp({
    routePrefix: '/',
    logger: silentLogger,
    registry: new Registry(),
    getConcurrency: 8,
    timeout: 0,
    ready: () => true,
    reload: async () => undefined,
    ...overrides,
  });
}

async function build(overrides: Partial<HttpAppOptions> = {}): Promise<FastifyInstance> {
  return (await buildApp(overrides)).fastify;
}

test('health, readiness and metrics', async () => {
  const registry = new Registry();
  const app = await build({ registry });
  const healthy = await app.inject({ url: '/-/healthy' });
  assert.equal(healthy.statusCode, 200);
  assert.equal(healthy.body, 'OK');
  assert.equal(healthy.headers['content-type'], 'text/plain; charset=utf-8');
  // As Alertmanager's HEAD handlers answer: a status, no body and no Content-Type.
  for (const url of ['/-/healthy', '/-/ready']) {
    const head = await app.inject({ method: 'HEAD', url });
    assert.equal(head.statusCode, 200, url);
    assert.equal(head.headers['content-type'], undefined, url);
    assert.equal(head.body, '', url);
  }
  assert.equal((await app.inject({ url: '/-/ready' })).body, 'OK');
  const metrics = await app.inject({ url: '/metrics' });
  assert.match(metrics.body, /alertmanager_http_request_duration_seconds_count\{handler="\/-\/healthy",method="get"\} 1/);
  await app.close();
});

test('not ready answers 503', async () => {
  const app = await build({ ready: () => false });
  assert.equal((await app.inject({ url: '/-/ready' })).statusCode, 503);
  assert.equal((await app.inject({ method: 'HEAD', url: '/-/ready' })).statusCode, 503);
  await app.close();
});

test('reload answers 200 empty, or 500 with the error text', async () => {
  let fail = false;
  const app = await build({
    reload: async () => {
      if (fail) throw new Error('am.yml:2:13: undefined receiver "nope" used in route');
    },
  });
  const ok = await app.inject({ method: 'POST', url: '/-/reload' });
  assert.equal(ok.statusCode, 200);
  assert.equal(ok.body, '');
  const form = await app.inject({ method: 'POST', url: '/-/reload', payload: 'x=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(form.statusCode, 200);
  fail = true;
  const bad = await app.inject({ method: 'POST', url: '/-/reload' });
  assert.equal(bad.statusCode, 500);
  assert.equal(bad.body, 'failed to reload config: am.yml:2:13: undefined receiver "nope" used in route\n');
  await app.close();
});

test('wrong methods get 405 with Allow, unknown paths Go\'s 404', async () => {
  const app = await build();
  const get = await app.inject({ url: '/-/reload' });
  assert.equal(get.statusCode, 405);
  assert.equal(get.headers.allow, 'OPTIONS, POST');
  assert.equal(get.body, 'Method Not Allowed\n');
  const post = await app.inject({ method: 'POST', url: '/-/healthy' });
  assert.equal(post.statusCode, 405);
  assert.equal(post.headers.allow, 'GET, HEAD, OPTIONS');
  const missing = await app.inject({ url: '/nope' });
  assert.equal(missing.statusCode, 404);
  assert.equal(missing.body, '404 page not found\n');
  await app.close();
});

test('a route prefix moves every route and / redirects to it', async () => {
  const app = await build({
    routePrefix: '/am',
    routes: [(scope) => void scope.get('/api/v2/status', async () => ({ ok: true }))],
  });
  const root = await app.inject({ url: '/?x=1' });
  assert.equal(root.statusCode, 302);
  assert.equal(root.headers.location, '/am');
  assert.equal((await app.inject({ url: '/am/-/healthy' })).statusCode, 200);
  assert.equal((await app.inject({ url: '/-/healthy' })).statusCode, 404);
  assert.deepEqual((await app.inject({ url: '/am/api/v2/status' })).json(), { ok: true });
  await app.close();
});

test('GET requests beyond --web.get-concurrency get 503', async () => {
  let release = (): void => undefined;
  const gate = new Promise<void>((r) => (release = r));
  const app = await build({
    getConcurrency: 1,
    routes: [(scope) => void scope.get('/slow', async () => gate.then(() => 'done'))],
  });
  const first = app.inject({ url: '/slow' });
  await new Promise((r) => setTimeout(r, 20));
  const second = await app.inject({ url: '/-/healthy' });
  assert.equal(second.statusCode, 503);
  assert.equal(second.body, 'Limit of concurrent GET requests reached (1), try again later.\n');
  assert.equal((await app.inject({ method: 'POST', url: '/-/reload' })).statusCode, 200);
  release();
  assert.equal((await first).body, 'done');
  assert.equal((await app.inject({ url: '/-/healthy' })).statusCode, 200);
  await app.close();
});

test('--web.timeout answers slow requests 503', async () => {
  const app = await build({
    timeout: 30,
    routes: [(scope) => void scope.get('/slow', async () => new Promise((r) => setTimeout(() => r('late'), 200)))],
  });
  const res = await app.inject({ url: '/slow' });
  assert.equal(res.statusCode, 503);
  assert.equal(res.body, 'Exceeded configured timeout of 30ms.\n');
  await app.close();
});

test('basic auth and headers from the web config', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tocsin-web-'));
  const file = join(dir, 'web.yml');
  const hash = await bcrypt.hash('secret', 4);
  await writeFile(file, `basic_auth_users:\n  admin: ${hash}\nhttp_server_config:\n  headers:\n    X-Frame-Options: deny\n`);
  const app = await build({ webConfig: await WebConfigWatcher.open(file) });
  const anonymous = await app.inject({ url: '/-/healthy' });
  assert.equal(anonymous.statusCode, 401);
  assert.equal(anonymous.headers['www-authenticate'], 'Basic');
  assert.equal(anonymous.body, 'Unauthorized\n');
  const auth = (user: string, pass: string): Record<string, string> => ({
    authorization: `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`,
  });
  assert.equal((await app.inject({ url: '/-/healthy', headers: auth('admin', 'wrong') })).statusCode, 401);
  assert.equal((await app.inject({ url: '/-/healthy', headers: auth('nobody', 'secret') })).statusCode, 401);
  const ok = await app.inject({ url: '/-/healthy', headers: auth('admin', 'secret') });
  assert.equal(ok.statusCode, 200);
  assert.equal(ok.headers['x-frame-options'], 'deny');
  await app.close();
});

test('an unclean path is redirected to its clean form, query kept, before any route answers it', async (t) => {
  // Over a socket: an injected request would have its path normalised on the way in.
  const app = await buildApp({ routes: [(scope) => void scope.all('/api/v2/*', async () => 'api')] });
  const server = createServer(app.listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise((resolve) => server.close(resolve)));
  const { port } = server.address() as AddressInfo;
  const send = (method: string, path: string): Promise<{ status: number; headers: Record<string, unknown>; body: string }> =>
    new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, method, path }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      });
      req.on('error', reject);
      req.end();
    });
  // As Alertmanager 0.25 answered them.
  const get = await send('GET', '//metrics?x=1&y=//');
  assert.equal(get.status, 301);
  assert.equal(get.headers['location'], '/metrics?x=1&y=//');
  assert.equal(get.headers['content-type'], 'text/html; charset=utf-8');
  assert.equal(get.body, '<a href="/metrics?x=1&amp;y=//">Moved Permanently</a>.\n\n');
  const post = await send('POST', '/api/v2/x/../alerts');
  assert.equal(post.status, 301);
  assert.equal(post.headers['location'], '/api/v2/alerts');
  assert.equal(post.headers['content-type'], undefined);
  assert.equal(post.body, '');
  assert.equal((await send('GET', '/api/v2/alerts//')).headers['location'], '/api/v2/alerts/');
  assert.equal((await send('GET', '/api/v2/alerts/')).body, 'api');
  assert.equal((await send('GET', '/-/healthy')).status, 200);
});
