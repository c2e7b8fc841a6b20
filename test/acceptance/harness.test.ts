// The harness's own rule for a machine that starves the scenario: a failed run during which this
// process stalled is run once more from a fresh server; a failed run without a stall is not.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { alert, between, oneFlushConfig } from './builders.ts';
import { AcceptanceTest } from './harness.ts';
import { ServerProcess } from './server-process.ts';
import { StallMonitor } from './stall-monitor.ts';
import { freePort } from '../support/programs.ts';

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

test('a server whose port was taken meanwhile starts on another free port', async (t) => {
  // Whatever connects to it (the first server's readiness probe) is turned away.
  const taken = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise((resolve) => taken.close(resolve)));
  const takenPort = (taken.address() as AddressInfo).port;
  const dir = await mkdtemp(join(tmpdir(), 'tocsin-port-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const configFile = join(dir, 'alertmanager.yml');
  await writeFile(configFile, 'route:\n  receiver: r\nreceivers:\n  - name: r\n');
  const offered: number[] = [];
  const ports = async (): Promise<number> => {
    const port = offered.length === 0 ? takenPort : await freePort();
    offered.push(port);
    return port;
  };
  const server = await ServerProcess.launch({ configFile, storageDir: join(dir, 'data') }, ports);
  t.after(() => server.stop());
  assert.equal(offered.length, 2);
  assert.equal(server.port, offered[1]);
  assert.equal((await fetch(`${server.url}/-/ready`)).status, 200);
});
