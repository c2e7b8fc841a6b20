/**
 * One aggregation group (Alertmanager's `aggrGroup`): the alerts of one route sharing the same
 * group labels, flushed to the notification pipeline on the group's own timer.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { isResolved } from '../alerts/alert.ts';
import type { Alert } from '../alerts/alert.ts';
import { GO_ZERO_TIME_MS } from '../alerts/timestamps.ts';
import type { Clock, TimerHandle } from '../common/clock.ts';
import { forEachSliced } from '../common/sliced-loop.ts';
import { sortInSlices } from '../common/sliced-sort.ts';
import type { TurnQueue } from '../common/turn-queue.ts';
import type { LabelSet } from '../labels/label-set.ts';
import { labelSetToString, sortedLabelNames } from '../labels/label-set.ts';
import type { FlushContext, MarkerWriter, NotifyFn } from '../notify/flush.ts';
import type { StoreLogger } from '../storage/logger.ts';
import { compareAlerts } from './alert-order.ts';
import type { FlushSignals } from './flush-signals.ts';
import { AlertMarker, groupMarkerWriter } from './markers.ts';
import type { AlertState, GroupMarker } from './markers.ts';
import type { Route } from './route.ts';
import type { RouteLabelRenderer } from './route-labels.ts';

/** `notify.MinTimeout`: a flush may always retry for at least this long. */
const MIN_FLUSH_TIMEOUT_MS = 10_000;

/** From this many alerts added since the last flush, a flush orders them in slices. */
export const SLICED_ORDER_MIN_ALERTS = 2_048;

/** A flush copies a group's alerts this many a turn: 100,000 took 3–40 ms in one go, measured apart. */
export const COPIED_PER_TURN = 10_000;

/** An alert with its label names in Go order, as ordering compares them. */
interface Ordered {
  readonly alert: Alert;
  readonly names: readonly string[];
}

const compareOrdered = (a: Ordered, b: Ordered): number => compareAlerts(a.alert, b.alert, a.names, b.names);

export interface AggregationGroupDeps {
  readonly clock: Clock;
  readonly notify: NotifyFn;
  readonly groupMarker: GroupMarker;
  readonly renderRouteLabels: RouteLabelRenderer;
  readonly logger: StoreLogger;
  /** Called once when the group empties after a successful flush. */
  readonly onDestroyed: (group: AggregationGroup) => void;
  /** Called for each alert a successful flush removed from the group. */
  readonly onAlertRemoved: (fingerprint: string) => void;
  /** Abort signals of flushes, shared by the groups of a dispatcher. */
  readonly flushSignals: FlushSignals;
  /** Starts the groups' due flushes a few per turn of the event loop. */
  readonly flushQueue: TurnQueue;
  /** How long ordering many added alerts runs before it yields (0: every 64 steps). */
  readonly sliceMs: number;
}

/**
 * Alerts of one route with equal group labels. Created with a `group_wait` deadline; once
 * started, each tick first moves the deadline `group_interval` ahead, then flushes. Flushes of
 * one group never overlap: a tick that comes due during a flush runs right after it.
 */
export class AggregationGroup {
  readonly route: Route;
  readonly labels: LabelSet;
  /** The group label names in Go order, for sorting groups. */
  readonly labelNames: readonly string[];
  /** `routeKey:groupLabels`, e.g. `{}/{team="db"}:{alertname="X"}`. */
  readonly groupKey: string;
  readonly routeId: string;
  readonly marker = new AlertMarker();
  readonly #deps: AggregationGroupDeps;
  readonly #markerWriter: MarkerWriter;
  readonly #alerts = new Map<string, Alert>();
  #nextAt: number;
  #timer: TimerHandle | undefined;
  #running = false;
  #stopped = false;
  #destroyed = false;
  #flushing = false;
  #tickPending = false;
  /** The timer fired and the tick waits in the flush queue. */
  #queued = false;
  #routeLabels: LabelSet | undefined;
  // Alert order is kept by fingerprint, since labels (and so the order) never change: `#sorted`
  // plus the fingerprints added since (not the alerts: a re-sent version replaces the first one),
  // merged in on the next `alerts()`. Re-sent alerts only rebuild `#view`; removed ones stay in
  // `#sorted` (and in `#removed`) until the next merge. `#removed` exists only while it holds
  // some: an empty set cost each group about 150 bytes (15 MB for 100,000 one-alert groups).
  #sorted: string[] = [];
  #added: string[] = [];
  #removed: Set<string> | undefined;
  #view: Alert[] | undefined;
  /** Many added alerts being ordered in slices. */
  #ordering: Promise<void> | undefined;

