// Upstream silence_test.go: silences mute notifications while active, deletion unmutes.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { alert, between, silence } from './builders.ts';
import { describeResponse } from './api-client.ts';
import { AcceptanceTest } from './harness.ts';

const config = (url: string): string => `
route:
  receiver: default
  group_by: []
  group_wait: 1s
  group_interval: 1s
  repeat_interval: 1ms
receivers:
- name: default
  webhook_configs:
  - url: '${url}'
`;

describe('acceptance: silences', { concurrency: true }, () => {
  test('TestAddSilence', async (t) => {
    const at = new AcceptanceTest(t);
    const wh = await at.webhook('webhook');
    await at.alertmanager(config(wh.url), { features: ['classic-mode'] });
    const am = await at.start();
    const now = Date.now();
    await at.verify(async () => {
      const res = await am.api.postSilence({
        comment: 'test',
        createdBy: 'test',
        matchers: [{ name: 'foo', value: 'bar', isEqual: true, isRegex: false }],
        startsAt: new Date(now).toISOString(),
        endsAt: new Date(now + 24 * 3600_000).toISOString(),
      });
      assert.equal(res.status, 200, describeResponse(res));
      assert.match((res.body as { silenceID: string }).silenceID, /^[0-9a-f-]{36}$/);
    });
  });

  test('TestSilencing', async (t) => {
    const at = new AcceptanceTest(t);
    const wh = await at.webhook('webhook');
    const am = await at.alertmanager(config(wh.url));
    // repeat_interval 1ms: a notification every group_interval.
    am.push(1, alert('alertname', 'test1').active(1));
    am.push(1, alert('alertname', 'test2').active(1));
    wh.want(between(2, 2.5), alert('alertname', 'test1').active(1), alert('alertname', 'test2').active(1));
    // Created while pending; active over [2.5, 4.5].
    am.setSilence(2.3, silence(2.5, 4.5).match('alertname', 'test1'));
    wh.want(between(3, 3.5), alert('alertname', 'test2').active(1));
    wh.want(between(4, 4.5), alert('alertname', 'test2').active(1));
    wh.want(between(5, 5.5), alert('alertname', 'test1').active(1), alert('alertname', 'test2').active(1));
    await at.run();
  });

  test('TestSilenceDelete', async (t) => {
    const at = new AcceptanceTest(t);
    const wh = await at.webhook('webhook');
    const am = await at.alertmanager(config(wh.url));
    am.push(1, alert('alertname', 'test1').active(1));
    am.push(1, alert('alertname', 'test2').active(1));
    const everything = silence(1.5, 100).matchRE('alertname', '.+');
    am.setSilence(1.3, everything);
    am.delSilence(3.5, everything);
    wh.want(between(3.5, 4.5), alert('alertname', 'test1').active(1), alert('alertname', 'test2').active(1));
    await at.run();
  });
});
