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

/** The alerts to pass on, or a promise of them from a stage that waits for something. */
export type StageResult = readonly Alert[] | Promise<readonly Alert[]>;

export interface Stage {
  /**
   * The alerts to pass on; a stage that does not wait returns them directly, sparing a promise and
   * a microtask per notification. Failing is throwing or rejecting.
   */
  exec(ctx: StageContext, alerts: readonly Alert[]): StageResult;
}

/** Runs a stage and always answers with a promise, whether it returned, threw or rejected. */
export function execStage(stage: Stage, ctx: StageContext, alerts: readonly Alert[]): Promise<readonly Alert[]> {
  try {
    const result = stage.exec(ctx, alerts);
    return result instanceof Promise ? result : Promise.resolve(result);
  } catch (error) {
    return Promise.reject(error);
  }
}

/** Runs stages in order; stops, successfully, as soon as a stage leaves no alerts. */
export class MultiStage implements Stage {
  readonly #stages: readonly Stage[];

  constructor(stages: readonly Stage[]) {
    this.#stages = stages;
  }

  exec(ctx: StageContext, alerts: readonly Alert[]): Promise<readonly Alert[]> {
    try {
      return this.#from(0, ctx, alerts);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  // Runs stages synchronously until one returns a promise, then continues from its result: no
  // async frame stays suspended while a notification waits. The last stage's promise is the
  // result as it is. Throws what a stage throws.
  #from(first: number, ctx: StageContext, alerts: readonly Alert[]): Promise<readonly Alert[]> {
    let current = alerts;
    for (let i = first; i < this.#stages.length && current.length > 0; i++) {
      const result = (this.#stages[i] as Stage).exec(ctx, current);
      if (result instanceof Promise) return i === this.#stages.length - 1 ? result : result.then((next) => this.#from(i + 1, ctx, next));
      current = result;
    }
    return Promise.resolve(current);
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
      return execStage(this.#branches[0] as Stage, stageContext(ctx), alerts).then(() => alerts, rethrowAggregated);
    }
    return this.#all(ctx, alerts);
  }

  async #all(ctx: StageContext, alerts: readonly Alert[]): Promise<readonly Alert[]> {
    const results = await Promise.allSettled(this.#branches.map((b) => execStage(b, stageContext(ctx), alerts)));
    const errors: unknown[] = [];
    for (const r of results) if (r.status === 'rejected') errors.push(r.reason);
    if (errors.length > 0) throw aggregate(errors);
    return alerts;
  }
}

function rethrowAggregated(error: unknown): never {
  throw aggregate([error]);
}

function aggregate(errors: unknown[]): AggregateError {
  return new AggregateError(errors, errors.map((e) => (e instanceof Error ? e.message : String(e))).join('\n'));
}
