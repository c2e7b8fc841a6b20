// Upstream api_test.go: posting alerts, live alert status in GET /alerts, filters.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { TestContext } from 'node:test';
import { describeResponse } from './api-client.ts';
import { AcceptanceTest } from './harness.ts';
import type { Server, ServerFlags } from './harness.ts';

const config = (url: string, extra = ''): string => `
route:
  receiver: default
  group_by: []
  group_wait: 1s
  group_interval: 10m
  repeat_interval: 1h
receivers:
- name: default
  webhook_configs:
  - url: '${url}'
${extra}`;

const CRITICAL_INHIBITS_WARNING = `
inhibit_rules:
- source_match:
    severity: critical
  target_match:
    severity: warning
  equal: [alertname]
`;

/** Fingerprints from §3.1's FNV-1a algorithm (checked against Alertmanager 0.25). */
const FP_TEST1_WARNING = '8f14a41207c8456c';
const FP_TEST1_CRITICAL = '4d68350aea315959';

/** One Alertmanager on `config` (with `extra` appended) and its webhook, started. */
async function started(t: TestContext, extra = '', flags: ServerFlags = {}): Promise<{ at: AcceptanceTest; am: Server }> {
  const at = new AcceptanceTest(t);
  const wh = await at.webhook('webhook');
  await at.alertmanager(config(wh.url, extra), flags);
  return { at, am: await at.start() };
}

function window(): { startsAt: string; endsAt: string } {
  const now = Date.now();
  return { startsAt: new Date(now).toISOString(), endsAt: new Date(now + 5 * 60_000).toISOString() };
}

describe('acceptance: API', { concurrency: true }, () => {
  test('TestAddAlerts', async (t) => {
    // UTF-8 label *values* are valid even in classic mode.
    const { at, am } = await started(t, '', { features: ['classic-mode'] });
    await at.verify(async () => {
      const res = await am.api.postAlerts([{ labels: { a: 'b', b: 'Σ', c: '🙂', d: 'eΘ' }, ...window() }]);
      assert.equal(res.status, 200, describeResponse(res));
    });
  });

  test('TestAlertGetReturnsCurrentAlertStatus', async (t) => {
    const { at, am } = await started(t, CRITICAL_INHIBITS_WARNING);
    await at.verify(async () => {
      const times = window();
      const warning = { labels: { alertname: 'test1', severity: 'warning' }, ...times };
      const posted = await am.api.postAlerts([warning]);
      assert.equal(posted.status, 200, describeResponse(posted));
      for (const a of await am.api.getAlerts()) assert.equal(a.status.state, 'active');

      // Past group_wait the pipeline no longer updates the status: the API must compute it.
      await at.clock.sleepUntil(2);
      const silenceId = await am.api.createSilence({
        ...times,
        comment: 'a',
        createdBy: 'a',
        matchers: [{ name: 'alertname', value: 'test1', isRegex: false }],
      });
      const silenced = await am.api.getAlerts();
      assert.equal(silenced.length, 1);
      for (const a of silenced) {
        assert.equal(a.status.state, 'suppressed');
        assert.equal(a.fingerprint, FP_TEST1_WARNING);
        assert.deepEqual(a.status.silencedBy, [silenceId]);
      }

      const critical = await am.api.postAlerts([{ ...warning, labels: { alertname: 'test1', severity: 'critical' } }]);
      assert.equal(critical.status, 200, describeResponse(critical));
      const inhibited = await am.api.getAlerts();
      assert.equal(inhibited.length, 2);
      for (const a of inhibited) {
        assert.deepEqual(a.status.silencedBy, [silenceId]);
        if (a.fingerprint === FP_TEST1_WARNING) {
          assert.equal(a.status.state, 'suppressed');
          assert.deepEqual(a.status.inhibitedBy, [FP_TEST1_CRITICAL]);
        }
      }

      await am.api.deleteSilence(silenceId);
      const after = await am.api.getAlerts();
      assert.equal(after.length, 2);
      for (const a of after) {
        assert.deepEqual(a.status.silencedBy, []);
        assert.equal(a.status.state, a.fingerprint === FP_TEST1_CRITICAL ? 'active' : 'suppressed');
      }
    });
  });

  test('TestFilterAlertRequest', async (t) => {
    const { at, am } = await started(t, CRITICAL_INHIBITS_WARNING);
    await at.verify(async () => {
      const times = window();
      const res = await am.api.postAlerts([
        { labels: { alertname: 'test1', severity: 'warning' }, ...times },
        { labels: { system: 'foo', severity: 'critical' }, ...times },
      ]);
      assert.equal(res.status, 200, describeResponse(res));
      // Not inhibited: the source's alertname is missing (""), not "test1".
      const found = await am.api.getAlerts(['alertname=test1', 'severity=warning']);
      assert.equal(found.length, 1);
      assert.equal(found[0]?.status.state, 'active');
    });
  });
});
