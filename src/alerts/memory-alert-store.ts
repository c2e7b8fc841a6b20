import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Clock } from '../common/clock.ts';
import { matchesLabels } from '../labels/matcher.ts';
import type { Matcher } from '../labels/matcher.ts';
import { silentLogger } from '../storage/logger.ts';
import type { StoreLogger } from '../storage/logger.ts';
import { alertName, isResolved } from './alert.ts';
import type { Alert } from './alert.ts';
import { AlertFanout } from './alert-fanout.ts';
import type { AlertListener, AlertSubscription, SubscribeOptions } from './alert-fanout.ts';
import { AlertNameLimiter } from './alert-limit.ts';
import type { AlertStoreMetrics } from './alert-store-metrics.ts';
import type { AlertBatch, AlertCounts, AlertStore, PutResult } from './alert-store.ts';
import { LabelIndex } from './label-index.ts';
import { combineAlerts } from './merge.ts';
import { SiblingStrings } from './sibling-strings.ts';

/** Alerts examined per event-loop turn by `gc`, so collecting 100k alerts does not stall the process. */
const GC_SLICE = 10_000;
/** Fingerprints added since the last listing that are always left for the next one to merge. */
const MIN_ORDER_MERGE = 4096;
/**
 * New alerts indexed, or fingerprints sorted, per event-loop turn by `prepareListing`; fewer
 * than two slices are left to the listing itself, which handles them within milliseconds.
 */
const LISTING_SLICE = 8192;

export interface MemoryAlertStoreOptions {
  readonly clock: Clock;
  /** `--alerts.per-alertname-limit`; 0 or absent = unlimited. */
  readonly perAlertNameLimit?: number;
  /** Label names with an equality index for `select`; defaults to `alertname`. */
  readonly indexedLabels?: readonly string[];
  /** Alerts to start with, e.g. from a snapshot. */
  readonly initial?: readonly Alert[];
  /** Where stored and collected alerts are written; none keeps alerts in memory only. */
  readonly persistence?: AlertPersistence;
  readonly logger?: StoreLogger;
  readonly metrics?: AlertStoreMetrics;
}

/** How a persistent store writes its alerts (the file-backed one is in alert-journal.ts). */
export interface AlertPersistence {
  /**
   * Queues what one `put` stored, merged at `now`; with the batch the alerts came from it may
   * write that instead of each alert. Never waits for I/O.
   */
  recordPut(stored: readonly Alert[], now: number, batch?: AlertBatch): void;
  /** Queues the removal of a collected alert. */
  recordRemoval(fingerprint: string): void;
  /** Writes `alerts()` as the snapshot and empties the journal; resolves with the snapshot's bytes. */
  snapshot(alerts: () => Alert[]): Promise<number>;
  /** Whether the journal has grown enough that a snapshot should compact it. */
  readonly needsSnapshot: boolean;
  /** Drops buffers kept for reuse between writes. */
  trim(): void;
  /** Writes what is queued and closes the files. */
  close(): Promise<void>;
}

/**
 * Alerts in a map by fingerprint, with equality indexes on a few label names and a cached
 * fingerprint order for listing. Labels are an alert's identity, so re-ingesting known alerts
 * (the common case: Prometheus re-sends every minute) touches neither index nor order.
 */
export class MemoryAlertStore implements AlertStore {
  readonly #clock: Clock;
  readonly #alerts = new Map<string, Alert>();
  readonly #index: LabelIndex;
  // New alerts not yet in `#index`: they join it when a query next asks (or once they outnumber
  // the alerts), as the listing order takes its additions, so that a burst of new alerts does
  // not pay for an index nobody reads meanwhile (at 100k alerts, 5–6 % of ingest's main thread).
  #unindexed: Alert[] = [];
  readonly #limiter: AlertNameLimiter | undefined;
  readonly #fanout: AlertFanout;
  readonly #persistence: AlertPersistence | undefined;
  readonly #logger: StoreLogger;
  readonly #metrics: AlertStoreMetrics | undefined;
  readonly #strings = new SiblingStrings();
  // Listing order: `#sorted` plus the fingerprints added since, merged in on the next list, so a
  // few new alerts cost a small sort and one linear merge rather than re-sorting every alert.
  // Collected fingerprints stay in `#sorted` until then and are skipped while listing. A store
  // nobody lists merges once the additions outnumber the alerts (`#store`), so churn cannot grow
  // them without bound.
  #sorted: string[] = [];
  #added: string[] = [];
  #removed = 0;
  #preparing: Promise<void> | undefined;
  #compacting = false;
  #closing: Promise<void> | undefined;

