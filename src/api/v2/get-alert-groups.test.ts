import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { createTestApi } from './fixtures.ts';
import type { TestApi } from './fixtures.ts';

const CONFIG = `route:
  receiver: default
  group_by: [alertname]
  group_wait: 1h
  routes:
    - receiver: team-a
      matchers: [team="a"]
      group_by: [team]
      labels:
        owner: alpha
receivers:
  - name: default
  - name: team-a
`;

interface Group {
  labels: Record<string, string>;
  routeLabels: Record<string, string>;
  receiver: { name: string };
  alerts: Array<{ labels: Record<string, string>; receivers: Array<{ name: string }>; status: { state: string; mutedBy: string[] } }>;
}

describe('GET /api/v2/alerts/groups', () => {
  let t: TestApi;
  beforeEach(async () => {
    t = await createTestApi({ config: CONFIG });
    const alerts = [
      { labels: { alertname: 'B', job: 'j2' } },
      { labels: { alertname: 'B', job: 'j1', instance: 'i2' } },
      { labels: { alertname: 'B', job: 'j1', instance: 'i1' } },
      { labels: { alertname: 'A' } },
      { labels: { alertname: 'C', team: 'a' } },
    ];
    const res = await t.app.inject({ method: 'POST', url: '/api/v2/alerts', payload: JSON.stringify(alerts), headers: { 'content-type': 'application/json' } });
    assert.equal(res.statusCode, 200);
    await t.settle();
  });
  afterEach(async () => t.close());

  const groups = async (query = ''): Promise<Group[]> => {
    const res = await t.app.inject({ method: 'GET', url: `/api/v2/alerts/groups${query}` });
    assert.equal(res.statusCode, 200, res.body);
    return JSON.parse(res.body) as Group[];
  };

  test('groups are sorted by labels (LabelSet.Before) then receiver, alerts by job, instance, labels', async () => {
    const all = await groups();
    // Go's Before puts the set lacking the first name of the union first: {team} < {alertname}.
    assert.deepEqual(all.map((g) => [g.labels, g.receiver.name]), [
      [{ team: 'a' }, 'team-a'],
      [{ alertname: 'A' }, 'default'],
      [{ alertname: 'B' }, 'default'],
    ]);
    assert.deepEqual(all[2]?.alerts.map((a) => [a.labels['job'], a.labels['instance']]), [
      ['j1', 'i1'],
      ['j1', 'i2'],
      ['j2', undefined],
    ]);
  });

  test('routeLabels carry the route labels; receivers are those of the listed groups', async () => {
    const team = (await groups()).find((g) => g.receiver.name === 'team-a');
    assert.deepEqual(team?.routeLabels, { owner: 'alpha' });
    assert.deepEqual(team?.alerts[0]?.receivers, [{ name: 'team-a' }]);
    assert.deepEqual((await groups())[1]?.routeLabels, {});
  });

  test('receiver and filter parameters select groups and alerts; empty groups are dropped', async () => {
    assert.deepEqual((await groups('?receiver=team-a')).map((g) => g.receiver.name), ['team-a']);
    assert.deepEqual((await groups('?filter=job%3Dj2')).map((g) => g.alerts.length), [1]);
    assert.deepEqual(await groups('?filter=alertname%3DNone'), []);
    const bad = await t.app.inject({ method: 'GET', url: '/api/v2/alerts/groups?filter=%7Bx%7D' });
    assert.equal(bad.statusCode, 400);
  });

  test('time-muted groups show suppressed alerts with mutedBy, and muted=false drops them', async () => {
    const { groups: views } = await t.dispatcher.groups();
    const a = views.find((g) => g.labels['alertname'] === 'A');
    assert.ok(a);
    t.dispatcher.groupMarker.setMuted(a.routeId, a.groupKey, ['weekend']);
    const muted = (await groups()).find((g) => g.labels['alertname'] === 'A');
    assert.deepEqual(muted?.alerts[0]?.status, { inhibitedBy: [], mutedBy: ['weekend'], silencedBy: [], state: 'suppressed' });
    assert.deepEqual((await groups('?muted=false')).map((g) => g.labels), [{ team: 'a' }, { alertname: 'B' }]);
  });
});
