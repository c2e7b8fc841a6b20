import type { Matcher } from '../labels/matcher.ts';
import type { Alert } from './alert.ts';
import type { AlertListener, AlertSubscription, SubscribeOptions } from './alert-fanout.ts';

/** What `put` did with each alert. */
export interface PutResult {
  /** The alerts as stored (merged with the previous version where activity overlapped). */
  readonly stored: readonly Alert[];
  /** Alerts refused by the per-alertname limit (`alertmanager_alerts_limited_total`). */
  readonly limited: readonly Alert[];
}

/**
 * A batch of alerts as it arrived (e.g. a `POST /api/v2/alerts` body with what its decoding
 * depended on), which the store's batch decoder turns back into exactly the alerts it came with.
 * A persistent store may journal this instead of encoding every alert.
 */
export interface AlertBatch {
  /** The batch's encoding, in parts that follow each other. */
  readonly parts: readonly Uint8Array[];
}

export interface AlertCounts {
  readonly firing: number;
  readonly resolved: number;
}

/**
 * The alerts Tocsin holds, keyed by fingerprint (Alertmanager's provider + store).
 *
 * Reads are synchronous: every implementation keeps the alerts in local memory, as the
 * dispatcher and API read them on hot paths. `put` is asynchronous so a replicated
 * implementation can acknowledge once the write is accepted there.
 */
export interface AlertStore {
  /** The alert with this fingerprint, or undefined. */
  get(fingerprint: string): Alert | undefined;
  /** Every stored alert, resolved ones not yet collected included, in no particular order. */
  values(): IterableIterator<Alert>;
  /**
   * Alerts whose labels satisfy all `matchers` (a missing label is ""), sorted by fingerprint
   * as API v2 lists them. Equality matchers on indexed label names avoid a full scan.
   */
  select(matchers?: readonly Matcher[]): Alert[];
  /**
   * What `select` filters: the alerts its indexes cannot rule out, sorted by fingerprint and
   * looked up as the caller iterates, so a long listing can be spread over event-loop turns.
   */
  candidates(matchers?: readonly Matcher[]): Iterable<Alert>;
  /**
   * Resolves once `candidates` can start without a long pause: a store that defers work on new
   * alerts until the next listing does the bulk of it here, spread over event-loop turns.
   */
  prepareListing(): Promise<void>;
  readonly size: number;
  /** Firing and resolved alerts at the store's now. */
  countByStatus(): AlertCounts;
  /**
   * Stores alerts as Alertmanager's provider does: merged with the stored version when their
   * activity ranges overlap, replacing it otherwise, subject to the per-alertname limit. Stored
   * alerts are then offered to subscribers. `batch`, when given, is where `alerts` came from.
   */
  put(alerts: readonly Alert[], batch?: AlertBatch): Promise<PutResult>;
  /** Registers a listener for stored alerts; delivery never blocks `put`. */
  subscribe(listener: AlertListener, options?: SubscribeOptions): AlertSubscription;
  /** Removes alerts resolved at the store's now and returns them. */
  gc(): Promise<Alert[]>;
  /** Writes the alerts to the configured snapshot file; resolves with its size (0 when not persistent). */
  snapshot(): Promise<number>;
  /** Writes a final snapshot when persistent and stops subscriptions. */
  close(): Promise<void>;
}
