import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseServeFlags } from '../cli/flags.ts';
import type { ServeOptions } from '../cli/flags.ts';
import { silentLogger } from '../common/logger.ts';
import type { LoadedConfig } from '../config/load.ts';
import { StartupError, startServer } from './app.ts';
import type { ServeModule } from './app.ts';

async function options(...extra: string[]): Promise<ServeOptions> {
  const dir = await mkdtemp(join(tmpdir(), 'tocsin-app-'));
  const parsed = parseServeFlags([`--storage.path=${join(dir, 'data')}`, '--web.listen-address=127.0.0.1:0', '--cluster.listen-address=', ...extra]);
  assert.equal(parsed.kind, 'run');
  return (parsed as { options: ServeOptions }).options;
}

const loaded = (source: string): LoadedConfig => ({ config: {} as LoadedConfig['config'], source, path: 'am.yml', templateFiles: [] });

test('modules subscribe before the first load, add routes under the prefix and run shutdown hooks in reverse', async () => {
  const events: string[] = [];
  const module: ServeModule = (ctx) => {
    ctx.reloader.onReload((next) => () => events.push(`config ${next.source}`));
    ctx.onShutdown('first', () => void events.push('stop first'));
    ctx.onShutdown('second', async () => void events.push('stop second'));
    events.push(`prefix ${ctx.routePrefix} url ${ctx.externalUrl}`);
    return (scope) => void scope.get('/hello', async () => 'hi');
  };
  const server = await startServer(await options('--web.external-url=http://am.example/x/'), {
    logger: silentLogger,
    modules: [module],
    load: async () => loaded('v1'),
  });
  const res = await fetch(`http://${server.addresses[0]}/x/hello`);
  assert.equal(await res.text(), 'hi');
  await server.stop();
  await server.stop();
  assert.deepEqual(events, ['prefix /x url http://am.example/x', 'config v1', 'stop second', 'stop first']);
});

test('the default external URL uses the bound port', async () => {
  const server = await startServer(await options(), { logger: silentLogger, load: async () => loaded('v1') });
  const port = server.addresses[0]?.split(':').pop();
  assert.match(server.externalUrl, new RegExp(`^http://[^/]+:${port}$`));
  assert.equal(server.routePrefix, '/');
  await server.stop();
});

test('a failing first load is a StartupError and frees the port', async () => {
  const opts = await options();
  let stopped = false;
  await assert.rejects(
    startServer(opts, {
      logger: silentLogger,
      modules: [(ctx) => ctx.onShutdown('cleanup', () => void (stopped = true))],
      load: async () => {
        throw new Error('am.yml:1:1: no route provided in config');
      },
    }),
    (err: unknown) => err instanceof StartupError && /no route provided/.test(err.message),
  );
  assert.equal(stopped, true);
});

test('a port in use is a StartupError', async () => {
  const first = await startServer(await options(), { logger: silentLogger, load: async () => loaded('v1') });
  const taken = await options();
  taken.webListenAddresses = [first.addresses[0] as string];
  await assert.rejects(startServer(taken, { logger: silentLogger, load: async () => loaded('v1') }), /EADDRINUSE/);
  await first.stop();
});
