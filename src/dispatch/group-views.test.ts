import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Alert } from '../alerts/alert.ts';
import { MemoryAlertStore } from '../alerts/memory-alert-store.ts';
import { loadConfigFile } from '../config/load.ts';
import type { RouteConfig } from '../config/types.ts';
import { Dispatcher } from './dispatcher.ts';
import { FakeClock, settle } from '../common/fake-clock.ts';
import { compareAlerts } from './alert-order.ts';
import { alertAt, RecordingNotify } from './fixtures.ts';
import { AlertMarker, GroupMarker } from './markers.ts';
import { compileRoute } from './route.ts';

const fixture = fileURLToPath(new URL('testdata/routes.yml', import.meta.url));
const routeConfig = (await loadConfigFile(fixture)).config.route as RouteConfig;

// The alerts posted to prometheus-alertmanager 0.25 with testdata/routes.yml (webhooks added).
const posted: Record<string, string>[] = [
  { alertname: 'X', team: 'db', severity: 'critical', service: 'mysql', cluster: 'c1' },
  { alertname: 'X', team: 'db', severity: 'critical', env: 'dev', region: 'eu-1' },
  { alertname: 'Z', team: 'web', path: '/a"b' },
  { alertname: 'W', team: 'web' },
  { alertname: 'Cat', x: 'é\n' },
  { foo: 'bar' },
];

async function loaded() {
  const clock = new FakeClock();
  const store = new MemoryAlertStore({ clock });
  const notify = new RecordingNotify(clock);
  const dispatcher = new Dispatcher({ store, route: compileRoute(routeConfig), notify: notify.fn, clock });
  dispatcher.start();
  await store.put(posted.map((l) => alertAt(l, clock.now())));
  await settle();
  return { clock, notify, dispatcher };
}

