import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it, test } from 'node:test';
import { Registry } from 'prom-client';
import { FakeClock } from '../common/fake-clock.ts';
import { eq, re, silenceInput } from './fixtures.ts';
import { MemorySilenceStore } from './memory-silence-store.ts';
import type { SilencePersistence } from './memory-silence-store.ts';
import type { Silence } from './silence.ts';
import { SilenceMetrics } from './silence-metrics.ts';
import { Silencer } from './silencer.ts';

const HOUR = 3_600_000;

function setup(options: { initial?: readonly Silence[]; persistence?: SilencePersistence } = {}) {
  const clock = new FakeClock();
  const registry = new Registry();
  const store = new MemorySilenceStore({ clock, retentionMs: HOUR, matcherMode: 'fallback', metrics: new SilenceMetrics(registry), ...options });
  /** The value of an unlabelled series (or the one with these labels). */
  const value = async (name: string, labels: Record<string, string> = {}): Promise<number | undefined> => {
    const text = await registry.metrics();
    const suffix = Object.entries(labels).map(([k, v]) => `${k}="${v}"`).join(',');
    const line = text.split('\n').find((l) => l.startsWith(suffix === '' ? `${name} ` : `${name}{${suffix}} `));
    return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
  };
  const add = (...matchers: Parameters<typeof silenceInput>[0]) => store.set(silenceInput(matchers, undefined, clock.now() + HOUR));
  return { clock, registry, store, value, add };
}

function stored(id: string, matchers: Silence['matchers'], now: number): Silence {
  return { id, matchers, startsAt: now, endsAt: now + HOUR, updatedAt: now, createdBy: 'tester', comment: 'test', expiresAt: now + 2 * HOUR };
}

describe('exposition', () => {
  it('has the HELP and TYPE lines of Alertmanager 0.25, and 0.34’s additions', async () => {
    const fixture = await readFile(new URL('./testdata/am-0.25-silences-metrics.txt', import.meta.url), 'utf8');
    const { registry } = setup();
    const text = await registry.metrics();
    for (const line of fixture.split('\n').filter((l) => l.startsWith('# '))) assert.ok(text.includes(`${line}\n`), `missing: ${line}`);
    for (const line of [
      '# HELP alertmanager_silences_gc_errors_total How many silence GC errors were encountered.',
      '# HELP alertmanager_silences_maintenance_total How many maintenances were executed for silences.',
      '# HELP alertmanager_silences_maintenance_errors_total How many maintenances were executed for silences that failed.',
      '# HELP alertmanager_silences_matcher_compile_errors_total How many silence matcher compilations failed.',
      '# HELP alertmanager_silences_query_silences_scanned_total How many silences were scanned during query evaluation.',
      '# HELP alertmanager_silences_query_silences_skipped_total How many silences were skipped during query evaluation using the version index.',
      '# HELP alertmanager_silences_state_size The number of silences in the state map.',
      '# HELP alertmanager_silences_matcher_index_size The number of entries in the matcher cache index.',
      '# HELP alertmanager_silences_version_index_size The number of entries in the version index.',
    ]) {
      assert.ok(text.includes(`${line}\n`), `missing: ${line}`);
    }
  });

  it('pre-initialises the series Alertmanager does, both compile stages included', async () => {
    const fixture = await readFile(new URL('./testdata/am-0.25-silences-metrics.txt', import.meta.url), 'utf8');
    const { registry, value } = setup();
    const text = await registry.metrics();
    for (const line of fixture.split('\n').filter((l) => l.startsWith('alertmanager_'))) {
      const series = line.slice(0, line.lastIndexOf(' '));
      assert.ok(text.includes(`${series} `), `missing ${series}`);
    }
    assert.equal(await value('alertmanager_silences_matcher_compile_errors_total', { stage: 'index' }), 0);
    assert.equal(await value('alertmanager_silences_matcher_compile_errors_total', { stage: 'load_snapshot' }), 0);
  });
});

