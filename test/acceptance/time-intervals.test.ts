// Tocsin's own: mute_time_intervals and active_time_intervals (§3.8) against "now".
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { alert, between } from './builders.ts';
import { AcceptanceTest } from './harness.ts';
import { ORACLE } from './target.ts';

test('time intervals mute or let through a group, and mutedBy shows in /alerts/groups', async (t) => {
  const at = new AcceptanceTest(t);
  const wh = await at.webhook('webhook');
  const am = await at.alertmanager(`
route:
  receiver: default
  group_by: [case]
  group_wait: 1s
  group_interval: 1s
  repeat_interval: 1h
  routes:
  - matchers: [case="muted"]
    mute_time_intervals: [always]
  - matchers: [case="not-muted"]
    mute_time_intervals: [never]
  - matchers: [case="active"]
    active_time_intervals: [always]
  - matchers: [case="inactive"]
    active_time_intervals: [never]
time_intervals:
- name: always
  time_intervals:
  - weekdays: ['sunday:saturday']
- name: never
  time_intervals:
  - years: ['2000']
receivers:
- name: default
  webhook_configs:
  - url: '${wh.url}'
`);
  const cases = ['muted', 'not-muted', 'active', 'inactive'];
  am.push(1, ...cases.map((c) => alert('alertname', 'test', 'case', c).active(1)));
  wh.want(between(2, 2.5), alert('alertname', 'test', 'case', 'not-muted').active(1));
  wh.want(between(2, 2.5), alert('alertname', 'test', 'case', 'active').active(1));
  wh.want(between(2.5, 3.5));
  await at.run();
  await at.verify(async () => {
    const groups = await am.api.getAlertGroups();
    const byCase = new Map(groups.map((g) => [g.labels['case'], g]));
    assert.deepEqual([...byCase.keys()].sort(), [...cases].sort());
    // Alertmanager 0.25 has no mutedBy yet (added in 0.28).
    if (ORACLE) return;
    const expected: Record<string, { mutedBy: string[]; state: string }> = {
      muted: { mutedBy: ['always'], state: 'suppressed' },
      'not-muted': { mutedBy: [], state: 'active' },
      active: { mutedBy: [], state: 'active' },
      inactive: { mutedBy: ['never'], state: 'suppressed' },
    };
    for (const [name, want] of Object.entries(expected)) {
      const status = byCase.get(name)?.alerts[0]?.status;
      assert.deepEqual({ mutedBy: status?.mutedBy, state: status?.state }, want, `group {case="${name}"}`);
    }
  });
});
