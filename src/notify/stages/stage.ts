/**
 * Pipeline stages (Alertmanager's `notify.Stage`): each takes the alerts left by the previous one
 * and returns those to pass on. Per-integration facts found along the way (alert hashes, the
 * dedup decision, the receiver data) travel in the context, which the fanout copies per branch.
 */
import type { Alert } from '../../alerts/alert.ts';
import type { AlertHash } from '../alert-hash.ts';
import type { FlushContext } from '../flush.ts';
import type { NotifyLogger } from '../logger.ts';
import type { ReceiverDataStore } from '../nflog/receiver-data.ts';
import type { NotificationReason } from '../notification-reason.ts';

export interface StageContext {
  readonly flush: FlushContext;
  readonly logger: NotifyLogger;
  /** Hashes of the firing and resolved alerts, set by the dedup stage. */
  firing?: readonly AlertHash[];
  resolved?: readonly AlertHash[];
  /** Why the dedup stage lets the notification through. */
  reason?: NotificationReason;
  /** The nflog receiver data for this notification, set by the dedup stage. */
  receiverData?: ReceiverDataStore;
}

/**
 * A context for one flush, or one fanout branch of it, with every field present from the start:
 * contexts then share one hidden class instead of V8 deriving new ones per copy.
 */
export function stageContext(from: Pick<StageContext, 'flush' | 'logger'> & Partial<StageContext>): StageContext {
  return {
    flush: from.flush,
    logger: from.logger,
    firing: from.firing,
    resolved: from.resolved,
    reason: from.reason,
    receiverData: from.receiverData,
  };
}

export interface Stage {
  /** Resolves with the alerts to pass on; rejects when the stage failed. */
  exec(ctx: StageContext, alerts: readonly Alert[]): Promise<readonly Alert[]>;
}

/** Runs stages in order; stops, successfully, as soon as a stage leaves no alerts. */
export class MultiStage implements Stage {
  readonly #stages: readonly Stage[];

  constructor(stages: readonly Stage[]) {
    this.#stages = stages;
  }

  async exec(ctx: StageContext, alerts: readonly Alert[]): Promise<readonly Alert[]> {
    let current = alerts;
    for (const stage of this.#stages) {
      if (current.length === 0) return current;
      current = await stage.exec(ctx, current);
    }
    return current;
  }
}

/**
 * Runs one stage per integration concurrently, each with its own copy of the context. Fails with
 * an `AggregateError` of every failure once all branches finished; one failing integration does
 * not stop the others.
 */
export class FanoutStage implements Stage {
  readonly #branches: readonly Stage[];

  constructor(branches: readonly Stage[]) {
    this.#branches = branches;
  }

  exec(ctx: StageContext, alerts: readonly Alert[]): Promise<readonly Alert[]> {
    // Most receivers have one integration: no need to settle an array of promises.
    if (this.#branches.length === 1) {
      return (this.#branches[0] as Stage).exec(stageContext(ctx), alerts).then(
        () => alerts,
        (error: unknown) => {
          throw aggregate([error]);
        },
      );
    }
    return this.#all(ctx, alerts);
  }

  async #all(ctx: StageContext, alerts: readonly Alert[]): Promise<readonly Alert[]> {
    const results = await Promise.allSettled(this.#branches.map((b) => b.exec(stageContext(ctx), alerts)));
    const errors: unknown[] = [];
    for (const r of results) if (r.status === 'rejected') errors.push(r.reason);
    if (errors.length > 0) throw aggregate(errors);
    return alerts;
  }
}

function aggregate(errors: unknown[]): AggregateError {
  return new AggregateError(errors, errors.map((e) => (e instanceof Error ? e.message : String(e))).join('\n'));
}
