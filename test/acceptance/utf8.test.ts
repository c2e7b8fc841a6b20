// Upstream utf8_test.go: UTF-8 label names in alerts, silences and routes (Alertmanager 0.27+),
// and their rejection under --enable-feature=classic-mode.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { alert, between } from './builders.ts';
import { describeResponse } from './api-client.ts';
import { AcceptanceTest } from './harness.ts';
import { tocsinOnly } from './target.ts';

const config = (url: string, groupInterval = '10m', repeatInterval = '1h'): string => `
route:
  receiver: default
  group_by: []
  group_wait: 1s
  group_interval: ${groupInterval}
  repeat_interval: ${repeatInterval}
receivers:
- name: default
  webhook_configs:
  - url: '${url}'
`;

const UTF8_LABELS = { a: 'a', '00': 'b', Σ: 'c', '🙂': 'dΘ' };
// The last matcher names 🙂 through Go escapes inside a quoted name.
const UTF8_FILTER = ['00=b', 'Σ=c', '"\\xf0\\x9f\\x99\\x82"=dΘ'];
const UTF8_MATCHER = { name: 'fooΣ', value: 'bar🙂', isRegex: false, isEqual: true };

const NEEDS_027 = 'UTF-8 label names and matchers are new in Alertmanager 0.27; 0.25 rejects them';

function postable(labels: Record<string, string>): Record<string, unknown> {
  const now = Date.now();
  return { labels, startsAt: new Date(now).toISOString(), endsAt: new Date(now + 5 * 60_000).toISOString() };
}

function utf8Silence(): Record<string, unknown> {
  const now = Date.now();
  return {
    comment: 'test',
    createdBy: 'test',
    matchers: [UTF8_MATCHER],
    startsAt: new Date(now).toISOString(),
    endsAt: new Date(now + 24 * 3600_000).toISOString(),
  };
}

describe('acceptance: UTF-8', { concurrency: true }, () => {
  test('TestAddUTF8Alerts', { skip: tocsinOnly(NEEDS_027) }, async (t) => {
    const at = new AcceptanceTest(t);
    const wh = await at.webhook('webhook');
    await at.alertmanager(config(wh.url));
    const am = await at.start();
    await at.verify(async () => {
      const res = await am.api.postAlerts([postable(UTF8_LABELS)]);
      assert.equal(res.status, 200, describeResponse(res));
      for (const filter of [[], UTF8_FILTER]) {
        const alerts = await am.api.getAlerts(filter);
        assert.equal(alerts.length, 1, `GET /alerts?filter=${filter.join('&filter=')}`);
        assert.deepEqual(alerts[0]?.labels, UTF8_LABELS);
        const groups = await am.api.getAlertGroups(filter);
        assert.equal(groups.length, 1, `GET /alerts/groups?filter=${filter.join('&filter=')}`);
        assert.equal(groups[0]?.alerts.length, 1);
        assert.deepEqual(groups[0]?.alerts[0]?.labels, UTF8_LABELS);
      }
    });
  });

  test('TestCannotAddUTF8AlertsInClassicMode', async (t) => {
    // Alertmanager 0.25 has no feature flags and always validates classically: same answer.
    const at = new AcceptanceTest(t);
    const wh = await at.webhook('webhook');
    await at.alertmanager(config(wh.url), { features: ['classic-mode'] });
    const am = await at.start();
    await at.verify(async () => {
      const res = await am.api.postAlerts([postable(UTF8_LABELS)]);
      assert.equal(res.status, 400, describeResponse(res));
      assert.match(res.text, /invalid label set/);
    });
  });

  test('TestAddUTF8Silences', { skip: tocsinOnly(NEEDS_027) }, async (t) => {
    const at = new AcceptanceTest(t);
    const wh = await at.webhook('webhook');
    await at.alertmanager(config(wh.url, '1s', '1ms'));
    const am = await at.start();
    await at.verify(async () => {
      await am.api.createSilence(utf8Silence());
      for (const filter of [[], ['fooΣ=bar🙂']]) {
        const silences = await am.api.getSilences(filter);
        assert.equal(silences.length, 1, `GET /silences?filter=${filter.join('&filter=')}`);
        assert.deepEqual(silences[0]?.matchers, [UTF8_MATCHER]);
      }
    });
  });

  test(
    'TestCannotAddUTF8SilencesInClassicMode',
    { skip: tocsinOnly('Alertmanager 0.25 rejects the silence but words it "silence invalid: invalid label matcher 0: ..."') },
    async (t) => {
      const at = new AcceptanceTest(t);
      const wh = await at.webhook('webhook');
      await at.alertmanager(config(wh.url, '1s', '1ms'), { features: ['classic-mode'] });
      const am = await at.start();
      await at.verify(async () => {
        const res = await am.api.postSilence(utf8Silence());
        assert.equal(res.status, 400, describeResponse(res));
        assert.match(res.text, /invalid silence: invalid label matcher/);
      });
    },
  );

  test('TestSendAlertsToUTF8Route', { skip: tocsinOnly(NEEDS_027) }, async (t) => {
    const at = new AcceptanceTest(t);
    const wh = await at.webhook('webhook');
    const am = await at.alertmanager(`
route:
  receiver: default
  routes:
  - receiver: webhook
    matchers:
    - foo🙂=bar
    group_by:
    - foo🙂
    group_wait: 1s
receivers:
- name: default
- name: webhook
  webhook_configs:
  - url: '${wh.url}'
`);
    am.push(1, alert('foo🙂', 'bar').active(1));
    wh.want(between(2, 2.5), alert('foo🙂', 'bar').active(1));
    await at.run();
  });
});