  constructor(options: MemoryAlertStoreOptions) {
    this.#clock = options.clock;
    this.#index = new LabelIndex(options.indexedLabels ?? ['alertname']);
    const limit = options.perAlertNameLimit ?? 0;
    this.#limiter = limit > 0 ? new AlertNameLimiter(limit) : undefined;
    const logger = options.logger ?? silentLogger;
    this.#logger = logger;
    this.#metrics = options.metrics;
    this.#fanout = new AlertFanout({
      snapshot: () => this.#alerts.values(),
      current: (fingerprint) => this.#alerts.get(fingerprint),
      onError: (err) => logger.warn({ err }, 'Alert listener failed'),
    });
    this.#persistence = options.persistence;
    const now = this.#clock.now();
    for (const alert of options.initial ?? []) this.#store(this.#strings.share(alert), now, !this.#alerts.has(alert.fingerprint));
  }

  get size(): number {
    return this.#alerts.size;
  }

  /** Fingerprints, live or collected, held for the listing order: at most the alerts of the last merge plus max(4096, the alerts now). */
  get orderEntries(): number {
    return this.#sorted.length + this.#added.length;
  }

  get(fingerprint: string): Alert | undefined {
    return this.#alerts.get(fingerprint);
  }

  values(): IterableIterator<Alert> {
    return this.#alerts.values();
  }

  select(matchers: readonly Matcher[] = []): Alert[] {
    const out: Alert[] = [];
    for (const alert of this.candidates(matchers)) if (matchesLabels(matchers, alert.labels)) out.push(alert);
    return out;
  }

  prepareListing(): Promise<void> {
    this.#preparing ??= this.#prepareInTurns().finally(() => {
      this.#preparing = undefined;
    });
    return this.#preparing;
  }

  /**
   * Indexes the new alerts and sorts their fingerprints in runs, a slice per turn, so that the
   * listing only merges the runs: after 100k new alerts, the first listing held the event loop
   * about 115 ms doing all of it. A listing that comes first meanwhile does the rest itself.
   */
  async #prepareInTurns(): Promise<void> {
    while (this.#unindexed.length >= 2 * LISTING_SLICE) {
      for (const alert of this.#unindexed.splice(0, LISTING_SLICE)) if (this.#alerts.has(alert.fingerprint)) this.#index.add(alert);
      await nextTurn();
    }
    const added = this.#added;
    const end = added.length;
    if (end < 2 * LISTING_SLICE) return;
    for (let from = 0; from < end && this.#added === added; from += LISTING_SLICE) {
      const run = added.slice(from, Math.min(end, from + LISTING_SLICE)).sort();
      for (let i = 0; i < run.length; i++) added[from + i] = run[i] as string;
      await nextTurn();
    }
  }

  *candidates(matchers: readonly Matcher[] = []): Generator<Alert> {
    this.#indexAdditions();
    const narrowed = this.#index.candidates(matchers);
    // Merging builds a new array, so this one stays a snapshot while the caller iterates.
    const fingerprints = narrowed === undefined ? this.#sortedFingerprints() : [...narrowed].sort();
    for (const fp of fingerprints) {
      const alert = this.#alerts.get(fp);
      if (alert !== undefined) yield alert;
    }
  }

  countByStatus(): AlertCounts {
    const now = this.#clock.now();
    let resolved = 0;
    for (const alert of this.#alerts.values()) if (isResolved(alert, now)) resolved++;
    return { firing: this.#alerts.size - resolved, resolved };
  }

  put(alerts: readonly Alert[], batch?: AlertBatch): Promise<PutResult> {
    const now = this.#clock.now();
    const stored: Alert[] = [];
    const added: boolean[] = [];
    const limited: Alert[] = [];
    for (const incoming of alerts) {
      const known = this.#alerts.get(incoming.fingerprint);
      // A re-sent alert shares the strings of its stored version (combineAlerts); a new one, its siblings'.
      const alert = known === undefined ? this.#strings.share(incoming) : combineAlerts(known, incoming, now);
      if (this.#store(alert, now, known === undefined)) {
        stored.push(alert);
        added.push(known === undefined);
      } else this.#refused(alert, limited);
    }
    this.#persistence?.recordPut(stored, now, batch);
    this.#fanout.publish(stored, added);
    if (this.#persistence?.needsSnapshot === true) this.#compact();
    return Promise.resolve({ stored, limited });
  }

  subscribe(listener: AlertListener, options?: SubscribeOptions): AlertSubscription {
    return this.#fanout.subscribe(listener, options);
  }

  async gc(): Promise<Alert[]> {
    const now = this.#clock.now();
    const removed: Alert[] = [];
    let examined = 0;
    // Map iteration tolerates the puts that may run while we yield between slices.
    for (const [fp, alert] of this.#alerts) {
      if (++examined % GC_SLICE === 0) await nextTurn();
      if (!isResolved(alert, now) || this.#alerts.get(fp) !== alert) continue;
      this.#alerts.delete(fp);
      // One never indexed is skipped when the additions are indexed, as it is no longer held.
      this.#index.remove(alert);
      this.#limiter?.forget(alertName(alert), fp);
      this.#removed++;
      this.#persistence?.recordRemoval(fp);
      removed.push(alert);
    }
    return removed;
  }

  async snapshot(): Promise<number> {
    if (this.#persistence === undefined) return 0;
    return this.#persistence.snapshot(() => [...this.#alerts.values()]);
  }

  /** Drops what is kept only for reuse (write buffers, string siblings); the process calls it when it goes idle. */
  trim(): void {
    this.#strings.clear();
    this.#persistence?.trim();
  }

  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    this.#fanout.close();
    if (this.#persistence === undefined) return;
    await this.snapshot();
    await this.#persistence.close();
  }

  /** An alert the per-alertname limit refused: counted and logged as Alertmanager does. */
  #refused(alert: Alert, limited: Alert[]): void {
    limited.push(alert);
    const name = alertName(alert);
    this.#metrics?.limited(name);
    this.#logger.warn({ alertname: name, err: 'alert limited' }, 'error on set alert');
  }

  /**
   * Snapshots early when the journal asks for it (it outgrew its bound, as re-sends fill it fast,
   * or dropped changes it could not write), one at a time.
   */
  #compact(): void {
    if (this.#compacting) return;
    this.#compacting = true;
    this.snapshot()
      .catch((err: unknown) => this.#logger.warn({ err }, 'Alerts snapshot the journal asked for failed'))
      .finally(() => {
        this.#compacting = false;
      });
  }

  /** Stores one alert unless the per-alertname limit refuses it; `isNew` when none has its fingerprint. */
  #store(alert: Alert, now: number, isNew: boolean): boolean {
    if (this.#limiter !== undefined && !this.#limiter.admit(alertName(alert), alert.fingerprint, alert.endsAt, now)) {
      return false;
    }
    this.#alerts.set(alert.fingerprint, alert);
    if (isNew) {
      this.#unindexed.push(alert);
      // Churn in a store nobody queries must not grow the list without bound.
      if (this.#unindexed.length > Math.max(MIN_ORDER_MERGE, this.#alerts.size)) this.#indexAdditions();
      this.#added.push(alert.fingerprint);
      if (this.#added.length > Math.max(MIN_ORDER_MERGE, this.#alerts.size)) this.#sortedFingerprints();
    }
    return true;
  }

  /** Indexes the alerts added since the last query that are still held. */
  #indexAdditions(): void {
    if (this.#unindexed.length === 0) return;
    for (const alert of this.#unindexed) if (this.#alerts.has(alert.fingerprint)) this.#index.add(alert);
    this.#unindexed = [];
  }

  #sortedFingerprints(): readonly string[] {
    if (this.#added.length === 0 && this.#removed === 0) return this.#sorted;
    const added = this.#added.sort();
    // With nothing collected since the last merge, every listed fingerprint is still held and
    // none was added again, so the new ones are only slotted in: no lookup per listed alert,
    // which at 100k alerts held the event loop for 20-60 ms on the first list after a new alert.
    const merged = this.#removed === 0 ? mergeDisjoint(this.#sorted, added) : this.#mergeHeld(this.#sorted, added);
    this.#sorted = merged;
    this.#added = [];
    this.#removed = 0;
    return merged;
  }

  // Both lists merged, keeping only fingerprints still held; a collected fingerprint may have
  // been added again, so both can hold it: it is kept once.
  #mergeHeld(sorted: readonly string[], added: readonly string[]): string[] {
    const merged: string[] = [];
    let i = 0;
    let j = 0;
    const keep = (fp: string): void => {
      if (this.#alerts.has(fp) && merged[merged.length - 1] !== fp) merged.push(fp);
    };
    while (i < sorted.length && j < added.length) {
      const a = sorted[i] as string;
      const b = added[j] as string;
      if (a <= b) {
        keep(a);
        i++;
      } else {
        keep(b);
        j++;
      }
    }
    while (i < sorted.length) keep(sorted[i++] as string);
    while (j < added.length) keep(added[j++] as string);
    return merged;
  }
}

/** Two sorted lists with no fingerprint in common merged into a new one, binary-searching the longer for each entry of the shorter. */
function mergeDisjoint(a: readonly string[], b: readonly string[]): string[] {
  const [many, few] = a.length >= b.length ? [a, b] : [b, a];
  const merged: string[] = [];
  let from = 0;
  for (const fp of few) {
    const at = lowerBound(many, fp, from);
    for (let i = from; i < at; i++) merged.push(many[i] as string);
    merged.push(fp);
    from = at;
  }
  for (let i = from; i < many.length; i++) merged.push(many[i] as string);
  return merged;
}

/** The first index at or after `from` whose entry is not below `value`. */
function lowerBound(sorted: readonly string[], value: string, from: number): number {
  let low = from;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((sorted[mid] as string) < value) low = mid + 1;
    else high = mid;
  }
  return low;
}
