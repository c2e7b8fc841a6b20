interface Item {
  readonly fingerprint: string;
  endsAt: number;
  index: number;
}

/**
 * The fingerprints tracked for one alertname, in a min-heap by `endsAt` (Alertmanager's
 * `limit.Bucket`): a known fingerprint is always updated; a new one is added while there is
 * room; when full, the entry ending first is evicted if it has already ended (`endsAt` before
 * now), otherwise the new fingerprint is refused.
 */
class Bucket {
  readonly #capacity: number;
  readonly #byFingerprint = new Map<string, Item>();
  readonly #heap: Item[] = [];

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  get size(): number {
    return this.#heap.length;
  }

  upsert(fingerprint: string, endsAt: number, now: number): boolean {
    const known = this.#byFingerprint.get(fingerprint);
    if (known !== undefined) {
      known.endsAt = endsAt;
      this.#fix(known.index);
      return true;
    }
    if (this.#heap.length >= this.#capacity) {
      const oldest = this.#heap[0] as Item;
      if (!(oldest.endsAt < now)) return false;
      this.remove(oldest.fingerprint);
    }
    const item: Item = { fingerprint, endsAt, index: this.#heap.length };
    this.#heap.push(item);
    this.#byFingerprint.set(fingerprint, item);
    this.#up(item.index);
    return true;
  }

  remove(fingerprint: string): void {
    const item = this.#byFingerprint.get(fingerprint);
    if (item === undefined) return;
    this.#byFingerprint.delete(fingerprint);
    const last = this.#heap.pop() as Item;
    if (last === item) return;
    this.#heap[item.index] = last;
    last.index = item.index;
    this.#fix(last.index);
  }

  #fix(i: number): void {
    this.#up(i);
    this.#down(i);
  }

  #up(i: number): void {
    const heap = this.#heap;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((heap[parent] as Item).endsAt <= (heap[i] as Item).endsAt) return;
      this.#swap(i, parent);
      i = parent;
    }
  }

  #down(i: number): void {
    const heap = this.#heap;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= heap.length) return;
      const right = left + 1;
      const child = right < heap.length && (heap[right] as Item).endsAt < (heap[left] as Item).endsAt ? right : left;
      if ((heap[i] as Item).endsAt <= (heap[child] as Item).endsAt) return;
      this.#swap(i, child);
      i = child;
    }
  }

  #swap(i: number, j: number): void {
    const a = this.#heap[i] as Item;
    const b = this.#heap[j] as Item;
    this.#heap[i] = b;
    this.#heap[j] = a;
    a.index = j;
    b.index = i;
  }
}

/** `--alerts.per-alertname-limit`: at most `limit` tracked fingerprints per alertname. */
export class AlertNameLimiter {
  readonly #limit: number;
  readonly #buckets = new Map<string, Bucket>();

  constructor(limit: number) {
    this.#limit = limit;
  }

  /** Records the alert and says whether it may be stored (see `Bucket` for the eviction rule). */
  admit(alertname: string, fingerprint: string, endsAt: number, now: number): boolean {
    let bucket = this.#buckets.get(alertname);
    if (bucket === undefined) {
      bucket = new Bucket(this.#limit);
      this.#buckets.set(alertname, bucket);
    }
    return bucket.upsert(fingerprint, endsAt, now);
  }

  /** Stops tracking a fingerprint that left the store; empty buckets are dropped. */
  forget(alertname: string, fingerprint: string): void {
    const bucket = this.#buckets.get(alertname);
    if (bucket === undefined) return;
    bucket.remove(fingerprint);
    if (bucket.size === 0) this.#buckets.delete(alertname);
  }
}
