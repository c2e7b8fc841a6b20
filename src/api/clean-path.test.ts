import assert from 'node:assert/strict';
import { request, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { Registry } from 'prom-client';
import { silentLogger } from '../common/logger.ts';
import { goCleanPath } from './clean-path.ts';
import { buildHttpApp } from './server.ts';

test('paths clean as Go 1.19 net/http ServeMux cleans them', () => {
  // Locations ServeMux redirected these paths to; a path absent from its own entry was served.
  const cases: Array<[string, string]> = [
    ['/', '/'],
    ['//', '/'],
    ['/./', '/'],
    ['/..', '/'],
    ['/../x', '/x'],
    ['/a//b', '/a/b'],
    ['/a/./b', '/a/b'],
    ['/a/b/..', '/a'],
    ['/a/b/../', '/a/'],
    ['/a/b/../c/', '/a/c/'],
    ['/a/', '/a/'],
    ['/a//', '/a/'],
    ['/a/.', '/a'],
    ['/a/..', '/'],
    ['///a///b///', '/a/b/'],
    ['/a/b/./../c', '/a/c'],
    ['/api/v2/alerts/', '/api/v2/alerts/'],
  ];
  for (const [path, clean] of cases) assert.equal(goCleanPath(path), clean, path);
});

test('an unclean path is redirected to its clean form, query kept, before any route answers it', async (t) => {
  const app = await buildHttpApp({
    routePrefix: '/',
    logger: silentLogger,
    registry: new Registry(),
    getConcurrency: 8,
    timeout: 0,
    ready: () => true,
    reload: async () => undefined,
    routes: [(scope) => void scope.all('/api/v2/*', async () => 'api')],
  });
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
