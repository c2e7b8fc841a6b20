import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isUnsetTime } from '../alerts/timestamps.ts';
import { MemoryAlertStore } from '../alerts/memory-alert-store.ts';
import type { RouteConfig } from '../config/types.ts';
import { parseMatchers } from '../labels/parse.ts';
import { Dispatcher } from './dispatcher.ts';
import { SystemClock } from '../common/clock.ts';
import { everyTurn, FakeClock, settle } from '../common/fake-clock.ts';
import { alertAt, RecordingNotify } from './fixtures.ts';
import { compileRoute } from './route.ts';
import { compareAlerts } from './alert-order.ts';
import { COPIED_PER_TURN, SLICED_ORDER_MIN_ALERTS } from './aggregation-group.ts';
import type { Alert } from '../alerts/alert.ts';

const S = 1000;

function setup(route: Partial<RouteConfig> = {}, opts: { startDelay?: number; sliceMs?: number } = {}) {
  const clock = new FakeClock();
  const t0 = clock.now();
  const store = new MemoryAlertStore({ clock });
  const notify = new RecordingNotify(clock);
  const tree = compileRoute({ receiver: 'r', continue: false, group_by: [], group_wait: 1 * S, group_interval: 1 * S, ...route });
  const dispatcher = new Dispatcher({ store, route: tree, notify: notify.fn, clock, ...(opts.sliceMs === undefined ? {} : { sliceMs: opts.sliceMs }) });
  dispatcher.start(t0 + (opts.startDelay ?? 0));
  /** Puts alerts at t0 + `sec`; `startsAt` defaults to that time. */
  const push = async (sec: number, ...labels: Record<string, string>[]) => {
    await clock.advanceTo(t0 + sec * S);
    await store.put(labels.map((l) => alertAt(l, clock.now())));
    await settle();
  };
  return { clock, t0, store, notify, tree, dispatcher, push };
}

