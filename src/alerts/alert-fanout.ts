import type { Alert } from './alert.ts';

/** Receives alerts that were stored, newest version of each, in batches. */
export type AlertListener = (alerts: readonly Alert[]) => void;

export interface SubscribeOptions {
  /** Deliver every alert held at subscription time first (Alertmanager's `SlurpAndSubscribe`). */
  readonly replay?: boolean;
  /**
   * Most distinct alerts waiting for this listener. Beyond it the backlog is dropped and the
   * listener gets the store's whole content instead, so it is never left with a gap.
   * Defaults to 200,000.
   */
  readonly maxPending?: number;
  /** Most alerts per listener call; larger backlogs are split across event-loop turns. Defaults to 1,000. */
  readonly batchSize?: number;
}

/** A live subscription; `unsubscribe` stops deliveries, including queued ones. */
export interface AlertSubscription {
  unsubscribe(): void;
  /** Alerts waiting to be delivered. */
  readonly pending: number;
  /** Alerts handed to the listener so far. */
  readonly delivered: number;
  /** Times the backlog overflowed and was replaced by a full resync. */
  readonly overflows: number;
}

class Subscriber implements AlertSubscription {
  readonly #listener: AlertListener;
  readonly #maxPending: number;
  readonly #batchSize: number;
  readonly #snapshot: () => Iterable<Alert>;
  readonly #onError: (error: unknown) => void;
  readonly #detach: (subscriber: Subscriber) => void;
  #pending = new Map<string, Alert>();
  #scheduled = false;
  #closed = false;
  #delivered = 0;
  #overflows = 0;

  constructor(
    listener: AlertListener,
    options: SubscribeOptions,
    snapshot: () => Iterable<Alert>,
    onError: (error: unknown) => void,
    detach: (subscriber: Subscriber) => void,
  ) {
    this.#detach = detach;
    this.#listener = listener;
    this.#maxPending = options.maxPending ?? 200_000;
    this.#batchSize = options.batchSize ?? 1000;
    this.#snapshot = snapshot;
    this.#onError = onError;
  }

  get pending(): number {
    return this.#pending.size;
  }

  get delivered(): number {
    return this.#delivered;
  }

  get overflows(): number {
    return this.#overflows;
  }

  unsubscribe(): void {
    this.#closed = true;
    this.#pending.clear();
    this.#detach(this);
  }

  offer(alert: Alert): void {
    if (this.#pending.size >= this.#maxPending && !this.#pending.has(alert.fingerprint)) {
      this.#overflow();
      return;
    }
    // Coalescing by fingerprint bounds the backlog by the number of distinct alerts.
    this.#pending.set(alert.fingerprint, alert);
    this.#schedule();
  }

  replay(): void {
    for (const alert of this.#snapshot()) this.#pending.set(alert.fingerprint, alert);
    this.#schedule();
  }

  #overflow(): void {
    this.#overflows++;
    this.#pending.clear();
    this.replay();
  }

  #schedule(): void {
    if (this.#scheduled || this.#closed) return;
    this.#scheduled = true;
    setImmediate(() => this.#flush());
  }

  #flush(): void {
    this.#scheduled = false;
    if (this.#closed || this.#pending.size === 0) return;
    const batch: Alert[] = [];
    // Values, not entries: an entry is a new array per alert.
    for (const alert of this.#pending.values()) {
      batch.push(alert);
      this.#pending.delete(alert.fingerprint);
      if (batch.length >= this.#batchSize) break;
    }
    this.#delivered += batch.length;
    try {
      this.#listener(batch);
    } catch (error) {
      this.#onError(error);
    }
    if (this.#pending.size > 0) this.#schedule();
  }
}

/**
 * Hands stored alerts to listeners (dispatcher, inhibitor) without ever blocking the writer:
 * each listener has its own backlog, coalesced by fingerprint and delivered asynchronously in
 * bounded batches. Unlike Alertmanager's buffered channels, a slow listener cannot stall
 * ingestion; if its backlog overflows it receives a full resync instead of a gap.
 */
export class AlertFanout {
  readonly #subscribers = new Set<Subscriber>();
  readonly #snapshot: () => Iterable<Alert>;
  readonly #onError: (error: unknown) => void;

  constructor(snapshot: () => Iterable<Alert>, onError: (error: unknown) => void) {
    this.#snapshot = snapshot;
    this.#onError = onError;
  }

  subscribe(listener: AlertListener, options: SubscribeOptions = {}): AlertSubscription {
    const subscriber = new Subscriber(listener, options, this.#snapshot, this.#onError, (s) =>
      this.#subscribers.delete(s),
    );
    this.#subscribers.add(subscriber);
    if (options.replay === true) subscriber.replay();
    return subscriber;
  }

  publish(alerts: readonly Alert[]): void {
    for (const subscriber of this.#subscribers) {
      for (const alert of alerts) subscriber.offer(alert);
    }
  }

  /** Stops every subscription. */
  close(): void {
    for (const subscriber of [...this.#subscribers]) subscriber.unsubscribe();
  }
}
