import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryAlertStore } from '../alerts/memory-alert-store.ts';
import { FakeClock } from '../common/fake-clock.ts';
import { Dispatcher } from '../dispatch/dispatcher.ts';
import { alertAt } from '../dispatch/fixtures.ts';
import { compileRoute } from '../dispatch/route.ts';
import { MemorySilenceStore } from '../silences/memory-silence-store.ts';
import { Silencer } from '../silences/silencer.ts';
import { collectAlerts } from './alerting.ts';

const MIN = 60_000;

test('churn leaves no silencer cache entries behind for alerts collected before their resolved flush', async () => {
  const clock = new FakeClock();
  const store = new MemoryAlertStore({ clock });
  const silencer = new Silencer(new MemorySilenceStore({ clock, retentionMs: 0, matcherMode: 'fallback' }), { clock });
  const route = compileRoute({ receiver: 'r', continue: false, group_by: ['alertname'], group_wait: 30_000, group_interval: 10 * MIN });
  // The pipeline's mute stage asks the silencer about every alert of a flush, resolved ones included.
  const dispatcher = new Dispatcher({
    store,
    route,
    clock,
    notify: (_ctx, alerts) => {
      for (const a of alerts) silencer.mutes(a.labels, a.fingerprint);
      return Promise.resolve();
    },
  });
  dispatcher.start();
  // A new alert every 10 minutes, resolved after 11 and notified as resolved at the flush after
  // 20.5; collection every 30 minutes takes every third alert before that flush.
  let added = 0;
  for (let minute = 1; minute <= 2 * 24 * 60; minute++) {
    const now = clock.now();
    if (minute % 10 === 0) await store.put([alertAt({ alertname: `A${added % 5}`, i: String(added++) }, now, { endsAt: now + 11 * MIN })]);
    await clock.advance(MIN);
    if (minute % 30 === 0) await collectAlerts(store, silencer);
  }
  dispatcher.stop();
  assert.equal(added, 288);
  assert.ok(silencer.cacheSize <= store.size, `${silencer.cacheSize} cache entries for ${store.size} stored alerts`);
});