describe('aggregation group timers', () => {
  it('flushes first after group_wait, then every group_interval while alerts remain', async () => {
    const { clock, t0, notify, push } = setup({ group_wait: 30 * S, group_interval: 300 * S });
    await push(0, { alertname: 'a' });
    await push(10, { alertname: 'b' });
    await clock.advanceTo(t0 + 29_999);
    assert.equal(notify.calls.length, 0);
    await clock.advanceTo(t0 + 300 * S);
    assert.deepEqual(notify.summary(t0), [[30 * S, '{}:{}', ['a', 'b']]]);
    await clock.advanceTo(t0 + 330 * S);
    assert.deepEqual(notify.summary(t0).map((c) => c[0]), [30 * S, 330 * S]);
  });

  it('flushes at once when startsAt + group_wait is already past at creation', async () => {
    const { clock, t0, store, notify } = setup({ group_wait: 30 * S });
    await store.put([alertAt({ alertname: 'old' }, t0, { startsAt: t0 - 31 * S })]);
    await clock.advance(0);
    assert.deepEqual(notify.summary(t0), [[0, '{}:{}', ['old']]]);
  });

  it('matches webhook times observed with prometheus-alertmanager 0.25 (wait 2s, interval 3s, group_by [g])', async () => {
    // Observed: 0.05s {}:{g="1"} [A] · 3.05s {}:{g="1"} [A, B] · 3.14s {}:{g="2"} [C].
    const { clock, t0, store, notify, push } = setup({ group_by: ['g'], group_wait: 2 * S, group_interval: 3 * S });
    await store.put([alertAt({ alertname: 'A', g: '1' }, t0, { startsAt: t0 - 10 * S })]);
    await push(0.5, { alertname: 'B', g: '1' });
    await push(1, { alertname: 'C', g: '2' });
    await clock.advanceTo(t0 + 3 * S);
    assert.deepEqual(notify.summary(t0), [
      [0, '{}:{g="1"}', ['A']],
      [3 * S, '{}:{g="1"}', ['A', 'B']],
      [3 * S, '{}:{g="2"}', ['C']],
    ]);
  });

  it('waits group_wait for an alert exactly group_wait old (the check is strict)', async () => {
    const { clock, t0, store, notify } = setup({ group_wait: 30 * S });
    await store.put([alertAt({ alertname: 'edge' }, t0, { startsAt: t0 - 30 * S })]);
    await clock.advance(29 * S);
    assert.equal(notify.calls.length, 0);
    await clock.advance(1 * S);
    assert.equal(notify.calls.length, 1);
  });

  it('measures group_interval from tick to tick, not from the end of a slow flush', async () => {
    const { clock, t0, notify, push } = setup({ group_wait: 1 * S, group_interval: 10 * S });
    notify.result = () => new Promise((resolve) => clock.setTimeout(resolve, 4 * S));
    await push(0, { alertname: 'a' });
    await clock.advanceTo(t0 + 21 * S);
    assert.deepEqual(notify.summary(t0).map((c) => c[0]), [1 * S, 11 * S, 21 * S]);
  });

  it('runs a tick that came due during a flush right after it, never two flushes at once', async () => {
    const { clock, t0, notify, push } = setup({ group_wait: 1 * S, group_interval: 1 * S });
    let inFlight = 0;
    let maxInFlight = 0;
    notify.result = () => {
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      return new Promise((resolve) =>
        clock.setTimeout(() => {
          inFlight--;
          resolve();
        }, 2500),
      );
    };
    await push(0, { alertname: 'a' });
    await clock.advanceTo(t0 + 7 * S);
    assert.equal(maxInFlight, 1);
    assert.deepEqual(notify.summary(t0).map((c) => c[0]), [1 * S, 3500, 6000]);
  });

  it('hands over copies: firing alerts with endsAt unset, resolved ones as they are, in Alertmanager order', async () => {
    const { clock, t0, store, notify } = setup({ group_wait: 5 * S });
    await store.put([
      alertAt({ alertname: 'z', job: 'b' }, t0),
      alertAt({ alertname: 'y', job: 'a' }, t0, { endsAt: t0 + 2 * S }),
      alertAt({ alertname: 'x' }, t0),
      alertAt({ alertname: 'w', instance: 'i' }, t0),
    ]);
    await clock.advance(5 * S);
    const [call] = notify.calls;
    assert.ok(call);
    assert.deepEqual(call.alerts.map((a) => a.labels['alertname']), ['y', 'z', 'w', 'x']);
    assert.equal(call.alerts[0]?.endsAt, t0 + 2 * S);
    assert.ok(call.alerts.slice(1).every((a) => isUnsetTime(a.endsAt)));
    assert.ok(store.get(call.alerts[1]?.fingerprint ?? '')?.endsAt === t0 + 300 * S, 'the stored alert is untouched');
  });

  it('passes the flush context: tick time, deadline max(group_interval, 10s), route data and an abort signal', async () => {
    const { clock, t0, notify, push } = setup({
      receiver: 'team',
      group_by: ['alertname'],
      group_wait: 2 * S,
      group_interval: 3 * S,
      repeat_interval: 7 * S,
      labels: { owner: 'ops' },
    });
    await push(0, { alertname: 'a', x: '1' });
    await clock.advance(2 * S);
    const ctx = notify.calls[0]?.ctx;
    assert.ok(ctx);
    assert.equal(ctx.now, t0 + 2 * S);
    assert.equal(ctx.deadline, t0 + 12 * S);
    assert.equal(ctx.groupKey, '{}:{alertname="a"}');
    assert.equal(ctx.routeId, '{}');
    assert.equal(ctx.receiver, 'team');
    assert.deepEqual(ctx.groupLabels, { alertname: 'a' });
    assert.deepEqual(ctx.routeLabels, { owner: 'ops' });
    assert.equal(ctx.repeatInterval, 7 * S);
    assert.equal(ctx.signal.aborted, false);
  });

  it('renders route labels through the injected renderer, against the flushed alerts', async () => {
    const clock = new FakeClock();
    const store = new MemoryAlertStore({ clock });
    const notify = new RecordingNotify(clock);
    const route = compileRoute({ receiver: 'r', continue: false, group_by: ['alertname'], group_wait: 0, labels: { n: '{{ len .Alerts }}' } });
    const dispatcher = new Dispatcher({
      store,
      route,
      notify: notify.fn,
      clock,
      renderRouteLabels: (r, groupLabels, alerts) => ({ n: `${r.options.labels['n']} ${groupLabels['alertname']} ${alerts.length}` }),
    });
    dispatcher.start();
    await store.put([alertAt({ alertname: 'a', i: '1' }, clock.now()), alertAt({ alertname: 'a', i: '2' }, clock.now())]);
    await clock.advance(0);
    assert.deepEqual(notify.calls[0]?.ctx.routeLabels, { n: '{{ len .Alerts }} a 2' });
    assert.deepEqual((await dispatcher.groups()).groups[0]?.routeLabels, { n: '{{ len .Alerts }} a 2' });
  });

  it('aborts a flush still running at its deadline', async () => {
    const { clock, notify, push } = setup({ group_wait: 1 * S, group_interval: 60 * S });
    notify.result = (ctx) => new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason)));
    await push(0, { alertname: 'a' });
    await clock.advance(1 * S + 60 * S - 1);
    assert.equal(notify.calls[0]?.ctx.signal.aborted, false);
    await clock.advance(1);
    assert.equal(notify.calls[0]?.ctx.signal.aborted, true);
  });
});

