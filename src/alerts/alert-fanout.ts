import type { Alert } from './alert.ts';

/**
 * Receives alerts that were stored, newest version of each, in batches. `added[i]` is true when
 * the store held no alert with `alerts[i]`'s fingerprint as it stored it, so a listener keeping
 * state per fingerprint may skip looking it up: it can hold some only if it kept it after the
 * store collected an earlier alert of that fingerprint. Alerts replayed from the store's content
 * come with false.
 */
export type AlertListener = (alerts: readonly Alert[], added: readonly boolean[]) => void;

export interface SubscribeOptions {
  /** Deliver every alert held at subscription time first (Alertmanager's `SlurpAndSubscribe`). */
  readonly replay?: boolean;
  /**
   * Most alert versions waiting for this listener. Beyond it the backlog is dropped and the
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
  /** Alerts waiting to be delivered, each counted once. */
  readonly pending: number;
  /** Alerts handed to the listener so far. */
  readonly delivered: number;
  /** Times the backlog overflowed and was replaced by a full resync. */
  readonly overflows: number;
}

/**
 * Slots a drained backlog keeps for reuse; a larger one (a replay) is let go. Also the delivered
 * front beyond which a backlog still draining is moved down, once that front is half of it.
 */
const KEEP_SLOTS = 4096;

/** The version of an alert the store holds now, undefined once it was removed. */
export type CurrentAlert = (fingerprint: string) => Alert | undefined;

/**
 * A listener's backlog is an array of alert versions in the order they were stored. A version the
 * store has since replaced is skipped when delivering, since its successor is further on: that
 * coalesces per fingerprint without a map entry to add and delete per alert (which made a third
 * of ingest's fan-out cost and allocation). A removed alert's last versions are all delivered,
 * in order.
 */
class Subscriber implements AlertSubscription {
  readonly #listener: AlertListener;
  readonly #maxPending: number;
  readonly #batchSize: number;
  readonly #snapshot: () => Iterable<Alert>;
  readonly #current: CurrentAlert;
  readonly #onError: (error: unknown) => void;
  readonly #detach: (subscriber: Subscriber) => void;
  // Versions waiting are `#queue[#head..#tail)`; the slots around them are empty and kept, so a
  // backlog that fills and drains every turn reuses its array instead of growing a new one.
  #queue: Array<Alert | undefined> = [];
  // Whether each queued version was added rather than replaced, at the same index.
  #added: boolean[] = [];
  #head = 0;
  #tail = 0;
  #scheduled = false;
  #closed = false;
  #delivered = 0;
  #overflows = 0;

  constructor(listener: AlertListener, options: SubscribeOptions, source: FanoutSource, detach: (subscriber: Subscriber) => void) {
    this.#detach = detach;
    this.#listener = listener;
    this.#maxPending = options.maxPending ?? 200_000;
    this.#batchSize = options.batchSize ?? 1000;
    this.#snapshot = source.snapshot;
    this.#current = source.current;
    this.#onError = source.onError;
  }

  get pending(): number {
    let n = 0;
    for (let i = this.#head; i < this.#tail; i++) if (this.#isDue(this.#queue[i] as Alert)) n++;
    return n;
  }

  get delivered(): number {
    return this.#delivered;
  }

  get overflows(): number {
    return this.#overflows;
  }

  unsubscribe(): void {
    this.#closed = true;
    this.#empty();
    this.#detach(this);
  }

  offer(alerts: readonly Alert[], added: readonly boolean[]): void {
    if (this.#tail - this.#head + alerts.length > this.#maxPending) {
      this.#overflow();
      return;
    }
    for (let i = 0; i < alerts.length; i++) {
      this.#added[this.#tail] = added[i] === true;
      this.#queue[this.#tail++] = alerts[i];
    }
    this.#schedule();
  }

  replay(): void {
    for (const alert of this.#snapshot()) {
      this.#added[this.#tail] = false;
      this.#queue[this.#tail++] = alert;
    }
    this.#schedule();
  }

  #overflow(): void {
    this.#overflows++;
    this.#empty();
    this.replay();
  }

  #empty(): void {
    this.#queue = [];
    this.#added = [];
    this.#head = 0;
    this.#tail = 0;
  }

  /** False for a version the store has replaced since; its successor is queued after it. */
  #isDue(alert: Alert): boolean {
    const current = this.#current(alert.fingerprint);
    return current === undefined || current === alert;
  }

  #schedule(): void {
    if (this.#scheduled || this.#closed) return;
    this.#scheduled = true;
    setImmediate(() => this.#flush());
  }

  #flush(): void {
    this.#scheduled = false;
    if (this.#closed) return;
    const queue = this.#queue;
    const added = this.#added;
    const tail = this.#tail;
    const batch: Alert[] = [];
    const batchAdded: boolean[] = [];
    let i = this.#head;
    for (; i < tail && batch.length < this.#batchSize; i++) {
      const alert = queue[i] as Alert;
      if (this.#isDue(alert)) {
        batch.push(alert);
        batchAdded.push(added[i] === true);
      }
    }
    if (i === tail && queue.length > KEEP_SLOTS) {
      this.#empty();
    } else if (i === tail || (i >= KEEP_SLOTS && 2 * i >= tail)) {
      // Drained, or a backlog fed as fast as it drains, whose delivered front would stay alive.
      queue.copyWithin(0, i, tail);
      queue.fill(undefined, tail - i, tail);
      added.copyWithin(0, i, tail);
      this.#tail = tail - i;
      this.#head = 0;
    } else {
      this.#head = i;
    }
    if (batch.length > 0) {
      this.#delivered += batch.length;
      try {
        this.#listener(batch, batchAdded);
      } catch (error) {
        this.#onError(error);
      }
    }
    if (this.#tail > this.#head) this.#schedule();
  }
}

/** What the fan-out reads from its store. */
export interface FanoutSource {
  /** Every alert the store holds, for replays. */
  readonly snapshot: () => Iterable<Alert>;
  readonly current: CurrentAlert;
  readonly onError: (error: unknown) => void;
}

/**
 * Hands stored alerts to listeners (dispatcher, inhibitor) without ever blocking the writer:
 * each listener has its own backlog, coalesced by fingerprint and delivered asynchronously in
 * bounded batches. Unlike Alertmanager's buffered channels, a slow listener cannot stall
 * ingestion; if its backlog overflows it receives a full resync instead of a gap.
 */
export class AlertFanout {
  readonly #subscribers = new Set<Subscriber>();
  readonly #source: FanoutSource;

  constructor(source: FanoutSource) {
    this.#source = source;
  }

  subscribe(listener: AlertListener, options: SubscribeOptions = {}): AlertSubscription {
    const subscriber = new Subscriber(listener, options, this.#source, (s) => this.#subscribers.delete(s));
    this.#subscribers.add(subscriber);
    if (options.replay === true) subscriber.replay();
    return subscriber;
  }

  /** Offers stored alerts to every listener; `added[i]` says whether `alerts[i]` was new to the store. */
  publish(alerts: readonly Alert[], added: readonly boolean[]): void {
    for (const subscriber of this.#subscribers) subscriber.offer(alerts, added);
  }

  /** Stops every subscription. */
  close(): void {
    for (const subscriber of [...this.#subscribers]) subscriber.unsubscribe();
  }
}
