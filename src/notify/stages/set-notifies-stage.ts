import type { Alert } from '../../alerts/alert.ts';
import type { NflogReceiver, NotificationLog } from '../nflog/notification-log.ts';
import type { Stage, StageContext } from './stage.ts';

/**
 * Logs the successful notification in the nflog (Alertmanager's `SetNotifiesStage`): the firing
 * and resolved hashes seen by the dedup stage, the receiver data, and an expiry of twice the
 * repeat interval.
 */
export class SetNotifiesStage implements Stage {
  readonly #nflog: NotificationLog;
  readonly #receiver: NflogReceiver;

  constructor(nflog: NotificationLog, receiver: NflogReceiver) {
    this.#nflog = nflog;
    this.#receiver = receiver;
  }

  exec(ctx: StageContext, alerts: readonly Alert[]): Promise<readonly Alert[]> {
    if (ctx.firing === undefined || ctx.resolved === undefined) throw new Error('set notifies: firing and resolved alerts missing');
    // A handler rather than an async function: one frame fewer per notification.
    return this.#nflog
      .log({
        groupKey: ctx.flush.groupKey,
        receiver: this.#receiver,
        firingAlerts: ctx.firing,
        resolvedAlerts: ctx.resolved,
        receiverData: ctx.receiverData?.toData(),
        expiryMs: 2 * ctx.flush.repeatInterval,
      })
      .then(() => alerts);
  }
}
