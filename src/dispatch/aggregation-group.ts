/**
 * One aggregation group (Alertmanager's `aggrGroup`): the alerts of one route sharing the same
 * group labels, flushed to the notification pipeline on the group's own timer.
 */
import { isResolved } from '../alerts/alert.ts';
import type { Alert } from '../alerts/alert.ts';
import { GO_ZERO_TIME_MS } from '../alerts/timestamps.ts';
import type { Clock, TimerHandle } from '../common/clock.ts';
import type { LabelSet } from '../labels/label-set.ts';
import { labelSetToString, sortedLabelNames } from '../labels/label-set.ts';
import type { FlushContext, NotifyFn } from '../notify/flush.ts';
import type { StoreLogger } from '../storage/logger.ts';
import { compareAlerts } from './alert-order.ts';
import { AlertMarker, groupMarkerWriter } from './markers.ts';
import type { GroupMarker } from './markers.ts';
import type { Route } from './route.ts';
import type { RouteLabelRenderer } from './route-labels.ts';

/** `notify.MinTimeout`: a flush may always retry for at least this long. */
const MIN_FLUSH_TIMEOUT_MS = 10_000;

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
  readonly #alerts = new Map<string, Alert>();
  #nextAt: number;
  #timer: TimerHandle | undefined;
  #running = false;
  #stopped = false;
  #destroyed = false;
  #flushing = false;
  #tickPending = false;
  #abort: AbortController | undefined;
  #routeLabels: LabelSet | undefined;
  #sorted: Alert[] | undefined;

  constructor(route: Route, labels: LabelSet, createdAt: number, deps: AggregationGroupDeps) {
    this.route = route;
    this.labels = labels;
    this.labelNames = sortedLabelNames(labels);
    this.groupKey = `${route.key()}:${labelSetToString(labels)}`;
    this.routeId = route.id();
    this.#deps = deps;
    this.#nextAt = createdAt + route.options.groupWait;
  }

  /** True once a successful flush left the group empty; it then takes no more alerts. */
  get destroyed(): boolean {
    return this.#destroyed;
  }

  /** The group's alerts as last received, in Alertmanager's alert order (cached until they change). */
  alerts(): readonly Alert[] {
    this.#sorted ??= [...this.#alerts.values()].sort(compareAlerts);
    return this.#sorted;
  }

  /** The route labels rendered against the group's current alerts, cached until they change. */
  routeLabels(): LabelSet {
    this.#routeLabels ??= this.#renderRouteLabels(this.alerts());
    return this.#routeLabels;
  }

  /** Adds or replaces an alert; false when the group is destroyed and a new one must be made. */
  insert(alert: Alert): boolean {
    if (this.#destroyed) return false;
    this.#alerts.set(alert.fingerprint, alert);
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

  /** Cancels the timer and aborts a flush in progress (reload, shutdown). */
  stop(): void {
    this.#stopped = true;
    this.#cancelTimer();
    this.#abort?.abort(new Error('aggregation group stopped'));
  }

  #arm(): void {
    if (!this.#running || this.#stopped || this.#destroyed) return;
    this.#cancelTimer();
    const { clock } = this.#deps;
    this.#timer = clock.setTimeout(() => this.#onTimer(), Math.max(0, this.#nextAt - clock.now()));
  }

  #cancelTimer(): void {
    if (this.#timer === undefined) return;
    this.#deps.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #onTimer(): void {
    this.#timer = undefined;
    if (this.#flushing) {
      this.#tickPending = true;
      return;
    }
    void this.#tick();
  }

  async #tick(): Promise<void> {
    const now = this.#deps.clock.now();
    // The interval runs from tick to tick, not from the end of a flush.
    this.#nextAt = now + this.route.options.groupInterval;
    this.#arm();
    this.#flushing = true;
    try {
      await this.#flush(now);
    } catch (err) {
      this.#deps.logger.warn({ err, aggrGroup: this.groupKey }, 'Flushing aggregation group failed');
    } finally {
      this.#flushing = false;
    }
    if (this.#tickPending && !this.#stopped && !this.#destroyed) {
      this.#tickPending = false;
      this.#cancelTimer();
      void this.#tick();
    }
  }

  async #flush(now: number): Promise<void> {
    if (this.#alerts.size === 0) return;
    const batch: Alert[] = [];
    const resolved: Alert[] = [];
    for (const alert of this.alerts()) {
      if (isResolved(alert, now)) {
        batch.push(alert);
        resolved.push(alert);
      } else {
        // A firing alert must not turn resolved while the pipeline works on it.
        batch.push({ ...alert, endsAt: GO_ZERO_TIME_MS });
      }
    }

    const { options } = this.route;
    const timeout = Math.max(options.groupInterval, MIN_FLUSH_TIMEOUT_MS);
    const abort = new AbortController();
    this.#abort = abort;
    const deadlineTimer = this.#deps.clock.setTimeout(() => abort.abort(new Error('flush deadline exceeded')), timeout);
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
      deadline: now + timeout,
      signal: abort.signal,
      marker: groupMarkerWriter(this.marker, this.#deps.groupMarker),
    };
    let ok = true;
    try {
      await this.#deps.notify(ctx, batch);
    } catch (err) {
      ok = false;
      // Aborts on reload or shutdown are expected.
      if (!this.#stopped) this.#deps.logger.warn({ err, aggrGroup: this.groupKey, numAlerts: batch.length }, 'Notify for alerts failed');
    } finally {
      this.#deps.clock.clearTimeout(deadlineTimer);
      this.#abort = undefined;
    }
    if (ok) this.#deleteIfNotModified(resolved);
  }

  // An alert updated during the flush (it fired again) is newer than what was notified: keep it.
  #deleteIfNotModified(resolved: readonly Alert[]): void {
    for (const sent of resolved) {
      const current = this.#alerts.get(sent.fingerprint);
      if (current === undefined || current.updatedAt !== sent.updatedAt) continue;
      this.#alerts.delete(sent.fingerprint);
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
    this.#sorted = undefined;
  }

  #renderRouteLabels(alerts: readonly Alert[]): LabelSet {
    if (Object.keys(this.route.options.labels).length === 0 || alerts.length === 0) return {};
    return this.#deps.renderRouteLabels(this.route, this.labels, alerts);
  }
}
