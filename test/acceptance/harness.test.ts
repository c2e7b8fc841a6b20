// The harness's own rule for a machine that starves the scenario: a failed run during which this
// process stalled is run once more from a fresh server; a failed run without a stall is not.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { alert, between, oneFlushConfig } from './builders.ts';
import { AcceptanceTest } from './harness.ts';
import { StallMonitor } from './stall-monitor.ts';

function blockFor(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

test('the stall monitor measures how long the process was kept from running', async () => {
  const stalls = new StallMonitor();
  await new Promise((resolve) => setTimeout(resolve, 30));
  blockFor(150);
  assert.ok(stalls.stop() >= 140);
});

// On a mocked timer and clock: a real idle wait can itself stall when the host takes the CPU.
test('the stall monitor sees no stall while its timer fires on time, and one that fired late', (t) => {
  t.mock.timers.enable({ apis: ['setInterval'] });
  let clock = 1_000;
  const monitor = new StallMonitor(() => clock);
  for (let i = 0; i < 5; i++) {
    clock += 10;
    t.mock.timers.tick(10);
  }
  assert.equal(monitor.stop(), 0);
  const late = new StallMonitor(() => clock);
  clock += 10;
  t.mock.timers.tick(10);
  clock += 130;
  t.mock.timers.tick(10);
  clock += 10;
  t.mock.timers.tick(10);
  assert.equal(late.stop(), 120);
});

// One after the other: a stall in one scenario would stall the other's process too.
describe('acceptance harness', () => {
  test('a run that failed while the process stalled is run again, and the second verdict counts', async (t) => {
    const at = new AcceptanceTest(t);
    const wh = await at.webhook('webhook');
    const am = await at.alertmanager(oneFlushConfig(wh.url));
    let runs = 0;
    // The first run stalls the process and sends nothing, so its expectation fails.
    at.at(1, 'push, after a stall in the first run', async () => {
      runs++;
      if (runs === 1) blockFor(300);
      else await am.api.postAlerts([alert('alertname', 'test1').toPostable(at.clock)]);
    });
    wh.want(between(2, 3), alert('alertname', 'test1').active(1));
    await at.run();
    assert.equal(runs, 2);
  });

  test('a run that failed with stalls shorter than the threshold is not run again', async (t) => {
    // A threshold no stall on this machine reaches, so that the outcome does not depend on it.
    const at = new AcceptanceTest(t, { starvedMs: 60_000 });
    const wh = await at.webhook('webhook');
    await at.alertmanager(oneFlushConfig(wh.url));
    let runs = 0;
    at.at(1, 'push nothing', () => void runs++);
    wh.want(between(2, 3), alert('alertname', 'test1').active(1));
    await assert.rejects(at.run(), /✗ \[2, 3\]/);
    assert.equal(runs, 1);
  });
});
