/**
 * The dispatcher (Alertmanager's `dispatch.Dispatcher`): routes every stored alert through the
 * routing tree into aggregation groups, one per (route, group labels), and runs their timers.
 */
import type { Alert } from '../alerts/alert.ts';
import type { AlertSubscription } from '../alerts/alert-fanout.ts';
import type { AlertStore } from '../alerts/alert-store.ts';
import type { Clock, TimerHandle } from '../common/clock.ts';
import { SLICE_MS } from '../common/sliced-loop.ts';
import { TurnQueue } from '../common/turn-queue.ts';
import { TurnTimer } from '../common/turn-timer.ts';
import type { NotifyFn } from '../notify/flush.ts';
import { silentLogger } from '../storage/logger.ts';
import type { StoreLogger } from '../storage/logger.ts';
import { AggregationGroup } from './aggregation-group.ts';
import type { DispatcherMetrics } from './dispatcher-metrics.ts';
import { followStore } from '../alerts/follow-store.ts';
import type { AggregationGroupDeps } from './aggregation-group.ts';
import { FlushSignals } from './flush-signals.ts';
import { GroupTable } from './group-table.ts';
import { groupViews } from './group-views.ts';
import type { AlertFilter, GroupsResult, RouteFilter } from './group-views.ts';
import { GroupMarker } from './markers.ts';
import type { AlertState } from './markers.ts';
import type { Route } from './route.ts';
import { literalRouteLabels } from './route-labels.ts';
import type { RouteLabelRenderer } from './route-labels.ts';

export interface DispatcherOptions {
  /** Only `subscribe` and `values` are used. */
  readonly store: Pick<AlertStore, 'subscribe' | 'values'>;
  readonly route: Route;
  readonly notify: NotifyFn;
  readonly clock: Clock;
  /** Shared with the API and kept across reloads; a fresh one by default. */
  readonly groupMarker?: GroupMarker;
  /** `--dispatch.maintenance-interval`: how often destroyed groups are swept; default 30s. */
  readonly maintenanceInterval?: number;
  /** How long a walk over every group runs before it yields; 5 ms by default (0 yields every 64 groups). */
  readonly turnMs?: number;
  /** How long a group ordering many new alerts runs before it yields; `SLICE_MS` by default (0 yields every 64 steps). */
  readonly sliceMs?: number;
  readonly renderRouteLabels?: RouteLabelRenderer;
  readonly logger?: StoreLogger;
  readonly metrics?: DispatcherMetrics;
}

type State = 'new' | 'waiting' | 'running' | 'stopped';

const STATE_RANK: Readonly<Record<AlertState, number>> = { unprocessed: 0, active: 1, suppressed: 2 };

/** How long a walk over every group (a scrape's count, the maintenance sweep) runs before it yields. */
const DEFAULT_TURN_MS = 5;

/**
 * Routes alerts into aggregation groups. Call {@link Dispatcher.start} once; on reload stop it and
 * start a new one over the same store: its groups are new, alerts older than `group_wait` flush at
 * once, and the notification log's dedup keeps that flush from re-sending what was already sent.
 */
export class Dispatcher {
  readonly #route: Route;
  readonly #store: Pick<AlertStore, 'subscribe' | 'values'>;
  readonly #clock: Clock;
  readonly #groupMarker: GroupMarker;
  readonly #maintenanceInterval: number;
  readonly #turnMs: number;
  readonly #deps: AggregationGroupDeps;
  readonly #metrics: DispatcherMetrics | undefined;
  /** Groups per route, indexed by `Route.idx`. */
  readonly #groups: GroupTable[];
  /**
   * The groups each alert was last put in, so known alerts skip the tree walk. Most alerts are in
   * one group, kept without an array around it (an array per alert costs ~80 bytes at 100k alerts).
   */
  readonly #byAlert = new Map<string, AggregationGroup | AggregationGroup[]>();
  readonly #destroyed = new Set<AggregationGroup>();
  /** Whether an alert can be in several groups: only `continue` lets it match several routes. */
  readonly #sharesAlerts: boolean;
  #state: State = 'new';
  #subscription: AlertSubscription | undefined;
  #startTimer: TimerHandle | undefined;
  #maintenanceTimer: TimerHandle | undefined;
  #groupCount = 0;
  #loaded: Promise<void> = Promise.resolve();

