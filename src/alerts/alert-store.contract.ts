import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { fingerprint } from '../labels/label-set.ts';
import type { LabelSet } from '../labels/label-set.ts';
import { Matcher } from '../labels/matcher.ts';
import { FakeClock } from '../common/fake-clock.ts';
import type { Alert } from './alert.ts';
import type { AlertStore } from './alert-store.ts';

export interface AlertStoreContractOptions {
  readonly clock: FakeClock;
  readonly perAlertNameLimit?: number;
}

export type AlertStoreFactory = (options: AlertStoreContractOptions) => Promise<AlertStore>;

const MIN = 60_000;

/** Builds a stored-form alert; times are minutes relative to `now`. */
function alert(now: number, labels: LabelSet, startsAt: number, endsAt: number, extra: Partial<Alert> = {}): Alert {
  return {
    fingerprint: fingerprint(labels),
    labels,
    annotations: {},
    startsAt: now + startsAt * MIN,
    endsAt: now + endsAt * MIN,
    generatorURL: '',
    updatedAt: now,
    timeout: false,
    ...extra,
  };
}

/**
 * The behaviour every `AlertStore` must show (Alertmanager's provider + store semantics). Run it
 * from each implementation's test file with a factory that builds a fresh, empty store.
 */
export function runAlertStoreContract(name: string, factory: AlertStoreFactory): void {
  describe(`AlertStore contract: ${name}`, () => {
    let clock: FakeClock;
    let store: AlertStore;
    const open = async (options: Partial<AlertStoreContractOptions> = {}): Promise<number> => {
      clock = new FakeClock();
      store = await factory({ ...options, clock });
      return clock.now();
    };
    afterEach(async () => {
      await store.close();
    });

    test('stores alerts by fingerprint and lists them sorted by fingerprint', async () => {
      const now = await open();
      const alerts = ['A1', 'A2', 'A3', 'B'].map((n) => alert(now, { alertname: n }, -1, 5));
      const { stored, limited } = await store.put(alerts);
      assert.equal(stored.length, 4);
      assert.equal(limited.length, 0);
      assert.equal(store.size, 4);
      assert.equal(store.get(fingerprint({ alertname: 'A2' }))?.labels['alertname'], 'A2');
      assert.equal(store.get('0000000000000000'), undefined);
      const listed = store.select().map((a) => a.fingerprint);
      assert.deepEqual(listed, [...listed].sort());
      assert.equal([...store.values()].length, 4);
    });

    test('after prepareListing, candidates and select list every alert, those put meanwhile too, by fingerprint', async () => {
      const now = await open();
      await store.put(Array.from({ length: 20_000 }, (_, i) => alert(now, { alertname: `A${i % 3}`, n: String(i) }, -1, 5)));
      const prepared = store.prepareListing();
      await store.put([alert(now, { alertname: 'late' }, -1, 5)]);
      await prepared;
      const listed = [...store.candidates()].map((a) => a.fingerprint);
      assert.equal(listed.length, 20_001);
      assert.deepEqual(listed, [...store.values()].map((a) => a.fingerprint).sort());
      assert.equal(store.select([Matcher.create('alertname', '=', 'A1')]).length, 6_667);
    });

    test('merges a re-sent alert whose activity overlaps and replaces one that does not', async () => {
      const now = await open();
      const labels = { alertname: 'A' };
      await store.put([alert(now, labels, -10, 5, { annotations: { v: '1' } })]);
      clock.jump(MIN);
      await store.put([alert(now, labels, -1, 10, { updatedAt: now + MIN, annotations: { v: '2' } })]);
      const merged = store.get(fingerprint(labels)) as Alert;
      assert.equal(merged.startsAt, now - 10 * MIN);
      assert.equal(merged.endsAt, now + 10 * MIN);
      assert.equal(merged.annotations['v'], '2');
      clock.jump(20 * MIN);
      await store.put([alert(now, labels, 20, 25, { updatedAt: now + 21 * MIN })]);
      assert.equal((store.get(fingerprint(labels)) as Alert).startsAt, now + 20 * MIN);
    });

    test('select filters with matchers (missing label = "") and uses no order but the fingerprint', async () => {
      const now = await open();
      await store.put([
        alert(now, { alertname: 'A', severity: 'page', team: 'x' }, -1, 5),
        alert(now, { alertname: 'A', severity: 'info' }, -1, 5),
        alert(now, { alertname: 'B', severity: 'page' }, -1, 5),
      ]);
      const names = (ms: Matcher[]): string[] => store.select(ms).map((a) => `${a.labels['alertname']}/${a.labels['severity']}`).sort();
      assert.deepEqual(names([Matcher.create('alertname', '=', 'A')]), ['A/info', 'A/page']);
      assert.deepEqual(names([Matcher.create('alertname', '=', 'A'), Matcher.create('severity', '=', 'page')]), ['A/page']);
      assert.deepEqual(names([Matcher.create('severity', '=~', 'pa.*')]), ['A/page', 'B/page']);
      assert.deepEqual(names([Matcher.create('team', '=', '')]), ['A/info', 'B/page']);
      assert.deepEqual(names([Matcher.create('alertname', '!=', 'A')]), ['B/page']);
      assert.deepEqual(names([Matcher.create('alertname', '=', 'Z')]), []);
    });

    test('gc removes alerts resolved at now and returns them; countByStatus splits firing and resolved', async () => {
      const now = await open();
      await store.put([alert(now, { alertname: 'gone' }, -10, -1), alert(now, { alertname: 'edge' }, -10, 0), alert(now, { alertname: 'firing' }, -10, 5)]);
      assert.deepEqual(store.countByStatus(), { firing: 1, resolved: 2 });
      const removed = await store.gc();
      assert.deepEqual(removed.map((a) => a.labels['alertname']).sort(), ['edge', 'gone']);
      assert.equal(store.size, 1);
      assert.deepEqual(store.select([Matcher.create('alertname', '=', 'gone')]), []);
    });

    test('the per-alertname limit refuses new fingerprints when full, evicting only ended ones', async () => {
      const now = await open({ perAlertNameLimit: 2 });
      const a = alert(now, { alertname: 'L', i: '1' }, -10, -1);
      const b = alert(now, { alertname: 'L', i: '2' }, -10, 5);
      const c = alert(now, { alertname: 'L', i: '3' }, -10, 5);
      const d = alert(now, { alertname: 'L', i: '4' }, -10, 5);
      const other = alert(now, { alertname: 'M' }, -10, 5);
      await store.put([a, b]);
      const first = await store.put([c, other]);
      assert.deepEqual(first.limited, [], 'c evicts a, which already ended');
      const second = await store.put([d]);
      assert.deepEqual(second.limited.map((x) => x.fingerprint), [d.fingerprint]);
      assert.equal(store.get(d.fingerprint), undefined);
      const update = await store.put([{ ...b, annotations: { v: 'known fingerprints always update' }, updatedAt: now + 1 }]);
      assert.deepEqual(update.limited, []);
    });

    test('subscribers get stored alerts asynchronously, coalesced per fingerprint, without blocking put', async () => {
      const now = await open();
      const seen: Alert[][] = [];
      const sub = store.subscribe((batch) => seen.push([...batch]));
      const labels = { alertname: 'S' };
      await store.put([alert(now, labels, -1, 5, { annotations: { v: '1' } })]);
      await store.put([alert(now, labels, -1, 6, { annotations: { v: '2' }, updatedAt: now + 1 })]);
      assert.equal(seen.length, 0, 'delivery happens on a later turn');
      assert.equal(sub.pending, 1, 'two versions of one alert wait as one');
      await nextTurn();
      assert.equal(seen.length, 1);
      assert.equal(seen[0]?.length, 1);
      assert.equal(seen[0]?.[0]?.annotations['v'], '2');
      sub.unsubscribe();
      await store.put([alert(now, { alertname: 'T' }, -1, 5)]);
      await nextTurn();
      assert.equal(seen.length, 1);
    });

    test('subscribers are told which alerts were new to the store', async () => {
      const now = await open();
      await store.put([alert(now, { alertname: 'Old' }, -1, 5)]);
      const got: string[] = [];
      store.subscribe((batch, added) => batch.forEach((a, i) => got.push(`${a.labels['alertname']}:${added[i]}`)));
      await store.put([alert(now, { alertname: 'Old' }, -1, 6, { updatedAt: now + 1 }), alert(now, { alertname: 'New' }, -1, 5)]);
      await nextTurn();
      assert.deepEqual(got, ['Old:false', 'New:true']);
    });

    test('replay delivers the alerts held at subscription; a throwing listener does not affect put or others', async () => {
      const now = await open();
      await store.put([alert(now, { alertname: 'R1' }, -1, 5), alert(now, { alertname: 'R2' }, -1, 5)]);
      const got: string[] = [];
      store.subscribe(() => {
        throw new Error('listener bug');
      });
      store.subscribe((batch) => got.push(...batch.map((a) => a.labels['alertname'] as string)), { replay: true });
      await store.put([alert(now, { alertname: 'R3' }, -1, 5)]);
      await nextTurn();
      assert.deepEqual(got.sort(), ['R1', 'R2', 'R3']);
    });

    test('a backlog beyond maxPending is replaced by a full resync', async () => {
      const now = await open();
      const got = new Set<string>();
      const sub = store.subscribe((batch) => batch.forEach((a) => got.add(a.labels['alertname'] as string)), { maxPending: 3, batchSize: 2 });
      await store.put(['O1', 'O2', 'O3', 'O4', 'O5'].map((n) => alert(now, { alertname: n }, -1, 5)));
      for (let i = 0; i < 5; i++) await nextTurn();
      assert.equal(sub.overflows, 1);
      assert.deepEqual([...got].sort(), ['O1', 'O2', 'O3', 'O4', 'O5']);
    });
  });
}