describe('resolved alerts and group lifetime', () => {
  it('deletes resolved alerts after a successful flush and destroys the emptied group; a later alert gets a fresh group_wait', async () => {
    const { clock, t0, store, notify, dispatcher } = setup({ group_wait: 1 * S, group_interval: 5 * S });
    await store.put([alertAt({ alertname: 'a' }, t0, { endsAt: t0 + 3 * S })]);
    await clock.advanceTo(t0 + 6 * S);
    assert.deepEqual(notify.summary(t0).map((c) => c[0]), [1 * S, 6 * S]);
    assert.equal((await dispatcher.groups()).groups.length, 0);
    assert.equal(dispatcher.groupCount, 1, 'kept until maintenance');

    await store.put([alertAt({ alertname: 'a' }, clock.now())]);
    await clock.advanceTo(t0 + 6 * S + 999);
    assert.equal(notify.calls.length, 2);
    await clock.advanceTo(t0 + 7 * S);
    assert.deepEqual(notify.summary(t0).map((c) => c[0]), [1 * S, 6 * S, 7 * S]);
    assert.equal(dispatcher.groupCount, 1);
  });

  it('keeps a resolved alert that was updated while the flush ran', async () => {
    const { clock, t0, store, notify } = setup({ group_wait: 1 * S, group_interval: 5 * S });
    await store.put([alertAt({ alertname: 'a' }, t0, { endsAt: t0 + 500 })]);
    notify.result = () => new Promise((resolve) => clock.setTimeout(resolve, 2 * S));
    await clock.advanceTo(t0 + 2 * S);
    // It fires again mid-flush: a new activity range, so the store replaces it (new updatedAt).
    await store.put([alertAt({ alertname: 'a' }, clock.now())]);
    await settle();
    notify.result = () => Promise.resolve();
    await clock.advanceTo(t0 + 6 * S);
    assert.equal(notify.calls.length, 2);
    assert.ok(isUnsetTime(notify.calls[1]?.alerts[0]?.endsAt));
  });

  it('an alert that fires again after a flush removed it keeps one place in the group', async () => {
    const { clock, t0, store, notify } = setup({ group_wait: 1 * S, group_interval: 5 * S });
    await store.put([alertAt({ alertname: 'a', i: '1' }, t0), alertAt({ alertname: 'a', i: '2' }, t0, { endsAt: t0 + 500 })]);
    await clock.advanceTo(t0 + 1 * S);
    await store.put([alertAt({ alertname: 'a', i: '2' }, clock.now())]);
    await settle();
    await clock.advanceTo(t0 + 6 * S);
    assert.deepEqual(
      notify.calls.map((call) => call.alerts.map((alert) => alert.labels['i'])),
      [
        ['1', '2'],
        ['1', '2'],
      ],
    );
  });

  it('keeps resolved alerts when the pipeline fails, and sends them again next time', async () => {
    const { clock, t0, store, notify } = setup({ group_wait: 1 * S, group_interval: 5 * S });
    await store.put([alertAt({ alertname: 'a' }, t0, { endsAt: t0 + 500 })]);
    notify.result = () => Promise.reject(new Error('webhook down'));
    await clock.advanceTo(t0 + 1 * S);
    notify.result = () => Promise.resolve();
    await clock.advanceTo(t0 + 16 * S);
    assert.deepEqual(notify.summary(t0), [
      [1 * S, '{}:{}', ['a']],
      [6 * S, '{}:{}', ['a']],
    ]);
  });

  it('an alert collected from the store and then sent again rejoins the group still holding its resolved version', async () => {
    const { clock, t0, store, notify, dispatcher } = setup({ group_wait: 1 * S, group_interval: 60 * S });
    await store.put([alertAt({ alertname: 'a' }, t0)]);
    await clock.advanceTo(t0 + 1 * S);
    await store.put([alertAt({ alertname: 'a' }, t0, { endsAt: t0 + 2 * S, updatedAt: t0 + 2 * S })]);
    await clock.advanceTo(t0 + 3 * S);
    assert.equal((await store.gc()).length, 1);
    // New to the store, so routed without the dispatcher's lookup; it must land in the same group.
    await store.put([alertAt({ alertname: 'a' }, clock.now())]);
    await settle();
    await store.put([alertAt({ alertname: 'a' }, clock.now(), { updatedAt: clock.now() + 1 })]);
    await settle();
    assert.equal(dispatcher.groupCount, 1);
    await clock.advanceTo(t0 + 61 * S);
    assert.deepEqual(notify.summary(t0), [
      [1 * S, '{}:{}', ['a']],
      [61 * S, '{}:{}', ['a']],
    ]);
    assert.ok(isUnsetTime(notify.calls[1]?.alerts[0]?.endsAt), 'sent as firing');
  });

  it('sweeps destroyed groups and their mute marks at maintenance', async () => {
    const { clock, t0, store, notify, dispatcher } = setup({ group_wait: 1 * S });
    notify.result = (ctx) => {
      ctx.marker.setGroupMuted(ctx.routeId, ctx.groupKey, ['nights']);
      return Promise.resolve();
    };
    await store.put([alertAt({ alertname: 'a' }, t0, { endsAt: t0 + 500 })]);
    await clock.advanceTo(t0 + 1 * S);
    assert.deepEqual(dispatcher.groupMarker.mutedBy('{}', '{}:{}'), ['nights']);
    await clock.advanceTo(t0 + 30 * S);
    assert.equal(dispatcher.groupCount, 0);
    assert.deepEqual(dispatcher.groupMarker.mutedBy('{}', '{}:{}'), []);
  });
});

