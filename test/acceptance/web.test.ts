// Upstream web_test.go: everything moves under --web.route-prefix.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AcceptanceTest } from './harness.ts';

test('TestWebWithPrefix', async (t) => {
  const at = new AcceptanceTest(t);
  await at.alertmanager(
    `
route:
  receiver: default
  group_by: []
  group_wait: 1s
  group_interval: 1s
  repeat_interval: 1h
receivers:
- name: default
`,
    { routePrefix: '/foo' },
  );
  // start() already polled /foo/-/ready.
  const am = await at.start();
  await at.verify(async () => {
    assert.deepEqual(await am.api.getAlerts(), []);
    const status = await fetch(`${am.url}/api/v2/status`);
    assert.equal(status.status, 200);
  });
});
