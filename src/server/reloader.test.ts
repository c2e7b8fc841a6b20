import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Registry } from 'prom-client';
import { silentLogger } from '../common/logger.ts';
import type { LoadedConfig } from '../config/load.ts';
import { ConfigReloader } from './reloader.ts';

function fakeLoaded(source: string): LoadedConfig {
  return { config: {} as LoadedConfig['config'], source, path: 'am.yml', templateFiles: [] };
}

function setup(): { reloader: ConfigReloader; registry: Registry; files: string[] } {
  const registry = new Registry();
  const files: string[] = [];
  const reloader = new ConfigReloader({
    path: 'am.yml',
    registry,
    logger: silentLogger,
    hash: (s) => s.length,
    now: () => 1_700_000_000_000,
    load: async () => {
      const next = files.shift();
      if (next === undefined || next.startsWith('bad')) throw new Error(`am.yml:1:1: ${next ?? 'missing'}`);
      return fakeLoaded(next);
    },
  });
  return { reloader, registry, files };
}

async function metric(registry: Registry, name: string): Promise<number | undefined> {
  const json = await registry.getMetricsAsJSON();
  return json.find((m) => m.name === name)?.values[0]?.value;
}

test('a successful reload sets the config, hash, success and timestamp', async () => {
  const { reloader, registry, files } = setup();
  files.push('abc');
  await reloader.reload();
  assert.equal(reloader.current()?.source, 'abc');
  assert.equal(await metric(registry, 'alertmanager_config_hash'), 3);
  assert.equal(await metric(registry, 'alertmanager_config_last_reload_successful'), 1);
  assert.equal(await metric(registry, 'alertmanager_config_last_reload_success_timestamp_seconds'), 1_700_000_000);
});

test('a failed load keeps the running config and sets success to 0', async () => {
  const { reloader, registry, files } = setup();
  files.push('good', 'bad yaml');
  await reloader.reload();
  await assert.rejects(reloader.reload(), /am\.yml:1:1: bad yaml/);
  assert.equal(reloader.current()?.source, 'good');
  assert.equal(await metric(registry, 'alertmanager_config_last_reload_successful'), 0);
  assert.equal(await metric(registry, 'alertmanager_config_hash'), 4);
});

test('listeners prepare, then all commit together; a veto commits none', async () => {
  const { reloader, files } = setup();
  const applied: string[] = [];
  reloader.onReload((next) => () => applied.push(`a:${next.source}`));
  reloader.onReload(async (next, previous) => {
    if (next.source === 'vetoed') throw new Error('receiver templates do not parse');
    return () => applied.push(`b:${next.source} after ${previous?.source ?? 'nothing'}`);
  });
  files.push('one', 'vetoed', 'two');
  await reloader.reload();
  await assert.rejects(reloader.reload(), /do not parse/);
  assert.equal(reloader.current()?.source, 'one');
  await reloader.reload();
  assert.deepEqual(applied, ['a:one', 'b:one after nothing', 'a:two', 'b:two after one']);
});

test('reloads run one at a time, in order', async () => {
  const { reloader, files } = setup();
  const seen: string[] = [];
  reloader.onReload(async (next) => {
    await new Promise((r) => setTimeout(r, next.source === 'slow' ? 20 : 0));
    seen.push(next.source);
  });
  files.push('slow', 'fast');
  await Promise.all([reloader.reload(), reloader.reload()]);
  assert.deepEqual(seen, ['slow', 'fast']);
  assert.equal(reloader.current()?.source, 'fast');
});

test('unsubscribing stops notifications', async () => {
  const { reloader, files } = setup();
  let calls = 0;
  const off = reloader.onReload(() => void calls++);
  files.push('a', 'b');
  await reloader.reload();
  off();
  await reloader.reload();
  assert.equal(calls, 1);
});