  constructor(route: Route, labels: LabelSet, createdAt: number, deps: AggregationGroupDeps) {
    this.route = route;
    this.labels = labels;
    this.labelNames = sortedLabelNames(labels);
    this.groupKey = `${route.key()}:${labelSetToString(labels)}`;
    this.routeId = route.id();
    this.#deps = deps;
    this.#markerWriter = groupMarkerWriter(this.marker, deps.groupMarker);
    this.#nextAt = createdAt + route.options.groupWait;
  }

  /** True once a successful flush left the group empty; it then takes no more alerts. */
  get destroyed(): boolean {
    return this.#destroyed;
  }

  /** The group's alerts as last received, in Alertmanager's alert order (cached until they change). */
  alerts(): readonly Alert[] {
    if (this.#added.length > 0 || this.#removed !== undefined) this.#mergeAdded();
    this.#view ??= this.#sorted.map((fp) => this.#alerts.get(fp) as Alert);
    return this.#view;
  }

  /**
   * Merges into `#sorted` the first `count` added alerts, given in alert order, and drops the
   * removed ones; added alerts after those stay for the next merge.
   */
  #merge(added: readonly Ordered[], count: number): void {
    const sorted = this.#removed === undefined ? this.#sorted : this.#sorted.filter((fp) => this.#alerts.has(fp));
    this.#sorted = sorted.length === 0 ? added.map((a) => a.alert.fingerprint) : this.#mergeInto(sorted, added);
    this.#added = count === this.#added.length ? [] : this.#added.slice(count);
    this.#removed = undefined;
    this.#view = undefined;
  }

  #mergeAdded(): void {
    // A new group's first alert has nothing to be ordered against: the common case of a flush.
    if (this.#sorted.length === 0 && this.#removed === undefined && this.#added.length === 1 && this.#alerts.has(this.#added[0] as string)) {
      this.#sorted = this.#added;
      this.#added = [];
      return;
    }
    // Label names are sorted once per alert rather than once per comparison.
    const added: Ordered[] = [];
    for (const fp of this.#added) this.#pushOrdered(added, fp);
    this.#merge(added.sort(compareOrdered), this.#added.length);
  }