describe('groups for GET /api/v2/alerts/groups', () => {
  it('lists groups in the order of 0.25 (group labels, then receiver) with their alerts', async () => {
    const { dispatcher } = await loaded();
    const { groups, receivers } = await dispatcher.groups();
    // From 0.25's response; `web` differs: 0.25 let an explicit `group_by: []` inherit [alertname].
    assert.deepEqual(
      groups.map((g) => [g.receiver, g.labels, g.alerts.map((a) => a.fingerprint)]),
      [
        ['default', {}, ['3fff2c2d7595e046']],
        ['web', {}, ['3057fee4c0a57d5e']],
        ['catchall', { alertname: 'Cat' }, ['2e144e4417593704']],
        ['web2', { alertname: 'W' }, ['9f6030490beb3eee']],
        ['web3', { alertname: 'W' }, ['9f6030490beb3eee']],
        ['db-eu', { alertname: 'X' }, ['30a5a987fcb22b07']],
        ['db-sql', { alertname: 'X', cluster: 'c1' }, ['8adcfb7c84f5add2']],
        ['db-all', { alertname: 'X', env: 'dev', region: 'eu-1', severity: 'critical', team: 'db' }, ['30a5a987fcb22b07']],
        ['db-all', { alertname: 'X', cluster: 'c1', service: 'mysql', severity: 'critical', team: 'db' }, ['8adcfb7c84f5add2']],
      ],
    );
    assert.deepEqual(receivers.get('9f6030490beb3eee'), ['web2', 'web3']);
    assert.deepEqual(receivers.get('8adcfb7c84f5add2'), ['db-all', 'db-sql']);
  });

  it("keeps a group's alerts in alert order as more arrive between listings", async () => {
    const clock = new FakeClock();
    const store = new MemoryAlertStore({ clock });
    const dispatcher = new Dispatcher({ store, route: compileRoute(routeConfig), notify: new RecordingNotify(clock).fn, clock });
    dispatcher.start();
    const labels = (i: number): Record<string, string> => {
      const ls: Record<string, string> = { alertname: 'Cat', x: `${(i * 7) % 13}` };
      if (i % 3 !== 0) ls['job'] = `j${i % 4}`;
      if (i % 5 !== 0) ls['instance'] = `i${i % 6}`;
      return ls;
    };
    const catchall = async (): Promise<string[]> => {
      const { groups } = await dispatcher.groups();
      return groups.find((g) => g.receiver === 'catchall')?.alerts.map((a) => a.fingerprint) ?? [];
    };
    const all: Alert[] = [];
    for (const [from, to] of [[0, 20], [20, 23], [23, 40]] as const) {
      const alerts = Array.from({ length: to - from }, (_, k) => alertAt(labels(from + k), clock.now()));
      all.push(...alerts);
      await store.put(alerts);
      await settle();
      assert.deepEqual(await catchall(), [...all].sort(compareAlerts).map((a) => a.fingerprint));
    }
    dispatcher.stop();
  });

  it('applies the route and alert filters, dropping groups left empty', async () => {
    const { dispatcher } = await loaded();
    const { groups, receivers } = await dispatcher.groups(
      (r) => r.options.receiver.startsWith('db'),
      (a) => a.labels['env'] !== 'dev',
    );
    assert.deepEqual(groups.map((g) => g.receiver), ['db-sql', 'db-all']);
    assert.deepEqual([...receivers.keys()], ['8adcfb7c84f5add2']);
  });

  it('reports unprocessed before the first flush, then what the pipeline marked, and the group mute', async () => {
    const { clock, notify, dispatcher } = await loaded();
    const status = async (receiver: string, fp: string) => {
      const g = (await dispatcher.groups()).groups.find((x) => x.receiver === receiver);
      assert.ok(g);
      return { ...g.status(fp), mutedBy: g.mutedBy };
    };
    assert.deepEqual(await status('web2', '9f6030490beb3eee'), { state: 'unprocessed', silencedBy: [], inhibitedBy: [], mutedBy: [] });
    notify.result = (ctx, alerts) => {
      for (const a of alerts) {
        ctx.marker.setInhibited(a.fingerprint, []);
        ctx.marker.setSilenced(a.fingerprint, ctx.receiver === 'web2' ? ['sil-1'] : []);
      }
      if (ctx.receiver === 'web3') ctx.marker.setGroupMuted(ctx.routeId, ctx.groupKey, ['weekend']);
      return Promise.resolve();
    };
    await clock.advance(2000);
    assert.deepEqual(await status('web2', '9f6030490beb3eee'), { state: 'suppressed', silencedBy: ['sil-1'], inhibitedBy: [], mutedBy: [] });
    // The same alert is only active in the other group: markers are per group.
    assert.deepEqual(await status('web3', '9f6030490beb3eee'), { state: 'active', silencedBy: [], inhibitedBy: [], mutedBy: ['weekend'] });
  });
});

describe('markers', () => {
  it('derives the state: none → unprocessed, silenced or inhibited → suppressed, else active', () => {
    const m = new AlertMarker();
    assert.equal(m.status('a').state, 'unprocessed');
    m.setInhibited('a', ['f00']);
    assert.deepEqual(m.status('a'), { state: 'suppressed', silencedBy: [], inhibitedBy: ['f00'] });
    m.setInhibited('a', []);
    assert.equal(m.status('a').state, 'active');
    m.setSilenced('a', ['s1', 's2']);
    assert.deepEqual(m.status('a').silencedBy, ['s1', 's2']);
    m.delete('a');
    assert.equal(m.status('a').state, 'unprocessed');
  });

  it('keys group mutes by route id and group key', () => {
    const g = new GroupMarker();
    g.setMuted('{}/{a="1"}/0', '{}/{a="1"}:{}', ['nights']);
    assert.deepEqual(g.mutedBy('{}/{a="1"}/1', '{}/{a="1"}:{}'), []);
    assert.deepEqual(g.mutedBy('{}/{a="1"}/0', '{}/{a="1"}:{}'), ['nights']);
    g.setMuted('{}/{a="1"}/0', '{}/{a="1"}:{}', []);
    assert.deepEqual(g.mutedBy('{}/{a="1"}/0', '{}/{a="1"}:{}'), []);
  });
});