describe('queries', () => {
  it('counts a lookup by label set with the silences it tested: its buckets and the unanchored ones', async () => {
    const { store, value, add } = setup();
    await add(eq('job', 'a'));
    await add(eq('job', 'b'));
    await add({ name: 'env', value: 'dev', isRegex: false, isEqual: false });
    const found = store.query({ matches: { job: 'a', env: 'prod' } });
    assert.equal(found.length, 2);
    assert.equal(await value('alertmanager_silences_queries_total'), 1);
    assert.equal(await value('alertmanager_silences_query_silences_scanned_total'), 2, 'job="a" and the unanchored env!="dev"');
    assert.equal(await value('alertmanager_silences_query_duration_seconds_count'), 1);
    assert.equal(await value('alertmanager_silences_query_silences_skipped_total'), 0);
  });

  it('counts lookups by id (the ids found) and of all silences (every one)', async () => {
    const { store, value, add } = setup();
    const a = await add(eq('job', 'a'));
    await add(eq('job', 'b'));
    store.query({ ids: [a, 'unknown'] });
    store.query({ states: ['active'] });
    assert.equal(await value('alertmanager_silences_queries_total'), 2);
    assert.equal(await value('alertmanager_silences_query_silences_scanned_total'), 1 + 2);
  });

  it('counts silences added since a version as scanned and the older ones as skipped', async () => {
    const { store, value, add } = setup();
    await add(eq('job', 'a'));
    await add(eq('job', 'b'));
    const version = store.version();
    await add(eq('job', 'c'));
    assert.equal(store.addedSince(version).length, 1);
    assert.equal(await value('alertmanager_silences_queries_total'), 1);
    assert.equal(await value('alertmanager_silences_query_silences_skipped_total'), 2);
    assert.equal(await value('alertmanager_silences_query_silences_scanned_total'), 1);
  });

  it('counts the silencer’s lookups as Alertmanager’s silencer makes them', async () => {
    const { clock, store, value, add } = setup();
    const silencer = new Silencer(store, { clock });
    await add(eq('job', 'a'));
    const queries = async () => value('alertmanager_silences_queries_total');
    assert.deepEqual(silencer.mutes({ job: 'b' }, 'fp-b'), []);
    assert.equal(await queries(), 1, 'first sight: one lookup by label set');
    silencer.mutes({ job: 'b' }, 'fp-b');
    assert.equal(await queries(), 1, 'nothing matched and nothing changed: no lookup');
    assert.equal(silencer.mutes({ job: 'a' }, 'fp-a').length, 1);
    silencer.mutes({ job: 'a' }, 'fp-a');
    assert.equal(await queries(), 3, 'a silenced alert re-checks its silences by id');
    await add(eq('job', 'c'));
    silencer.mutes({ job: 'b' }, 'fp-b');
    assert.equal(await queries(), 4, 'a silence added: the unsilenced alert looks only at the new one');
    silencer.mutes({ job: 'a' }, 'fp-a');
    assert.equal(await queries(), 6, 'the silenced one re-checks its silences too');
  });
});

describe('state', () => {
  it('sizes the state, the matcher index and the version index, and follows collection', async () => {
    const { clock, store, value, add } = setup();
    const a = await add(eq('job', 'a'));
    await add(eq('job', 'b'));
    // A change of matchers replaces the silence: the old one is kept, expired.
    await store.set(silenceInput([eq('job', 'c')], undefined, clock.now() + HOUR, a));
    assert.equal(await value('alertmanager_silences_state_size'), 3);
    assert.equal(await value('alertmanager_silences_matcher_index_size'), 3);
    assert.equal(await value('alertmanager_silences_version_index_size'), 3, 'expiring keeps the matchers: no new version');
    await clock.advance(HOUR + 1);
    assert.equal((await store.maintenance()).removed.length, 1);
    assert.equal(await value('alertmanager_silences_state_size'), 2);
    assert.equal(await value('alertmanager_silences_matcher_index_size'), 2);
    assert.equal(await value('alertmanager_silences_version_index_size'), 2);
  });

  it('counts silences whose matchers do not compile, loaded or merged', async () => {
    const now = Date.UTC(2026, 0, 1);
    const { store, value } = setup({ initial: [stored('loaded', [re('job', '(')], now), stored('fine', [eq('job', 'a')], now)] });
    assert.equal(await value('alertmanager_silences_matcher_compile_errors_total', { stage: 'load_snapshot' }), 1);
    await store.merge([stored('merged', [re('job', 'a[')], now)]);
    assert.equal(await value('alertmanager_silences_matcher_compile_errors_total', { stage: 'index' }), 1);
    assert.equal(await value('alertmanager_silences_state_size'), 3, 'kept, matching nothing');
    assert.deepEqual(store.query({ matches: { job: '(' } }), []);
  });
});

describe('maintenance', () => {
  const persistence = (snapshot: SilencePersistence['snapshot']): SilencePersistence => ({
    record: () => Promise.resolve(),
    snapshot,
    close: () => Promise.resolve(),
  });

  it('counts each run, times the collection and the snapshot, and records the snapshot size', async () => {
    const { value, store } = setup({ persistence: persistence(() => Promise.resolve(1234)) });
    await store.maintenance();
    await store.maintenance();
    assert.equal(await value('alertmanager_silences_maintenance_total'), 2);
    assert.equal(await value('alertmanager_silences_gc_duration_seconds_count'), 2);
    assert.equal(await value('alertmanager_silences_snapshot_duration_seconds_count'), 2);
    assert.equal(await value('alertmanager_silences_snapshot_size_bytes'), 1234);
    assert.equal(await value('alertmanager_silences_maintenance_errors_total'), 0);
  });

  it('counts a run whose snapshot fails as an error, and still rejects', async () => {
    const { value, store } = setup({ persistence: persistence(() => Promise.reject(new Error('disk full'))) });
    await assert.rejects(store.maintenance(), /disk full/);
    assert.equal(await value('alertmanager_silences_maintenance_total'), 1);
    assert.equal(await value('alertmanager_silences_maintenance_errors_total'), 1);
    assert.equal(await value('alertmanager_silences_snapshot_duration_seconds_count'), 1);
  });

  it('takes no snapshot without persistence: size 0, nothing timed', async () => {
    const { value, store } = setup();
    await store.maintenance();
    assert.equal(await value('alertmanager_silences_snapshot_size_bytes'), 0);
    assert.equal(await value('alertmanager_silences_snapshot_duration_seconds_count'), 0);
    assert.equal(await value('alertmanager_silences_gc_duration_seconds_count'), 1);
  });
});

test('gossip propagation and GC errors stay 0 on a single node', async () => {
  const { value, store, add } = setup();
  await add(eq('job', 'a'));
  await store.maintenance();
  assert.equal(await value('alertmanager_silences_gossip_messages_propagated_total'), 0);
  assert.equal(await value('alertmanager_silences_gc_errors_total'), 0);
});
