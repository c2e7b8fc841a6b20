import type { Alert } from '../../alerts/alert.ts';
import { isResolved } from '../../alerts/alert.ts';
import type { Clock } from '../../common/clock.ts';
import type { IntegrationCounters, NotifyMetrics } from '../metrics.ts';
import { NotifyError, toNotifyError } from '../notify-error.ts';
import type { FailureReason } from '../notify-error.ts';
import { integrationLabel } from '../notifier.ts';
import type { Integration, NotificationContext } from '../notifier.ts';
import { ExponentialBackoff } from './backoff.ts';
import type { Stage, StageContext } from './stage.ts';

export interface RetryStageOptions {
  readonly clock: Clock;
  readonly metrics?: NotifyMetrics;
  /** Source of backoff randomness, [0, 1). */
  readonly random?: () => number;
}

/**
 * Sends through the integration until it succeeds, fails with a non-retryable error, or the
 * flush is aborted or reaches its deadline (Alertmanager's `RetryStage`). With `send_resolved:
 * false` only firing alerts are sent, and nothing at all (successfully) when none fires.
 */
export class RetryStage implements Stage {
  readonly #integration: Integration;
  readonly #label: string;
  /** `receiver/webhook[0]`, leading the messages of failed notifications. */
  readonly #prefix: string;
  readonly #clock: Clock;
  readonly #metrics: NotifyMetrics | undefined;
  readonly #random: (() => number) | undefined;
  readonly #counters: IntegrationCounters | undefined;

  constructor(integration: Integration, options: RetryStageOptions) {
    this.#integration = integration;
    this.#label = integrationLabel(integration);
    this.#prefix = `${integration.receiver}/${this.#label}`;
    this.#clock = options.clock;
    this.#metrics = options.metrics;
    this.#random = options.random;
    this.#counters = options.metrics?.forIntegration(integration.name, integration.receiver);
  }

