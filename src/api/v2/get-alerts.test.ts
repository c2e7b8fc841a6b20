import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { createTestApi } from './fixtures.ts';
import type { TestApi } from './fixtures.ts';

const JSON_HEADERS = { 'content-type': 'application/json' };

interface GettableAlert {
  labels: Record<string, string>;
  fingerprint: string;
  receivers: Array<{ name: string }>;
  status: { state: string; silencedBy: string[]; inhibitedBy: string[]; mutedBy: string[] };
  endsAt: string;
}

describe('GET /api/v2/alerts', () => {
  let t: TestApi;
  beforeEach(async () => {
    t = await createTestApi();
  });
  afterEach(async () => t.close());

  const post = async (alerts: unknown[]): Promise<void> => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v2/alerts', payload: JSON.stringify(alerts), headers: JSON_HEADERS });
    assert.equal(res.statusCode, 200, res.body);
    await t.settle();
  };
  const list = async (query = ''): Promise<GettableAlert[]> => {
    const res = await t.app.inject({ method: 'GET', url: `/api/v2/alerts${query}` });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['content-type'], 'application/json');
    assert.equal(res.headers['cache-control'], 'no-store');
    return JSON.parse(res.body) as GettableAlert[];
  };
  const names = (alerts: GettableAlert[]): string[] => alerts.map((a) => a.labels['alertname'] ?? '');

  test('lists alerts sorted by fingerprint with their receivers from the route tree', async () => {
    await post([{ labels: { alertname: 'A', team: 'a' } }, { labels: { alertname: 'B', team: 'b' } }, { labels: { alertname: 'C' } }]);
    const alerts = await list();
    assert.deepEqual(alerts.map((a) => a.fingerprint), alerts.map((a) => a.fingerprint).sort());
    const receivers = Object.fromEntries(alerts.map((a) => [a.labels['alertname'], a.receivers.map((r) => r.name)]));
    assert.deepEqual(receivers, { A: ['team-a', 'team-b'], B: ['team-b'], C: ['default'] });
    assert.deepEqual(alerts[0]?.status, { inhibitedBy: [], mutedBy: [], silencedBy: [], state: 'active' });
  });

  test('resolved alerts are not listed', async () => {
    const past = new Date(t.clock.now() - 1000).toISOString();
    await post([{ labels: { alertname: 'Gone' }, endsAt: past }, { labels: { alertname: 'Here' } }]);
    assert.deepEqual(names(await list()), ['Here']);
    await t.clock.advance(6 * 60_000);
    assert.deepEqual(await list(), []);
  });

  test('filter matchers, receiver regex and receiver_matchers narrow the list', async () => {
    await post([{ labels: { alertname: 'A', team: 'a' } }, { labels: { alertname: 'B', team: 'b' } }, { labels: { alertname: 'C' } }]);
    assert.deepEqual(names(await list('?filter=alertname%3DB')), ['B']);
    assert.deepEqual(names(await list('?filter=team%3D~%22a%7Cb%22&filter=alertname!%3DA')), ['B']);
    assert.deepEqual(names(await list('?filter=team%3D%22%22')), ['C']);
    assert.deepEqual(names(await list('?receiver=team-a')).sort(), ['A']);
    assert.deepEqual(names(await list('?receiver=team-.*')).sort(), ['A', 'B']);
    assert.deepEqual(names(await list('?receiver_matchers=name%3Ddefault')), ['C']);
  });

  test('bad filters and receiver regexes are 400 with the parser message', async () => {
    const bad = async (query: string): Promise<string> => {
      const res = await t.app.inject({ method: 'GET', url: `/api/v2/alerts${query}` });
      assert.equal(res.statusCode, 400);
      return JSON.parse(res.body) as string;
    };
    assert.equal(await bad('?filter=foo'), 'bad matcher format: foo');
    assert.equal(await bad('?receiver=%28'), 'failed to parse receiver param: error parsing regexp: missing closing ): `^(?:()$`');
    assert.match(await bad('?receiver_matchers=%7B'), /^failed to parse receiver_matchers param: /);
  });

  test('status is predicted at query time: a new silence shows at once, inhibition too', async () => {
    await post([{ labels: { alertname: 'X', severity: 'warning' } }]);
    assert.equal((await list())[0]?.status.state, 'active');
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v2/silences',
      headers: JSON_HEADERS,
      payload: JSON.stringify({
        matchers: [{ name: 'alertname', value: 'X', isRegex: false }],
        startsAt: new Date(t.clock.now()).toISOString(),
        endsAt: new Date(t.clock.now() + 3_600_000).toISOString(),
        createdBy: 'me',
        comment: 'c',
      }),
    });
    const { silenceID } = JSON.parse(created.body) as { silenceID: string };
    let [warning] = await list();
    assert.deepEqual(warning?.status, { inhibitedBy: [], mutedBy: [], silencedBy: [silenceID], state: 'suppressed' });

    await post([{ labels: { alertname: 'X', severity: 'critical' } }]);
    const all = await list();
    const critical = all.find((a) => a.labels['severity'] === 'critical');
    warning = all.find((a) => a.labels['severity'] === 'warning');
    assert.deepEqual(warning?.status.inhibitedBy, [critical?.fingerprint]);
    assert.deepEqual(names(await list('?silenced=false')), []);
    assert.deepEqual(names(await list('?inhibited=false&filter=severity%3Dwarning')), []);
    assert.deepEqual(names(await list('?inhibited=false&filter=severity%3Dcritical')), ['X']);

    await t.app.inject({ method: 'DELETE', url: `/api/v2/silence/${silenceID}` });
    await t.clock.advance(1);
    const after = await list();
    assert.equal(after.find((a) => a.labels['severity'] === 'critical')?.status.state, 'active');
    assert.deepEqual(after.find((a) => a.labels['severity'] === 'warning')?.status.silencedBy, []);
    assert.equal(after.find((a) => a.labels['severity'] === 'warning')?.status.state, 'suppressed');
    assert.deepEqual(await list('?active=false&filter=severity%3Dwarning'), after.filter((a) => a.labels['severity'] === 'warning'));
  });

  test('unprocessed is accepted and ignored; odd booleans are false, empty ones the default', async () => {
    await post([{ labels: { alertname: 'A' } }]);
    assert.equal((await list('?unprocessed=false')).length, 1);
    assert.equal((await list('?active=maybe')).length, 0);
    assert.equal((await list('?active=')).length, 1);
    assert.equal((await list('?active=TRUE')).length, 1);
  });

  test('large lists stream in slices that match the unsliced rendering', async () => {
    const batch = Array.from({ length: 2500 }, (_, i) => ({ labels: { alertname: 'Many', i: String(i), team: i % 2 === 0 ? 'a' : 'b' } }));
    await post(batch);
    const alerts = await list();
    assert.equal(alerts.length, 2500);
    assert.deepEqual(alerts.map((a) => a.fingerprint), alerts.map((a) => a.fingerprint).sort());
    assert.equal((await list('?filter=team%3Da')).length, 1250);
  });
});
