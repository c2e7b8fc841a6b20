// Upstream TestColdStart (send_test.go). A file of its own: --dispatch.start-delay counts from
// process start, so its timeline must begin as soon as its own server is ready, without waiting
// for the other scenarios' servers (see AcceptanceTest.start).
import { test } from 'node:test';
import { alert, between } from './builders.ts';
import { AcceptanceTest } from './harness.ts';
import { tocsinOnly } from './target.ts';

test(
  'TestColdStart',
  { skip: tocsinOnly('--dispatch.start-delay is new in Alertmanager 0.30; 0.25 rejects the flag') },
  async (t) => {
    const at = new AcceptanceTest(t);
    const wh = await at.webhook('webhook');
    const am = await at.alertmanager(
      `
route:
  receiver: default
  group_by: []
  group_wait: 1s
  group_interval: 6s
  repeat_interval: 10m
receivers:
- name: default
  webhook_configs:
  - url: '${wh.url}'
`,
      { extraFlags: ['--dispatch.start-delay=5s'] },
    );
    am.push(1, alert('alertname', 'test1').active(-100));
    am.push(2, alert('alertname', 'test2'));
    // Nothing is dispatched before process start + 5s, and the base time is a little after the
    // start. Upstream expects test2 with startsAt 4, but it is pushed at 2 without a startsAt, so
    // the server stamps it 2 (reference §9 item 12: the time window is the contract).
    wh.want(between(4, 5), alert('alertname', 'test1').active(1), alert('alertname', 'test2').active(2));
    am.reload(5);
    am.push(6, alert('alertname', 'test3').active(-100));
    am.push(7, alert('alertname', 'test4'));
    // The reload at 5 recreates the groups; the next flush is at 5 + group_interval.
    wh.want(
      between(11, 11.5),
      alert('alertname', 'test1').active(1),
      alert('alertname', 'test2').active(2),
      alert('alertname', 'test3').active(6),
      alert('alertname', 'test4').active(7),
    );
    await at.run();
  },
);