describe('dispatcher', () => {
  it('puts an alert into one group per matching route (continue)', async () => {
    const { clock, t0, notify, push } = setup({
      group_by: ['alertname'],
      routes: [
        { receiver: 'a', continue: true, matchers: parseMatchers('team="x"') },
        { receiver: 'b', continue: false, matchers: parseMatchers('team="x"'), group_by: ['team'] },
      ],
    });
    await push(0, { alertname: 'A', team: 'x' }, { alertname: 'B', team: 'x' }, { alertname: 'C' });
    await clock.advanceTo(t0 + 1 * S);
    const got = notify.calls.map((c) => `${c.ctx.receiver} ${c.ctx.groupKey} ${c.alerts.length}`).sort();
    assert.deepEqual(got, [
      'a {}/{team="x"}:{alertname="A"} 1',
      'a {}/{team="x"}:{alertname="B"} 1',
      'b {}/{team="x"}:{team="x"} 2',
      'r {}:{alertname="C"} 1',
    ]);
  });

  it('routes the alerts already stored, then follows new ones', async () => {
    const clock = new FakeClock();
    const t0 = clock.now();
    const store = new MemoryAlertStore({ clock, initial: [alertAt({ alertname: 'old' }, t0 - 60 * S)] });
    const notify = new RecordingNotify(clock);
    const route = compileRoute({ receiver: 'r', continue: false, group_by: ['alertname'], group_wait: 30 * S });
    const dispatcher = new Dispatcher({ store, route, notify: notify.fn, clock });
    dispatcher.start();
    await dispatcher.loaded();
    await store.put([alertAt({ alertname: 'new' }, t0)]);
    await clock.advance(30 * S);
    assert.deepEqual(notify.summary(t0), [
      [0, '{}:{alertname="old"}', ['old']],
      [30 * S, '{}:{alertname="new"}', ['new']],
    ]);
  });

  it('starts no group before --dispatch.start-delay; then flushes those that are due', async () => {
    const { clock, t0, notify, push } = setup({ group_wait: 1 * S, group_interval: 6 * S }, { startDelay: 5 * S });
    await push(1, { alertname: 't1' });
    await push(2, { alertname: 't2' });
    await clock.advanceTo(t0 + 4999);
    assert.equal(notify.calls.length, 0);
    await clock.advanceTo(t0 + 11 * S);
    assert.deepEqual(notify.summary(t0), [
      [5 * S, '{}:{}', ['t1', 't2']],
      [11 * S, '{}:{}', ['t1', 't2']],
    ]);
  });

  it('starts groups only once every stored alert is routed, so a reloaded group flushes all its old alerts at once', async () => {
    const clock = new FakeClock();
    const t0 = clock.now();
    const store = new MemoryAlertStore({ clock });
    // Group x's two alerts come first and last of many more than the store hands over in one turn.
    const count = 30_000;
    const group = (i: number) => (i === 0 || i === count - 1 ? 'x' : 'y');
    await store.put(Array.from({ length: count }, (_, i) => alertAt({ alertname: 'old', g: group(i), n: String(i) }, t0, { startsAt: t0 - 60 * S })));
    const notify = new RecordingNotify(clock);
    const tree = compileRoute({ receiver: 'r', continue: false, group_by: ['g'], group_wait: 30 * S, group_interval: 300 * S });
    const dispatcher = new Dispatcher({ store, route: tree, notify: notify.fn, clock });
    dispatcher.start(t0);
    await clock.advance(0);
    await dispatcher.loaded();
    for (let i = 0; i < 100 && notify.calls.length < 2; i++) await clock.advance(0);
    dispatcher.stop();
    assert.deepEqual(Object.fromEntries(notify.calls.map((c) => [c.ctx.groupKey, c.alerts.length])), { '{}:{g="x"}': 2, '{}:{g="y"}': count - 2 });
  });

  it('stops: aborts the flush in progress and fires no more', async () => {
    const { clock, t0, notify, push, dispatcher } = setup({ group_wait: 1 * S });
    notify.result = (ctx) => new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason)));
    await push(0, { alertname: 'a' });
    await clock.advanceTo(t0 + 1 * S);
    dispatcher.stop();
    assert.equal(notify.calls[0]?.ctx.signal.aborted, true);
    await push(2, { alertname: 'b' });
    await clock.advanceTo(t0 + 60 * S);
    assert.equal(notify.calls.length, 1);
    assert.equal(clock.pending, 0);
  });

  it('reload (TestReload): the new dispatcher flushes old alerts at once, new alerts wait for the next interval', async () => {
    const { clock, t0, store, notify, tree, push, dispatcher } = setup({ group_wait: 1 * S, group_interval: 6 * S });
    await push(1, { alertname: 'test1' });
    await clock.advanceTo(t0 + 3 * S);
    dispatcher.stop();
    const next = new Dispatcher({ store, route: tree, notify: notify.fn, clock });
    next.start();
    await next.loaded();
    await push(4, { alertname: 'test2' });
    await clock.advanceTo(t0 + 9500);
    // The flush at 3 repeats what was sent at 2; the notification log's dedup drops it.
    assert.deepEqual(notify.summary(t0), [
      [2 * S, '{}:{}', ['test1']],
      [3 * S, '{}:{}', ['test1']],
      [9 * S, '{}:{}', ['test1', 'test2']],
    ]);
  });
});