  exec(ctx: StageContext, alerts: readonly Alert[]): Promise<readonly Alert[]> {
    this.#counters?.notifications.inc();
    // Handlers rather than an async wrapper: a notification waiting on its request holds less.
    return this.#send(ctx, alerts).catch((error: unknown) => {
      const reason: FailureReason = error instanceof NotifyError ? error.reason : 'other';
      this.#metrics?.failed(this.#integration.name, this.#integration.receiver, reason);
      ctx.logger.error(
        {
          receiver: this.#integration.receiver,
          integration: this.#label,
          groupKey: ctx.flush.groupKey,
          reason,
          err: (error as Error).message,
        },
        'Notify for alerts failed',
      );
      throw error;
    });
  }

  // Resolves with `alerts`, all of which pass on whether or not they were sent.
  async #send(ctx: StageContext, alerts: readonly Alert[]): Promise<readonly Alert[]> {
    const { flush } = ctx;
    let sent = alerts;
    if (!this.#integration.sendResolved) {
      if (ctx.firing?.length === 0) return alerts;
      sent = firingOnly(alerts, flush.now);
    }
    const nctx: NotificationContext = {
      flush,
      reason: ctx.reason ?? 'unknown',
      receiverData: requireReceiverData(ctx),
      signal: flush.signal,
    };
    const prepared = this.#integration.prepare?.(nctx, sent);
    // A flush aborted meanwhile (its deadline passed, the group went away) waits no longer.
    if (prepared !== undefined) await untilAborted(prepared, flush.signal);
    const prefix = this.#prefix;
    // Only a failed attempt needs one.
    let backoff: ExponentialBackoff | undefined;
    let attempts = 0;
    let last: NotifyError | undefined;
    let deadlineReached = false;
    for (;;) {
      if (deadlineReached || this.#stopped(flush.signal, flush.deadline)) throw this.#canceled(prefix, attempts, last, flush.signal, flush.deadline);
      const started = performance.now();
      const attemptAt = this.#clock.now();
      try {
        attempts++;
        await this.#integration.notifier.notify(nctx, sent);
        this.#observe(started, false);
        // Plain literals for log fields: spreading shared fields into one made a dictionary-mode
        // object of about 1 KB on every notification.
        const fields = {
          receiver: this.#integration.receiver,
          integration: this.#label,
          groupKey: flush.groupKey,
          attempts,
          durationMs: Math.round(performance.now() - started),
          numAlerts: sent.length,
        };
        if (attempts <= 1) ctx.logger.debug(fields, 'Notify success');
        else ctx.logger.info(fields, 'Notify success');
        return alerts;
      } catch (thrown) {
        this.#observe(started, true);
        const error = toNotifyError(thrown);
        if (!error.retryable) {
          throw wrap(`${prefix}: notify retry canceled due to unrecoverable error after ${attempts} attempts: ${error.message}`, error);
        }
        if (!this.#stopped(flush.signal, flush.deadline)) {
          if (last === undefined || last.message !== error.message) {
            ctx.logger.warn(
              { receiver: this.#integration.receiver, integration: this.#label, groupKey: flush.groupKey, attempts, err: error.message },
              'Notify attempt failed, will retry later',
            );
          }
          last = error;
        }
      }
      // Alertmanager waits on a backoff ticker whose interval runs from the start of the previous
      // attempt, so time spent in a slow attempt counts towards the wait.
      backoff ??= new ExponentialBackoff(this.#random);
      deadlineReached = await this.#sleep(backoff.next() - (this.#clock.now() - attemptAt), flush.signal, flush.deadline);
    }
  }

  #observe(started: number, failed: boolean): void {
    const c = this.#counters;
    if (c === undefined) return;
    c.latency.observe((performance.now() - started) / 1000);
    c.requests.inc();
    if (failed) c.requestsFailed.inc();
  }

  #stopped(signal: AbortSignal, deadline: number): boolean {
    return signal.aborted || this.#clock.now() >= deadline;
  }

  #canceled(prefix: string, attempts: number, last: NotifyError | undefined, signal: AbortSignal, deadline: number): NotifyError {
    const cause =
      last ??
      (this.#clock.now() >= deadline || isTimeout(signal.reason)
        ? new NotifyError('context deadline exceeded', { retryable: false, reason: 'contextDeadlineExceeded' })
        : new NotifyError('context canceled', { retryable: false, reason: 'contextCanceled' }));
    return wrap(`${prefix}: notify retry canceled after ${attempts} attempts: ${cause.message}`, cause);
  }

  // Resolves after `ms`, at the deadline, or when the signal aborts, whichever comes first: true
  // when it waited until the deadline. A timer may fire a millisecond before the clock reads the
  // deadline, so the clock alone would allow one more attempt past it.
  #sleep(ms: number, signal: AbortSignal, deadline: number): Promise<boolean> {
    const untilDeadline = deadline - this.#clock.now();
    const wait = Math.max(0, Math.min(ms, untilDeadline));
    return new Promise((resolve) => {
      if (signal.aborted) {
        resolve(false);
        return;
      }
      const done = (): void => {
        this.#clock.clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve(!signal.aborted && ms >= untilDeadline);
      };
      const timer = this.#clock.setTimeout(done, wait);
      signal.addEventListener('abort', done, { once: true });
    });
  }
}

// Settles with `work` or as soon as `signal` aborts, whichever comes first.
function untilAborted(work: Promise<void>, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      signal.removeEventListener('abort', done);
      resolve();
    };
    signal.addEventListener('abort', done, { once: true });
    void work.then(done, done);
  });
}

// The alerts firing at `now`: `alerts` itself when none is resolved, as is usual.
function firingOnly(alerts: readonly Alert[], now: number): readonly Alert[] {
  for (let i = 0; i < alerts.length; i++) {
    if (isResolved(alerts[i] as Alert, now)) return alerts.filter((a) => !isResolved(a, now));
  }
  return alerts;
}

function requireReceiverData(ctx: StageContext): NonNullable<StageContext['receiverData']> {
  if (ctx.receiverData === undefined) throw new Error('retry: receiver data missing (dedup stage did not run)');
  return ctx.receiverData;
}

function wrap(message: string, cause: NotifyError): NotifyError {
  return new NotifyError(message, { retryable: cause.retryable, reason: cause.reason, statusCode: cause.statusCode, cause });
}

function isTimeout(reason: unknown): boolean {
  return reason instanceof Error && reason.name === 'TimeoutError';
}
