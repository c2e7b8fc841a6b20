import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Registry } from 'prom-client';
import type { Alert } from '../alerts/alert.ts';
import type { Clock, TimerHandle } from '../common/clock.ts';
import type { ReceiverConfig } from '../config/types.ts';
import type { LabelSet } from '../labels/label-set.ts';
import type { TimeInterval } from '../timeintervals/types.ts';
import type { FlushContext, Muter } from './flush.ts';
import { NotifyMetrics } from './metrics.ts';
import { LocalNotificationLog } from './nflog/local-notification-log.ts';
import type { NotificationReason } from './notification-reason.ts';
import { NotifyError } from './notify-error.ts';
import type { Integration, NotificationContext, Notifier } from './notifier.ts';
import { createNotifyFn } from './pipeline.ts';
import { countTurns } from '../../test/support/turn-counter.ts';
import { alert, flushContext, T0 } from './test-fixtures.ts';
import type { RecordingMarker } from './test-fixtures.ts';

const HOUR = 3_600_000;

/** Time set by the test; timers fire on the next turn of the event loop. */
class TestClock implements Clock {
  now_ = T0;
  #id = 0;
  now(): number {
    return this.now_;
  }
  setTimeout(fn: () => void): TimerHandle {
    setImmediate(fn);
    return { id: ++this.#id };
  }
  clearTimeout(): void {}
}

class FakeNotifier implements Notifier {
  readonly calls: { reason: NotificationReason; alerts: readonly Alert[]; thread: string | undefined }[] = [];
  fail: NotifyError | undefined;
  notify(ctx: NotificationContext, alerts: readonly Alert[]): Promise<void> {
    const thread = ctx.receiverData.getString('thread');
    this.calls.push({ reason: ctx.reason, alerts, thread });
    if (thread === undefined) ctx.receiverData.setString('thread', `t${this.calls.length}`);
    return this.fail === undefined ? Promise.resolve() : Promise.reject(this.fail);
  }
}

class SetMuter implements Muter {
  readonly muted = new Map<string, string[]>();
  mutes(_labels: LabelSet, fp: string): readonly string[] {
    return this.muted.get(fp) ?? [];
  }
}

interface Setup {
  readonly notify: ReturnType<typeof createNotifyFn>;
  readonly clock: TestClock;
  readonly notifiers: FakeNotifier[];
  readonly silencer: SetMuter;
  readonly inhibitor: SetMuter;
  readonly nflog: LocalNotificationLog;
  readonly registry: Registry;
}

const businessHours: TimeInterval = { times: [{ startMinute: 9 * 60, endMinute: 17 * 60 }] };
const night: TimeInterval = { times: [{ startMinute: 0, endMinute: 6 * 60 }] };

function setup(sendResolved: boolean[] = [true]): Setup {
  const clock = new TestClock();
  const notifiers = sendResolved.map(() => new FakeNotifier());
  const silencer = new SetMuter();
  const inhibitor = new SetMuter();
  const nflog = new LocalNotificationLog({ clock, retentionMs: 120 * HOUR });
  const registry = new Registry();
  const receivers: ReceiverConfig[] = [{ name: 'wh' }];
  const notify = createNotifyFn({
    receivers,
    integrationsFactory: (r): Integration[] =>
      notifiers.map((notifier, index) => ({ name: 'webhook', index, receiver: r.name, sendResolved: sendResolved[index] as boolean, notifier })),
    inhibitor,
    silencer,
    timeIntervals: new Map([
      ['business', [businessHours]],
      ['night', [night]],
    ]),
    nflog,
    clock,
    metrics: new NotifyMetrics(registry),
  });
  return { notify, clock, notifiers, silencer, inhibitor, nflog, registry };
}

function flush(s: Setup, overrides: Partial<FlushContext> = {}): FlushContext {
  return flushContext({ now: s.clock.now(), ...overrides });
}

const a1 = alert({ alertname: 'A1', i: '1' });
const a2 = alert({ alertname: 'A1', i: '2' });
const resolvedCopy = (a: Alert, at: number): Alert => ({ ...a, endsAt: at });

describe('notification pipeline', () => {
  test('notifies once, dedups the next flush, repeats after repeat_interval', async () => {
    const s = setup();
    await s.notify(flush(s), [a1]);
    s.clock.now_ += 60_000;
    await s.notify(flush(s), [a1]);
    s.clock.now_ += 4 * HOUR;
    await s.notify(flush(s), [a1]);
    const n = s.notifiers[0] as FakeNotifier;
    assert.deepEqual(
      n.calls.map((c) => c.reason),
      ['first notification', 'repeat interval elapsed'],
    );
  });

  test('a new alert in the group notifies all alerts, with reason "new alerts added"', async () => {
    const s = setup();
    await s.notify(flush(s), [a1]);
    await s.notify(flush(s), [a1, a2]);
    const n = s.notifiers[0] as FakeNotifier;
    assert.equal(n.calls[1]?.reason, 'new alerts added');
    assert.deepEqual(n.calls[1]?.alerts, [a1, a2]);
  });

  test('silenced alerts are dropped and marked; a fully silenced group succeeds without sending', async () => {
    const s = setup();
    s.silencer.muted.set(a1.fingerprint, ['sil-1']);
    const f = flush(s);
    await s.notify(f, [a1, a2]);
    const marker = f.marker as RecordingMarker;
    assert.deepEqual(marker.silenced.get(a1.fingerprint), ['sil-1']);
    assert.deepEqual(marker.silenced.get(a2.fingerprint), []);
    assert.deepEqual((s.notifiers[0] as FakeNotifier).calls[0]?.alerts, [a2]);
    s.silencer.muted.set(a2.fingerprint, ['sil-2']);
    const before = (s.notifiers[0] as FakeNotifier).calls.length;
    await s.notify(flush(s), [a1, a2]);
    assert.equal((s.notifiers[0] as FakeNotifier).calls.length, before);
    assert.match(await s.registry.metrics(), /alertmanager_notifications_suppressed_total\{reason="silence"\} 3/);
  });

  test('inhibited alerts are marked with their source', async () => {
    const s = setup();
    s.inhibitor.muted.set(a1.fingerprint, ['source-fp']);
    const f = flush(s);
    await s.notify(f, [a1]);
    assert.deepEqual((f.marker as RecordingMarker).inhibited.get(a1.fingerprint), ['source-fp']);
    assert.equal((s.notifiers[0] as FakeNotifier).calls.length, 0);
  });

  test('mute_time_intervals mute the group and mark it with the matching names', async () => {
    const s = setup();
    const at3am = Date.UTC(2026, 10, 21, 3, 0);
    const f = flushContext({ now: at3am, muteTimeIntervals: ['business', 'night'] });
    await s.notify(f, [a1]);
    assert.deepEqual((f.marker as RecordingMarker).groupMuted.get(`${f.routeId}|${f.groupKey}`), ['night']);
    assert.equal((s.notifiers[0] as FakeNotifier).calls.length, 0);
  });

  test('outside all active_time_intervals the group is muted by all of them', async () => {
    const s = setup();
    const at3am = Date.UTC(2026, 10, 21, 3, 0);
    const f = flushContext({ now: at3am, activeTimeIntervals: ['business'] });
    await s.notify(f, [a1]);
    assert.deepEqual((f.marker as RecordingMarker).groupMuted.get(`${f.routeId}|${f.groupKey}`), ['business']);
    assert.equal((s.notifiers[0] as FakeNotifier).calls.length, 0);
    const atNoon = Date.UTC(2026, 10, 21, 12, 0);
    const g = flushContext({ now: atNoon, activeTimeIntervals: ['business'] });
    await s.notify(g, [a1]);
    assert.deepEqual((g.marker as RecordingMarker).groupMuted.get(`${g.routeId}|${g.groupKey}`), []);
    assert.equal((s.notifiers[0] as FakeNotifier).calls.length, 1);
  });

  test('fanout: a failing integration fails the flush without stopping the other', async () => {
    const s = setup([true, true]);
    (s.notifiers[1] as FakeNotifier).fail = new NotifyError('unexpected status code 400', { retryable: false, reason: 'clientError' });
    await assert.rejects(s.notify(flush(s), [a1]), (e: unknown) => {
      assert.ok(e instanceof AggregateError);
      assert.equal(e.errors.length, 1);
      assert.match(e.message, /wh\/webhook\[1\]: notify retry canceled due to unrecoverable error after 1 attempts/);
      return true;
    });
    assert.equal((s.notifiers[0] as FakeNotifier).calls.length, 1);
    assert.ok(await s.nflog.query(flushContext().groupKey, { receiver: 'wh', integration: 'webhook', index: 0 }));
    assert.equal(await s.nflog.query(flushContext().groupKey, { receiver: 'wh', integration: 'webhook', index: 1 }), undefined);
  });

  test('send_resolved false: resolution is logged but not sent; the next firing is a first notification', async () => {
    const s = setup([false]);
    const n = s.notifiers[0] as FakeNotifier;
    await s.notify(flush(s), [a1]);
    s.clock.now_ += 60_000;
    await s.notify(flush(s), [resolvedCopy(a1, s.clock.now_ - 1000)]);
    assert.equal(n.calls.length, 1);
    const entry = await s.nflog.query(flushContext().groupKey, { receiver: 'wh', integration: 'webhook', index: 0 });
    assert.deepEqual(entry?.firingAlerts, []);
    s.clock.now_ += 60_000;
    await s.notify(flush(s), [a1]);
    assert.deepEqual(
      n.calls.map((c) => c.reason),
      ['first notification', 'first notification'],
    );
  });

  test('send_resolved true: partial resolution notifies firing and resolved alerts', async () => {
    const s = setup([true]);
    const n = s.notifiers[0] as FakeNotifier;
    await s.notify(flush(s), [a1, a2]);
    s.clock.now_ += 60_000;
    const r2 = resolvedCopy(a2, s.clock.now_ - 1000);
    await s.notify(flush(s), [a1, r2]);
    assert.equal(n.calls[1]?.reason, 'some alerts resolved');
    assert.deepEqual(n.calls[1]?.alerts, [a1, r2]);
  });

  test('receiver data written by a notifier is kept until the next first notification', async () => {
    const s = setup([true]);
    const n = s.notifiers[0] as FakeNotifier;
    await s.notify(flush(s), [a1]);
    await s.notify(flush(s), [a1, a2]);
    s.clock.now_ += 60_000;
    await s.notify(flush(s), [resolvedCopy(a1, s.clock.now_ - 1), resolvedCopy(a2, s.clock.now_ - 1)]);
    await s.notify(flush(s), [a1]);
    assert.deepEqual(
      n.calls.map((c) => [c.reason, c.thread]),
      [
        ['first notification', undefined],
        ['new alerts added', 't1'],
        ['all alerts resolved', 't1'],
        ['first notification', undefined],
      ],
    );
  });

  test('a large group passes the mute and dedup stages over several turns, with the same outcome', async () => {
    const s = setup();
    const alerts = Array.from({ length: 40_000 }, (_, i) => alert({ alertname: 'A1', i: String(i) }));
    alerts.forEach((a, i) => {
      if (i % 11 === 0) s.inhibitor.muted.set(a.fingerprint, ['inhibiting']);
      else if (i % 7 === 0) s.silencer.muted.set(a.fingerprint, ['sil-1']);
    });
    const counter = countTurns();
    const f = flush(s);
    await s.notify(f, alerts);
    const turns = counter.stop();
    assert.ok(turns > 1, `${turns} other turns ran during the notification`);

    const n = s.notifiers[0] as FakeNotifier;
    const expected = alerts.filter((_, i) => i % 11 !== 0 && i % 7 !== 0);
    assert.equal(n.calls.length, 1);
    assert.deepEqual(n.calls[0]?.alerts, expected);
    const marker = f.marker as RecordingMarker;
    assert.equal(marker.inhibited.size, 40_000);
    assert.deepEqual(marker.inhibited.get((alerts[11] as Alert).fingerprint), ['inhibiting']);
    // Inhibited alerts never reach the silence stage.
    assert.equal(marker.silenced.size, 40_000 - Math.ceil(40_000 / 11));
    assert.deepEqual(marker.silenced.get((alerts[7] as Alert).fingerprint), ['sil-1']);
    assert.deepEqual(marker.silenced.get((alerts[1] as Alert).fingerprint), []);

    // The log holds every sent alert: the same group again is not notified.
    await s.notify(flush(s), alerts);
    assert.equal(n.calls.length, 1);
  });

  test('an unknown receiver is an error', async () => {
    const s = setup();
    await assert.rejects(s.notify(flushContext({ receiver: 'nope' }), [a1]), /no pipeline for receiver "nope"/);
  });
});