  constructor(options: DispatcherOptions) {
    this.#route = options.route;
    this.#store = options.store;
    this.#clock = options.clock;
    this.#groupMarker = options.groupMarker ?? new GroupMarker();
    this.#maintenanceInterval = options.maintenanceInterval ?? 30_000;
    this.#turnMs = options.turnMs ?? DEFAULT_TURN_MS;
    this.#metrics = options.metrics;
    this.#groups = [];
    let sharesAlerts = false;
    options.route.walk((r) => {
      this.#groups[r.idx] = new GroupTable(r);
      sharesAlerts ||= r.continue;
    });
    this.#sharesAlerts = sharesAlerts;
    this.#deps = {
      clock: options.clock,
      notify: options.notify,
      groupMarker: this.#groupMarker,
      renderRouteLabels: options.renderRouteLabels ?? literalRouteLabels,
      logger: options.logger ?? silentLogger,
      onDestroyed: (group) => this.#destroyed.add(group),
      onAlertRemoved: (fp) => this.#byAlert.delete(fp),
      flushSignals: new FlushSignals(options.clock),
      // Groups created by one burst of alerts fall due together: 5,000 groups flushing to two
      // receivers, all in one timers phase, held the event loop 250-420 ms.
      flushQueue: new TurnQueue({ perTurn: 64, turnMs: 2 }),
      sliceMs: options.sliceMs ?? SLICE_MS,
    };
  }

  get route(): Route {
    return this.#route;
  }

  get groupMarker(): GroupMarker {
    return this.#groupMarker;
  }

  /** Aggregation groups held, destroyed ones not yet swept included (`alertmanager_dispatcher_aggregation_groups`). */
  get groupCount(): number {
    return this.#groupCount;
  }

  /** True once `--dispatch.start-delay` has passed and until stopped: Alertmanager reports `alertmanager_alerts` only then. */
  get running(): boolean {
    return this.#state === 'running';
  }

  /**
   * Firing alerts held by the groups, by their marked state (`alertmanager_alerts`). An alert in
   * several groups counts once, with its highest state: suppressed > active > unprocessed.
   */
  async countAlertsByState(now: number): Promise<Record<AlertState, number>> {
    const counts: Record<AlertState, number> = { unprocessed: 0, active: 0, suppressed: 0 };
    if (!this.#sharesAlerts) {
      await this.#forEachGroupInTurns((group) => group.forEachFiring(now, (_, state) => counts[state]++));
      return counts;
    }
    const highest = new Map<string, AlertState>();
    await this.#forEachGroupInTurns((group) =>
      group.forEachFiring(now, (fp, state) => {
        const seen = highest.get(fp);
        if (seen === undefined || STATE_RANK[state] > STATE_RANK[seen]) highest.set(fp, state);
      }),
    );
    for (const state of highest.values()) counts[state]++;
    return counts;
  }

  /**
   * Each group's firing alerts by their marked state (`alertmanager_alerts{state,group_key}` under
   * `--enable-feature=group-key-in-metrics`): an alert of several groups counts in each.
   */
  countAlertsByGroup(now: number, visit: (groupKey: string, counts: Record<AlertState, number>) => void): Promise<void> {
    return this.#forEachGroupInTurns((group) => {
      const counts: Record<AlertState, number> = { unprocessed: 0, active: 0, suppressed: 0 };
      group.forEachFiring(now, (_, state) => counts[state]++);
      visit(group.groupKey, counts);
    });
  }

  #forEachGroup(visit: (group: AggregationGroup) => void): void {
    for (const groups of this.#groups) groups.forEach(visit);
  }

  /**
   * Visits the groups held when called, yielding to the event loop every few milliseconds: at
   * 100k groups, counting their alerts for a scrape held it 60–90 ms in one go.
   */
  async #forEachGroupInTurns(visit: (group: AggregationGroup) => void): Promise<void> {
    const all: AggregationGroup[] = [];
    this.#forEachGroup((group) => all.push(group));
    const turn = new TurnTimer(this.#turnMs);
    for (const group of all) {
      visit(group);
      if (turn.spent()) await turn.next();
    }
  }

  /** Resolves once the alerts stored at start have been routed (Alertmanager's `WaitForLoading`). */
  loaded(): Promise<void> {
    return this.#loaded;
  }

  /**
   * Loads the store's alerts, then follows new ones. Groups start their timers at `startAt`
   * (`--dispatch.start-delay` after process start); groups made before then wait for it.
   */
  start(startAt: number = this.#clock.now()): void {
    if (this.#state !== 'new') return;
    this.#state = 'waiting';
    const processing = this.#metrics?.processingDuration;
    const followed = followStore(
      this.#store,
      (alert, added) => this.#routeAlert(alert, added),
      () => this.#state === 'stopped',
      processing === undefined ? undefined : (ms, count) => processing.add(ms / 1000, count),
    );
    this.#subscription = followed.subscription;
    this.#loaded = followed.loaded;
    // Groups start once every stored alert is routed (as Alertmanager 0.30+ does), so that a
    // group's first flush holds all its alerts: loading yields between slices, and an old alert's
    // group falls due at once.
    this.#startTimer = this.#clock.setTimeout(() => void this.#loaded.then(() => this.#run()), Math.max(0, startAt - this.#clock.now()));
    this.#scheduleMaintenance();
  }

  /** Stops following the store, cancels every timer and aborts flushes in progress. */
  stop(): void {
    if (this.#state === 'stopped') return;
    this.#state = 'stopped';
    this.#subscription?.unsubscribe();
    for (const timer of [this.#startTimer, this.#maintenanceTimer]) if (timer !== undefined) this.#clock.clearTimeout(timer);
    this.#forEachGroup((group) => group.stop());
    this.#deps.flushSignals.stop();
  }

  /**
   * The groups for `GET /api/v2/alerts/groups`: those on routes passing `routeFilter` with at least
   * one alert passing `alertFilter`, sorted by group labels then receiver, plus the receivers of
   * every listed alert.
   */
  async groups(routeFilter?: RouteFilter, alertFilter?: AlertFilter): Promise<GroupsResult> {
    await this.#loaded;
    const all: AggregationGroup[] = [];
    this.#forEachGroup((group) => all.push(group));
    return groupViews(all, this.#groupMarker, this.#clock.now(), routeFilter, alertFilter);
  }

  /**
   * Routes one alert into its groups (exposed for the benchmark and tests; normally fed by the
   * store). An alert `added` to the store is routed without looking for groups it was routed to
   * before: routing finds the same groups, and at 100k alerts that lookup, which always misses
   * for a new alert, was 5 % of ingest's main thread.
   */
  routeAlert(alert: Alert, added = false): void {
    if (this.#state === 'stopped') return;
    const cached = added ? undefined : this.#byAlert.get(alert.fingerprint);
    if (cached instanceof AggregationGroup) {
      if (cached.insert(alert)) return;
    } else if (cached !== undefined) {
      let inserted = true;
      for (const group of cached) inserted = group.insert(alert) && inserted;
      if (inserted) return;
    }
    const now = this.#clock.now();
    const routes = this.#route.match(alert.labels);
    if (routes.length === 1) {
      this.#byAlert.set(alert.fingerprint, this.#groupAlert(alert, routes[0] as Route, now));
      return;
    }
    const groups: AggregationGroup[] = [];
    for (const route of routes) groups.push(this.#groupAlert(alert, route, now));
    this.#byAlert.set(alert.fingerprint, groups);
  }

  #routeAlert(alert: Alert, added: boolean): void {
    try {
      this.routeAlert(alert, added);
    } catch (err) {
      this.#deps.logger.warn({ err, fingerprint: alert.fingerprint }, 'Routing alert failed');
    }
  }

  #groupAlert(alert: Alert, route: Route, now: number): AggregationGroup {
    const groups = this.#groups[route.idx] as GroupTable;
    const existing = groups.get(alert.labels, alert.fingerprint);
    if (existing?.insert(alert) === true) return existing;

    // A destroyed group stays in the map until maintenance; the new one replaces it now.
    const group = new AggregationGroup(route, route.groupLabels(alert.labels), now, this.#deps);
    group.insert(alert);
    if (existing === undefined) this.#groupCount++;
    else {
      this.#destroyed.delete(existing);
      this.#groupMarker.delete(existing.routeId, existing.groupKey);
    }
    groups.set(group);
    if (alert.startsAt + route.options.groupWait < now) group.flushNow();
    if (this.#state === 'running') group.start();
    return group;
  }

  #run(): void {
    this.#startTimer = undefined;
    if (this.#state !== 'waiting') return;
    this.#state = 'running';
    this.#forEachGroup((group) => group.start());
  }

  #scheduleMaintenance(): void {
    this.#maintenanceTimer = this.#clock.setTimeout(() => {
      void this.#maintenance();
      this.#scheduleMaintenance();
    }, this.#maintenanceInterval);
  }

  /**
   * Removes destroyed groups from the maps and their mute marks (Alertmanager's `doMaintenance`),
   * yielding to the event loop every few milliseconds: removing the 100k groups that one wave of
   * resolved alerts emptied held a health probe up to 189 ms in one go.
   */
  async #maintenance(): Promise<void> {
    const turn = new TurnTimer(this.#turnMs);
    // The set's iteration sees groups destroyed meanwhile and skips those replaced meanwhile.
    for (const group of this.#destroyed) {
      this.#destroyed.delete(group);
      this.#groups[group.route.idx]?.delete(group);
      this.#groupCount--;
      this.#groupMarker.delete(group.routeId, group.groupKey);
      if (turn.spent()) await turn.next();
    }
  }
}
