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
import type { AlertCounts, AlertStore, PutResult } from './alert-store.ts';
import { LabelIndex } from './label-index.ts';
import { combineAlerts } from './merge.ts';

/** Alerts examined per event-loop turn by `gc`, so collecting 100k alerts does not stall the process. */
const GC_SLICE = 10_000;

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
}

/** How a persistent store writes its alerts (the file-backed one is in alert-journal.ts). */
export interface AlertPersistence {
  /** Queues the stored version of an alert; never waits for I/O. */
  record(alert: Alert): void;
  /** Queues the removal of a collected alert. */
  recordRemoval(fingerprint: string): void;
  /** Writes `alerts()` as the snapshot and empties the journal; resolves with the snapshot's bytes. */
  snapshot(alerts: () => Alert[]): Promise<number>;
  /** Whether the journal has grown enough that a snapshot should compact it. */
  readonly needsSnapshot: boolean;
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
  readonly #limiter: AlertNameLimiter | undefined;
  readonly #fanout: AlertFanout;
  readonly #persistence: AlertPersistence | undefined;
  readonly #logger: StoreLogger;
  #sorted: string[] | undefined;
  #compacting = false;
  #closing: Promise<void> | undefined;

  constructor(options: MemoryAlertStoreOptions) {
    this.#clock = options.clock;
    this.#index = new LabelIndex(options.indexedLabels ?? ['alertname']);
    const limit = options.perAlertNameLimit ?? 0;
    this.#limiter = limit > 0 ? new AlertNameLimiter(limit) : undefined;
    const logger = options.logger ?? silentLogger;
    this.#logger = logger;
    this.#fanout = new AlertFanout(
      () => this.#alerts.values(),
      (err) => logger.warn({ err }, 'Alert listener failed'),
    );
    this.#persistence = options.persistence;
    const now = this.#clock.now();
    for (const alert of options.initial ?? []) this.#store(alert, now);
  }

  get size(): number {
    return this.#alerts.size;
  }

  get(fingerprint: string): Alert | undefined {
    return this.#alerts.get(fingerprint);
  }

  values(): IterableIterator<Alert> {
    return this.#alerts.values();
  }

  select(matchers: readonly Matcher[] = []): Alert[] {
    const candidates = this.#index.candidates(matchers);
    const fingerprints = candidates === undefined ? this.#sortedFingerprints() : [...candidates].sort();
    const out: Alert[] = [];
    for (const fp of fingerprints) {
      const alert = this.#alerts.get(fp) as Alert;
      if (matchesLabels(matchers, alert.labels)) out.push(alert);
    }
    return out;
  }

  countByStatus(): AlertCounts {
    const now = this.#clock.now();
    let resolved = 0;
    for (const alert of this.#alerts.values()) if (isResolved(alert, now)) resolved++;
    return { firing: this.#alerts.size - resolved, resolved };
  }

  put(alerts: readonly Alert[]): Promise<PutResult> {
    const now = this.#clock.now();
    const stored: Alert[] = [];
    const limited: Alert[] = [];
    for (const incoming of alerts) {
      const alert = combineAlerts(this.#alerts.get(incoming.fingerprint), incoming, now);
      if (this.#store(alert, now)) {
        stored.push(alert);
        this.#persistence?.record(alert);
      } else {
        limited.push(alert);
      }
    }
    this.#fanout.publish(stored);
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
      if (++examined % GC_SLICE === 0) await new Promise<void>((resolve) => setImmediate(resolve));
      if (!isResolved(alert, now) || this.#alerts.get(fp) !== alert) continue;
      this.#alerts.delete(fp);
      this.#index.remove(alert);
      this.#limiter?.forget(alertName(alert), fp);
      this.#sorted = undefined;
      this.#persistence?.recordRemoval(fp);
      removed.push(alert);
    }
    return removed;
  }

  async snapshot(): Promise<number> {
    if (this.#persistence === undefined) return 0;
    return this.#persistence.snapshot(() => [...this.#alerts.values()]);
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

  /** Snapshots early when the journal outgrew its bound (re-sends fill it fast), one at a time. */
  #compact(): void {
    if (this.#compacting) return;
    this.#compacting = true;
    this.snapshot()
      .catch((err: unknown) => this.#logger.warn({ err }, 'Alerts snapshot after journal growth failed'))
      .finally(() => {
        this.#compacting = false;
      });
  }

  /** Stores one alert unless the per-alertname limit refuses it. */
  #store(alert: Alert, now: number): boolean {
    if (this.#limiter !== undefined && !this.#limiter.admit(alertName(alert), alert.fingerprint, alert.endsAt, now)) {
      return false;
    }
    const known = this.#alerts.has(alert.fingerprint);
    this.#alerts.set(alert.fingerprint, alert);
    if (!known) {
      this.#index.add(alert);
      this.#sorted = undefined;
    }
    return true;
  }

  #sortedFingerprints(): string[] {
    this.#sorted ??= [...this.#alerts.keys()].sort();
    return this.#sorted;
  }
}
