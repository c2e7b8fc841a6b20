/**
 * The notification log: for each (group, receiver integration) the last successful notification,
 * which the dedup stage compares against to decide whether to notify again. Local files hold it
 * on a single node; a Redis implementation will replicate it for HA (contract:
 * `notification-log.contract.ts`).
 */
import type { AlertHash } from '../alert-hash.ts';
import type { ReceiverData } from './receiver-data.ts';

/** Which integration of which receiver an entry is for (nflogpb `Receiver`). */
export interface NflogReceiver {
  /** The receiver name (`group_name` in Alertmanager's protobuf). */
  readonly receiver: string;
  /** The integration type, e.g. `webhook`. */
  readonly integration: string;
  /** Position of the integration within the receiver's `<type>_configs`. */
  readonly index: number;
}

/** One logged notification (nflogpb `MeshEntry`: the entry plus its expiry). */
export interface NflogEntry {
  readonly groupKey: string;
  readonly receiver: NflogReceiver;
  /** When the notification was logged, epoch ms. */
  readonly timestamp: number;
  readonly firingAlerts: readonly AlertHash[];
  readonly resolvedAlerts: readonly AlertHash[];
  readonly receiverData: ReceiverData;
  /** When the entry may be garbage-collected, epoch ms. */
  readonly expiresAt: number;
}

export interface NflogLogInput {
  readonly groupKey: string;
  readonly receiver: NflogReceiver;
  readonly firingAlerts: readonly AlertHash[];
  readonly resolvedAlerts: readonly AlertHash[];
  readonly receiverData?: ReceiverData;
  /**
   * Wanted lifetime, `2 * repeat_interval` from the pipeline; the entry expires after
   * `min(retention, expiry)`, or after the retention when this is 0.
   */
  readonly expiryMs: number;
}

/** What one maintenance run did. */
export interface NflogMaintenance {
  readonly removed: number;
  /** Bytes of the snapshot written; 0 without persistence. */
  readonly snapshotBytes: number;
}

export interface NotificationLog {
  /**
   * The entry of `groupKey` for this receiver integration, or undefined when there is none.
   * Rejects with a `RangeError` when `groupKey` is empty.
   */
  query(groupKey: string, receiver: NflogReceiver): Promise<NflogEntry | undefined>;
  /**
   * Records a notification, timestamped with the log's clock. An existing entry with a newer
   * timestamp is kept (guards against clock skew between replicas).
   */
  log(input: NflogLogInput): Promise<void>;
  /** Removes entries whose `expiresAt` is not after now; resolves with how many. */
  gc(): Promise<number>;
  /** Garbage collection followed by a snapshot where the implementation persists one. */
  maintenance(): Promise<NflogMaintenance>;
  /** Persists what is needed to restart (a final snapshot) and releases resources. */
  close(): Promise<void>;
}

/** Alertmanager's state key: `<groupKey>:<receiver>/<integration>/<index>`. */
export function nflogKey(groupKey: string, r: NflogReceiver): string {
  return `${groupKey}:${r.receiver}/${r.integration}/${r.index}`;
}

/** The expiry of an entry logged at `now` (Alertmanager's `Log`: retention, capped by expiry). */
export function nflogExpiresAt(now: number, retentionMs: number, expiryMs: number): number {
  return expiryMs > 0 && retentionMs > expiryMs ? now + expiryMs : now + retentionMs;
}