  #pushOrdered(entries: Ordered[], fp: string): void {
    const alert = this.#alerts.get(fp);
    if (alert !== undefined) entries.push({ alert, names: sortedLabelNames(alert.labels) });
  }

  /**
   * The group's alerts in alert order, as `alerts()`, but when many were added since the last
   * look (a new group's first flush during an alert storm) they are ordered in slices rather than
   * in one turn first: 100,000 take a few hundred milliseconds.
   */
  alertsInSlices(): readonly Alert[] | Promise<readonly Alert[]> {
    const ordering = this.#orderInSlices();
    return ordering === undefined ? this.alerts() : ordering.then(() => this.alerts());
  }

  // Undefined when there are few to order. Callers meanwhile share one ordering; a plain
  // `alerts()` meanwhile orders them at once and leaves it nothing to do. Alerts added meanwhile
  // are merged in one go by the `alerts()` that follows.
  #orderInSlices(): Promise<void> | undefined {
    if (this.#ordering !== undefined) return this.#ordering;
    const added = this.#added;
    const count = added.length;
    if (count < SLICED_ORDER_MIN_ALERTS) return undefined;
    const entries: Ordered[] = [];
    const { sliceMs } = this.#deps;
    const collected = forEachSliced(count, (i) => this.#pushOrdered(entries, added[i] as string), sliceMs);
    const ordering = (collected ?? Promise.resolve())
      .then(() => sortInSlices(entries, compareOrdered, sliceMs))
      .then((ordered) => {
        if (this.#added === added) this.#merge(ordered, count);
      })
      .finally(() => {
        this.#ordering = undefined;
      });
    this.#ordering = ordering;
    return ordering;
  }

  // `sorted` with the (ordered) added alerts merged in, in alert order.
  #mergeInto(sorted: readonly string[], added: readonly Ordered[]): string[] {
    const merged: string[] = [];
    let i = 0;
    let head: Ordered | undefined;
    for (const next of added) {
      for (; i < sorted.length; i++) {
        const fp = sorted[i] as string;
        if (head?.alert.fingerprint !== fp) {
          const alert = this.#alerts.get(fp) as Alert;
          head = { alert, names: sortedLabelNames(alert.labels) };
        }
        if (compareOrdered(head, next) > 0) break;
        merged.push(fp);
      }
      merged.push(next.alert.fingerprint);
    }
    for (; i < sorted.length; i++) merged.push(sorted[i] as string);
    return merged;
  }

  /** Calls `visit` with the fingerprint and marked state of each alert held that is firing at `now`. */
  forEachFiring(now: number, visit: (fingerprint: string, state: AlertState) => void): void {
    for (const [fp, alert] of this.#alerts) if (!isResolved(alert, now)) visit(fp, this.marker.state(fp));
  }

  /** The route labels rendered against the group's current alerts, cached until they change. */
  routeLabels(): LabelSet {
    this.#routeLabels ??= this.#renderRouteLabels(this.alerts());
    return this.#routeLabels;
  }

  /** Adds or replaces an alert; false when the group is destroyed and a new one must be made. */
  insert(alert: Alert): boolean {
    if (this.#destroyed) return false;
    const fp = alert.fingerprint;
    const held = this.#alerts.size;
    this.#alerts.set(fp, alert);
    // A removed alert still in `#sorted` keeps its place there.
    if (this.#alerts.size !== held && this.#removed?.delete(fp) !== true) this.#added.push(fp);
    this.#changed();
    return true;
  }

  /** Makes the next flush due now (an alert older than `group_wait` created the group). */
  flushNow(): void {
    this.#nextAt = this.#deps.clock.now();
    this.#arm();
  }

  /** Lets the timer run; a deadline already past flushes at once. Idempotent. */
  start(): void {
    if (this.#running || this.#stopped) return;
    this.#running = true;
    this.#arm();
  }

  /**
   * Cancels the timer (reload, shutdown); stopping the deps' `flushSignals` then aborts a flush in
   * progress, whose failure is expected and not logged.
   */
  stop(): void {
    this.#stopped = true;
    this.#cancelTimer();
  }

  #arm(): void {
    if (!this.#running || this.#stopped || this.#destroyed) return;
    this.#cancelTimer();
    const { clock } = this.#deps;
    this.#timer = clock.setTimeout(this.#onTimer, Math.max(0, this.#nextAt - clock.now()));
  }

  #cancelTimer(): void {
    if (this.#timer === undefined) return;
    this.#deps.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  readonly #onTimer = (): void => {
    this.#timer = undefined;
    if (this.#queued) return;
    this.#queued = true;
    this.#deps.flushQueue.enqueue(this.#onDue);
  };

  readonly #onDue = (): void => {
    this.#queued = false;
    if (this.#stopped || this.#destroyed) return;
    // Re-armed for later while queued: that timer brings the tick.
    if (this.#timer !== undefined && this.#deps.clock.now() < this.#nextAt) return;
    this.#cancelTimer();
    if (this.#flushing) {
      this.#tickPending = true;
      return;
    }
    this.#tick();
  };

  #tick(): void {
    const now = this.#deps.clock.now();
    // The interval runs from tick to tick, not from the end of a flush.
    this.#nextAt = now + this.route.options.groupInterval;
    this.#arm();
    this.#flushing = true;
    let flushed: Promise<void>;
    try {
      flushed = this.#flush(now);
    } catch (err) {
      flushed = Promise.reject(err);
    }
    // Handlers rather than an async function: one frame fewer per flush.
    flushed.then(
      () => this.#flushed(),
      (err: unknown) => {
        this.#deps.logger.warn({ err, aggrGroup: this.groupKey }, 'Flushing aggregation group failed');
        this.#flushed();
      },
    );
  }

  // A tick that came due during the flush runs now.
  #flushed(): void {
    this.#flushing = false;
    if (this.#tickPending && !this.#stopped && !this.#destroyed) {
      this.#tickPending = false;
      this.#cancelTimer();
      this.#tick();
    }
  }

  #flush(now: number): Promise<void> {
    const ordering = this.#orderInSlices();
    // A group stopped meanwhile (reload, shutdown) notifies nothing more.
    return ordering === undefined ? this.#notify(now) : ordering.then(() => (this.#stopped ? undefined : this.#notify(now)));
  }

  #notify(now: number): Promise<void> {
    if (this.#alerts.size === 0) return Promise.resolve();
    const alerts = this.alerts();
    const batch: Alert[] = [];
    const resolved: Alert[] = [];
    if (alerts.length <= COPIED_PER_TURN) {
      copyForFlush(alerts, 0, alerts.length, now, batch, resolved);
      return this.#send(now, batch, resolved);
    }
    return copyInTurns(alerts, now, batch, resolved).then(() => (this.#stopped ? undefined : this.#send(now, batch, resolved)));
  }

  // Not an async function: a flush waiting on its notification keeps only the handlers below.
  #send(now: number, batch: readonly Alert[], resolved: readonly Alert[]): Promise<void> {
    const { options } = this.route;
    const deadline = now + Math.max(options.groupInterval, MIN_FLUSH_TIMEOUT_MS);
    const { flushSignals } = this.#deps;
    const flushSignal = flushSignals.acquire(deadline);
    const ctx: FlushContext = {
      groupKey: this.groupKey,
      routeId: this.routeId,
      receiver: options.receiver,
      groupLabels: this.labels,
      routeLabels: this.#renderRouteLabels(batch),
      repeatInterval: options.repeatInterval,
      muteTimeIntervals: options.muteTimeIntervals,
      activeTimeIntervals: options.activeTimeIntervals,
      now,
      deadline,
      signal: flushSignal.signal,
      marker: this.#markerWriter,
    };
    let notified: Promise<void>;
    try {
      notified = this.#deps.notify(ctx, batch);
    } catch (err) {
      notified = Promise.reject(err);
    }
    return notified.then(
      () => {
        flushSignals.release(flushSignal);
        this.#deleteIfNotModified(resolved);
      },
      (err: unknown) => {
        flushSignals.release(flushSignal);
        // Aborts on reload or shutdown are expected.
        if (!this.#stopped) this.#deps.logger.warn({ err, aggrGroup: this.groupKey, numAlerts: batch.length }, 'Notify for alerts failed');
      },
    );
  }

  // An alert updated during the flush (it fired again) is newer than what was notified: keep it.
  #deleteIfNotModified(resolved: readonly Alert[]): void {
    for (const sent of resolved) {
      const current = this.#alerts.get(sent.fingerprint);
      if (current === undefined || current.updatedAt !== sent.updatedAt) continue;
      this.#alerts.delete(sent.fingerprint);
      (this.#removed ??= new Set()).add(sent.fingerprint);
      this.marker.delete(sent.fingerprint);
      this.#changed();
      this.#deps.onAlertRemoved(sent.fingerprint);
    }
    if (this.#alerts.size === 0) {
      this.#destroyed = true;
      this.#cancelTimer();
      this.#deps.onDestroyed(this);
    }
  }

  #changed(): void {
    this.#routeLabels = undefined;
    this.#view = undefined;
  }

  #renderRouteLabels(alerts: readonly Alert[]): LabelSet {
    if (Object.keys(this.route.options.labels).length === 0 || alerts.length === 0) return {};
    return this.#deps.renderRouteLabels(this.route, this.labels, alerts);
  }
}

/**
 * Adds `alerts[from..to)` to a flush's batch as the pipeline sees them: resolved ones as they are
 * (and to `resolved`), firing ones with `endsAt` unset, so that none turns resolved while the
 * pipeline works on it.
 */
function copyForFlush(alerts: readonly Alert[], from: number, to: number, now: number, batch: Alert[], resolved: Alert[]): void {
  for (let i = from; i < to; i++) {
    const alert = alerts[i] as Alert;
    if (isResolved(alert, now)) {
      batch.push(alert);
      resolved.push(alert);
    } else {
      batch.push({ ...alert, endsAt: GO_ZERO_TIME_MS });
    }
  }
}

async function copyInTurns(alerts: readonly Alert[], now: number, batch: Alert[], resolved: Alert[]): Promise<void> {
  for (let from = 0; from < alerts.length; from += COPIED_PER_TURN) {
    if (from > 0) await nextTurn();
    copyForFlush(alerts, from, Math.min(alerts.length, from + COPIED_PER_TURN), now, batch, resolved);
  }
}
