import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { uiRoutes } from '../src/api/ui-routes.ts';

async function serve(dir: string, prefix: string): Promise<FastifyInstance> {
  const app = Fastify();
  await app.register(async (scope) => uiRoutes({ dir })(scope), { prefix });
  await app.ready();
  return app;
}

describe('uiRoutes', () => {
  let dir: string;
  const script = 'console.log("tocsin")';

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tocsin-ui-routes-'));
    await mkdir(join(dir, 'assets'));
    await writeFile(join(dir, 'index.html'), '<!doctype html><div id="app"></div>');
    await writeFile(join(dir, 'assets', 'main-ABC123.js'), script);
    await writeFile(join(dir, 'assets', 'main-ABC123.js.gz'), gzipSync(script));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('index.html at the prefix, never cached; the bare prefix is redirected relatively to end in /', async () => {
    const app = await serve(dir, '/am');
    const bare = await app.inject({ url: '/am?x=1' });
    assert.equal(bare.statusCode, 301);
    assert.equal(bare.headers.location, 'am/?x=1');
    const index = await app.inject({ url: '/am/' });
    assert.equal(index.statusCode, 200);
    assert.equal(index.headers['content-type'], 'text/html; charset=utf-8');
    assert.equal(index.headers['cache-control'], 'no-cache');
    assert.match(index.body, /id="app"/);
    await app.close();
  });

  test('hashed assets cached for a year, pre-compressed variants by Accept-Encoding, 404 for others', async () => {
    const app = await serve(dir, '');
    const plain = await app.inject({ url: '/assets/main-ABC123.js' });
    assert.equal(plain.body, script);
    assert.equal(plain.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.equal(plain.headers['content-type'], 'text/javascript; charset=utf-8');
    assert.equal(plain.headers['content-encoding'], undefined);
    const gz = await app.inject({ url: '/assets/main-ABC123.js', headers: { 'accept-encoding': 'gzip, deflate' } });
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.equal(gz.headers.vary, 'Accept-Encoding');
    assert.equal((await app.inject({ url: '/assets/other.js' })).statusCode, 404);
    assert.equal((await app.inject({ url: '/assets/main-ABC123.js.gz' })).statusCode, 404);
    await app.close();
  });

  test('an unbuilt UI says how to build it instead of failing start-up', async () => {
    const app = await serve(join(dir, 'missing'), '');
    const res = await app.inject({ url: '/' });
    assert.equal(res.statusCode, 503);
    assert.match(res.body, /npm run build:ui/);
    await app.close();
  });
});
