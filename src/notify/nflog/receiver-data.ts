/**
 * A value in an nflog entry's receiver data (nflogpb `ReceiverDataValue`, a oneof of string,
 * int64 and double).
 */
export type ReceiverDataValue =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'int'; readonly value: number }
  | { readonly kind: 'double'; readonly value: number };

export type ReceiverData = Readonly<Record<string, ReceiverDataValue>>;

const EMPTY: ReceiverData = Object.freeze({});

/**
 * A mutable copy of an entry's receiver data for one notification (Alertmanager's `nflog.Store`).
 * Typed getters return undefined when the key is missing or holds another kind.
 */
export class ReceiverDataStore {
  // Made on the first value: most integrations never store any, and notifications in flight hold this.
  #data: Map<string, ReceiverDataValue> | undefined;

  constructor(initial?: ReceiverData) {
    if (initial !== undefined) for (const [k, v] of Object.entries(initial)) this.#set(k, v);
  }

  getString(key: string): string | undefined {
    const v = this.#data?.get(key);
    return v?.kind === 'string' ? v.value : undefined;
  }

  getInt(key: string): number | undefined {
    const v = this.#data?.get(key);
    return v?.kind === 'int' ? v.value : undefined;
  }

  getDouble(key: string): number | undefined {
    const v = this.#data?.get(key);
    return v?.kind === 'double' ? v.value : undefined;
  }

  setString(key: string, value: string): void {
    this.#set(key, { kind: 'string', value });
  }

  /** Stores a safe integer (int64 in Alertmanager; values beyond 2^53 are not representable). */
  setInt(key: string, value: number): void {
    if (!Number.isSafeInteger(value)) throw new RangeError(`receiver data ${key}: ${value} is not a safe integer`);
    this.#set(key, { kind: 'int', value });
  }

  setDouble(key: string, value: number): void {
    this.#set(key, { kind: 'double', value });
  }

  delete(key: string): void {
    this.#data?.delete(key);
  }

  /** A plain, frozen copy for logging into the nflog. */
  toData(): ReceiverData {
    return this.#data === undefined ? EMPTY : Object.freeze(Object.fromEntries(this.#data));
  }

  #set(key: string, value: ReceiverDataValue): void {
    this.#data ??= new Map();
    this.#data.set(key, value);
  }
}
