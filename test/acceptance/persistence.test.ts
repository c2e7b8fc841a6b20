// Tocsin's own: state survives a crash (kill -9) and restart on the same storage path.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { alert, between, silence } from './builders.ts';
import { AcceptanceTest } from './harness.ts';
import { tocsinOnly } from './target.ts';

test(
  'after kill -9 and a restart, silences hold and the group resumes without re-notifying',
  {
    skip: tocsinOnly(
      'Alertmanager keeps alerts only in memory and snapshots silences and the notification log at ' +
        'maintenance (15m) or graceful shutdown, so after kill -9 the alert, the silence and the ' +
        'record of the sent notification are gone',
    ),
  },
  async (t) => {
    const at = new AcceptanceTest(t);
    const wh = await at.webhook('webhook');
    const am = await at.alertmanager(`
route:
  receiver: default
  group_by: []
  group_wait: 1s
  group_interval: 1s
  repeat_interval: 1h
receivers:
- name: default
  webhook_configs:
  - url: '${wh.url}'
`);
    const muting = silence(0.5, 3600).match('alertname', 'silenced');
    am.setSilence(0.5, muting);
    am.push(1, alert('alertname', 'persisted'), alert('alertname', 'silenced'));
    wh.want(between(2, 2.5), alert('alertname', 'persisted').active(1));
    at.at(3, 'kill -9 and restart on the same storage', async () => {
      const server = await am.process();
      await server.stop('SIGKILL');
      await server.start();
    });
    at.at(9.5, 'check the state that survived', async () => {
      assert.equal((await am.api.getSilence(muting.id ?? '')).status.state, 'active', 'the silence');
      const names = (await am.api.getAlerts()).map((a) => a.labels['alertname']).sort();
      assert.deepEqual(names, ['persisted', 'silenced'], 'the alerts');
    });
    // The restarted group flushes at once, but the persisted notification log dedups it: the next
    // notification is the one a new alert causes, and it still carries the old alert.
    am.push(10, alert('alertname', 'new'));
    wh.want(between(10, 11.5), alert('alertname', 'persisted').active(1), alert('alertname', 'new').active(10));
    await at.run();
  },
);
