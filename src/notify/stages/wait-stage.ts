import type { Alert } from '../../alerts/alert.ts';
import type { Clock } from '../../common/clock.ts';
import type { Stage, StageContext, StageResult } from './stage.ts';

/** How long this replica waits before notifying: `position * peer_timeout` in a cluster. */
export type WaitFn = () => number;

/** Without a cluster every replica is first: no wait. */
export const noWait: WaitFn = () => 0;

/**
 * Waits this replica's turn so that earlier replicas' nflog entries arrive first
 * (Alertmanager's `ClusterWaitStage`); an aborted flush stops the wait and fails the stage.
 */
export class WaitStage implements Stage {
  readonly #wait: WaitFn;
  readonly #clock: Clock;

  constructor(wait: WaitFn, clock: Clock) {
    this.#wait = wait;
    this.#clock = clock;
  }

  exec(ctx: StageContext, alerts: readonly Alert[]): StageResult {
    const ms = this.#wait();
    return ms <= 0 ? alerts : this.#sleep(ms, ctx.flush.signal).then(() => alerts);
  }

  #sleep(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal.aborted) {
        reject(signal.reason);
        return;
      }
      const timer = this.#clock.setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = (): void => {
        this.#clock.clearTimeout(timer);
        reject(signal.reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}
