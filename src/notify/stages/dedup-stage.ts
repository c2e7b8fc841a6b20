import type { Alert } from '../../alerts/alert.ts';
import { isResolved } from '../../alerts/alert.ts';
import { forEachSliced } from '../../common/sliced-loop.ts';
import { hashAlert } from '../alert-hash.ts';
import type { AlertHash } from '../alert-hash.ts';
import type { NflogEntry, NflogReceiver, NotificationLog } from '../nflog/notification-log.ts';
import { ReceiverDataStore } from '../nflog/receiver-data.ts';
import { needsUpdate } from './needs-update.ts';
import type { Stage, StageContext } from './stage.ts';

/**
 * Passes all alerts on, or none, depending on what this integration last notified for the
 * group (Alertmanager's `DedupStage`). Records the alert hashes, the reason and a copy of the
 * entry's receiver data (a fresh one for a first notification) in the context.
 */
export class DedupStage implements Stage {
  readonly #nflog: NotificationLog;
  readonly #receiver: NflogReceiver;
  readonly #sendResolved: boolean;

  constructor(nflog: NotificationLog, receiver: NflogReceiver, sendResolved: boolean) {
    this.#nflog = nflog;
    this.#receiver = receiver;
    this.#sendResolved = sendResolved;
  }

  exec(ctx: StageContext, alerts: readonly Alert[]): Promise<readonly Alert[]> {
    const { flush } = ctx;
    const firing: AlertHash[] = [];
    const resolved: AlertHash[] = [];
    // Hashing a large group's alerts takes tens of milliseconds, in slices.
    const hashed = forEachSliced(alerts.length, (i) => {
      const a = alerts[i] as Alert;
      (isResolved(a, flush.now) ? resolved : firing).push(hashAlert(a.labels));
    });
    ctx.firing = firing;
    ctx.resolved = resolved;
    return hashed === undefined ? this.#query(ctx, alerts) : hashed.then(() => this.#query(ctx, alerts));
  }

  // A handler rather than an async function: one frame fewer per notification.
  #query(ctx: StageContext, alerts: readonly Alert[]): Promise<readonly Alert[]> {
    return this.#nflog.query(ctx.flush.groupKey, this.#receiver).then((entry) => this.#decide(ctx, alerts, entry));
  }

  // Decides on the hashes `exec` put in the context.
  #decide(ctx: StageContext, alerts: readonly Alert[], entry: NflogEntry | undefined): readonly Alert[] {
    const { flush, firing = [], resolved = [] } = ctx;
    const reason = needsUpdate({
      entry,
      firing,
      resolved,
      sendResolved: this.#sendResolved,
      repeatIntervalMs: flush.repeatInterval,
      now: flush.now,
    });
    ctx.reason = reason;
    ctx.receiverData = new ReceiverDataStore(reason === 'first notification' ? undefined : entry?.receiverData);
    return reason === 'none' ? [] : alerts;
  }
}