describe('groups falling due together', () => {
  it('are flushed a few per turn of the event loop, so other work runs in between', async () => {
    const clock = new SystemClock();
    const store = new MemoryAlertStore({ clock });
    const turnsAtFlush: number[] = [];
    let turns = 0;
    let stopTurns = (): void => undefined;
    const tree = compileRoute({ receiver: 'r', continue: false, group_by: ['n'], group_wait: 20, group_interval: 3_600 * S });
    const dispatcher = new Dispatcher({ store, route: tree, notify: () => (turnsAtFlush.push(turns), Promise.resolve()), clock });
    dispatcher.start(clock.now());
    try {
      await store.put(Array.from({ length: 2_000 }, (_, i) => alertAt({ alertname: 'A', n: String(i) }, clock.now())));
      stopTurns = everyTurn(() => turns++);
      for (let i = 0; i < 500 && turnsAtFlush.length < 2_000; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    } finally {
      stopTurns();
      dispatcher.stop();
    }
    assert.equal(turnsAtFlush.length, 2_000);
    // At most 64 flushes start per turn. Before, every timer due ran in one timers phase.
    const distinctTurns = new Set(turnsAtFlush).size;
    assert.ok(distinctTurns >= 2_000 / 64, `2,000 flushes started in ${distinctTurns} turns`);
  });
});

describe('a flush of many new alerts', () => {
  // Ordering yields every millisecond, so that it takes turns however fast the machine is.
  const SLICED = { sliceMs: 1 };
  /** Alerts whose order depends on every rule: `job`, `instance` (or their lack), then label sets. */
  const mixed = (count: number, from = 0) =>
    Array.from({ length: count }, (_, k) => {
      const i = from + k;
      const labels: Record<string, string> = { alertname: 'A', n: String((i * 7_919) % count) };
      if (i % 5 !== 0) labels['job'] = `job-${i % 13}`;
      if (i % 3 !== 0) labels['instance'] = `host-${(i * 31) % 97}`;
      if (i % 4 === 0) labels['extra'] = 'x';
      return labels;
    });
  /** Sliced work takes turns of its own, however busy the machine: wait for the notification. */
  const untilCalls = async (notify: RecordingNotify, n: number) => {
    for (let i = 0; i < 500 && notify.calls.length < n; i++) await new Promise((resolve) => setTimeout(resolve, 10));
  };
  /** Waits until the dispatcher holds `n` firing alerts: the store hands them over in turns too. Counting does not order them. */
  const untilRouted = async (dispatcher: Dispatcher, clock: FakeClock, n: number) => {
    for (let i = 0; i < 500 && (await dispatcher.countAlertsByState(clock.now())).unprocessed < n; i++) await settle();
  };
  /**
   * Moves the clock past the group's 5 s group_wait and waits for its first notification; returns
   * the turns of the event loop that ran from the timer to it, calling `onTurn` in each.
   */
  const turnsToFirstFlush = async (clock: FakeClock, notify: RecordingNotify, onTurn: () => void = () => undefined) => {
    const dueAt = clock.now() + 5 * S;
    let turns = 0;
    const stopTurns = everyTurn(() => {
      if (clock.now() < dueAt || notify.calls.length > 0) return;
      turns++;
      onTurn();
    });
    try {
      await clock.advance(5 * S);
      await untilCalls(notify, 1);
    } finally {
      stopTurns();
    }
    return turns;
  };
  const inAlertOrder = (alerts: readonly Alert[]): string[] => [...alerts].sort((a, b) => compareAlerts(a, b)).map((a) => a.fingerprint);

  it('orders them, in slices, as Alertmanager would; later alerts merge into that order', async () => {
    const { clock, store, notify, dispatcher, push } = setup({ group_wait: 5 * S, group_interval: 5 * S }, SLICED);
    const count = SLICED_ORDER_MIN_ALERTS + 500;
    await push(0, ...mixed(count));
    await untilRouted(dispatcher, clock, count);
    await clock.advance(5 * S);
    await untilCalls(notify, 1);
    const [first] = notify.calls;
    assert.equal(first?.alerts.length, count);
    assert.deepEqual(first.alerts.map((a) => a.fingerprint), inAlertOrder(first.alerts));
    await push(6, ...mixed(40, count));
    await untilRouted(dispatcher, clock, count + 40);
    await clock.advance(5 * S);
    await untilCalls(notify, 2);
    const second = notify.calls[1];
    assert.equal(second?.alerts.length, count + 40);
    assert.deepEqual(second.alerts.map((a) => a.fingerprint), inAlertOrder(second.alerts));
    assert.equal(store.size, count + 40);
  });

  it('lets the event loop run while it orders them; alerts and listings arriving meanwhile are served', async () => {
    const { clock, store, notify, dispatcher, push } = setup({ group_wait: 5 * S, group_interval: 5 * S }, SLICED);
    // As many as a flush copies in one turn, so that the turns between are the ordering's.
    const count = COPIED_PER_TURN;
    await push(0, ...mixed(count));
    await untilRouted(dispatcher, clock, count);
    const grouped = async () => (await dispatcher.groups()).groups[0]?.alerts.length ?? 0;
    let late = 0;
    const listings: Promise<number>[] = [];
    const turns = await turnsToFirstFlush(clock, notify, () => {
      void store.put([alertAt({ alertname: 'A', late: String(late++) }, clock.now())]);
      listings.push(grouped());
    });
    const [first] = notify.calls;
    // Alerts that reached the group while it ordered are merged in when the flush reads it.
    assert.ok(first !== undefined && first.alerts.length >= count, `${first?.alerts.length} alerts notified`);
    // Ordered in one go, the flush would notify in the turn its timer's flush starts.
    assert.ok(turns >= 3, `${turns} turns ran between the timer and the notification`);
    const listed = await Promise.all(listings);
    assert.ok(listed.length > 0 && listed.every((n) => n >= count), `listings saw ${listed.join(', ')} alerts`);
    assert.deepEqual(first.alerts.map((a) => a.fingerprint), inAlertOrder(first.alerts));
    await clock.advance(5 * S);
    await untilCalls(notify, 2);
    const second = notify.calls[1];
    assert.equal(second?.alerts.length, count + late);
    assert.deepEqual(second.alerts.map((a) => a.fingerprint), inAlertOrder(second.alerts));
  });

  it('copies a group of more alerts than a turn takes into the flush in turns, firing ones with endsAt unset', async () => {
    const { clock, t0, store, notify, dispatcher } = setup({ group_wait: 5 * S }, SLICED);
    const count = 3 * COPIED_PER_TURN;
    // Every thousandth alert has resolved by the time of the flush.
    await store.put(mixed(count).map((labels, i) => alertAt(labels, t0, i % 1_000 === 0 ? { endsAt: t0 + S } : {})));
    await untilRouted(dispatcher, clock, count - count / 1_000);
    // A listing orders them now, so that the flush only copies them.
    assert.equal((await dispatcher.groups()).groups[0]?.alerts.length, count);
    const turns = await turnsToFirstFlush(clock, notify);
    const [call] = notify.calls;
    assert.equal(call?.alerts.length, count);
    assert.ok(turns >= 3, `${turns} turns ran between the timer and the notification`);
    const resolved = call.alerts.filter((a) => !isUnsetTime(a.endsAt));
    assert.equal(resolved.length, count / 1_000);
    assert.ok(resolved.every((a) => a.endsAt === t0 + S));
    assert.deepEqual(call.alerts.map((a) => a.fingerprint), inAlertOrder(call.alerts));
  });

  it('notifies nothing when the dispatcher stops while it orders them (reload)', async () => {
    const { clock, notify, dispatcher, push } = setup({ group_wait: 5 * S }, SLICED);
    const count = COPIED_PER_TURN;
    await push(0, ...mixed(count));
    await untilRouted(dispatcher, clock, count);
    const dueAt = clock.now() + 5 * S;
    let turns = 0;
    const stopTurns = everyTurn(() => {
      // The flush starts in the first turn after the timer; it is ordering in the second.
      if (clock.now() >= dueAt && ++turns === 2) dispatcher.stop();
    });
    try {
      await clock.advance(5 * S);
      for (let i = 0; i < 30; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    } finally {
      stopTurns();
    }
    assert.ok(turns >= 2);
    assert.equal(notify.calls.length, 0);
  });
});

describe('sweeping emptied groups', () => {
  it('removes many groups emptied together in turns, letting the event loop run meanwhile', async () => {
    const clock = new SystemClock();
    const store = new MemoryAlertStore({ clock });
    const tree = compileRoute({ receiver: 'r', continue: false, group_by: ['n'], group_wait: 10, group_interval: 3_600 * S });
    let flushed = 0;
    const notify = (): Promise<void> => {
      flushed++;
      return Promise.resolve();
    };
    // One sweep, after every group has flushed and emptied; it yields every 64 groups, as a fast
    // machine removes 10,000 within one 5 ms turn.
    const dispatcher = new Dispatcher({ store, route: tree, notify, clock, maintenanceInterval: 4_000, turnMs: 0 });
    dispatcher.start(clock.now());
    const seen = new Set<number>();
    let stopTurns = (): void => undefined;
    try {
      // Resolved alerts: each group flushes them once and empties.
      await store.put(Array.from({ length: 10_000 }, (_, i) => alertAt({ alertname: 'A', n: String(i) }, clock.now(), { endsAt: clock.now() - 1 })));
      for (let i = 0; i < 400 && flushed < 10_000; i++) await new Promise((resolve) => setTimeout(resolve, 10));
      assert.equal(dispatcher.groupCount, 10_000, 'every group flushed before the sweep');
      stopTurns = everyTurn(() => seen.add(dispatcher.groupCount));
      for (let i = 0; i < 800 && dispatcher.groupCount > 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    } finally {
      stopTurns();
      dispatcher.stop();
    }
    assert.equal(dispatcher.groupCount, 0);
    const partial = [...seen].filter((count) => count > 0 && count < 10_000);
    assert.ok(partial.length > 0, `the event loop only saw ${[...seen].join(', ')} groups`);
  });
});

describe('counting alerts for a scrape', () => {
  it('counts every group and lets the event loop run meanwhile when there are many', async () => {
    const { store, dispatcher, clock } = setup({ group_by: ['n'], group_wait: 3_600 * S });
    await store.put(Array.from({ length: 50_000 }, (_, i) => alertAt({ alertname: 'A', n: String(i) }, clock.now())));
    // The store hands the alerts over in slices.
    for (let i = 0; i < 1_000 && dispatcher.groupCount < 50_000; i++) await settle();
    assert.equal(dispatcher.groupCount, 50_000);
    let turns = 0;
    const stopTurns = everyTurn(() => turns++);
    const counts = await dispatcher.countAlertsByState(clock.now());
    stopTurns();
    // Not flushed yet: every alert is still unprocessed.
    assert.deepEqual(counts, { unprocessed: 50_000, active: 0, suppressed: 0 });
    assert.ok(turns >= 1, `the event loop ran ${turns} times while 50,000 groups were counted`);
  });
});
