/**
 * Why a notification failed, as the `reason` label of `alertmanager_notifications_failed_total`
 * (Alertmanager 0.34 `notify.Reason`).
 */
export type FailureReason =
  | 'other'
  | 'clientError'
  | 'serverError'
  | 'contextCanceled'
  | 'contextDeadlineExceeded'
  | 'authError'
  | 'rateLimited';

/** Every failure reason, in Alertmanager's order; the metric is pre-initialised with these. */
export const FAILURE_REASONS: readonly FailureReason[] = [
  'other',
  'clientError',
  'serverError',
  'contextCanceled',
  'contextDeadlineExceeded',
  'authError',
  'rateLimited',
];

export interface NotifyErrorOptions {
  readonly retryable: boolean;
  readonly reason?: FailureReason;
  /** The HTTP status the service answered with, when there was an answer. */
  readonly statusCode?: number;
  readonly cause?: unknown;
}

/**
 * A failed notification attempt. `retryable` says whether the retry stage may try again before
 * the flush deadline; `reason` feeds the failure metric. The message must never contain secrets
 * (URLs of webhooks are secrets).
 */
export class NotifyError extends Error {
  readonly code = 'TOCSIN_NOTIFY_FAILED';
  readonly retryable: boolean;
  readonly reason: FailureReason;
  readonly statusCode: number | undefined;

  constructor(message: string, options: NotifyErrorOptions) {
    // Its message and reason tell what failed (a thrown error keeps its own stack as the cause);
    // where the retry stage wrapped it tells nothing, and capturing that was about a tenth of the
    // main thread's time when 5,000 notifications failed at their deadline together.
    const { stackTraceLimit } = Error;
    Error.stackTraceLimit = 0;
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    Error.stackTraceLimit = stackTraceLimit;
    this.name = 'NotifyError';
    this.retryable = options.retryable;
    this.reason = options.reason ?? 'other';
    this.statusCode = options.statusCode;
  }
}

/** The failure reason of an HTTP status (Alertmanager's `GetFailureReasonFromStatusCode`). */
export function reasonForStatus(statusCode: number): FailureReason {
  if (statusCode === 401 || statusCode === 403) return 'authError';
  if (statusCode === 429) return 'rateLimited';
  if (statusCode >= 400 && statusCode < 500) return 'clientError';
  if (statusCode >= 500 && statusCode < 600) return 'serverError';
  return 'other';
}

/**
 * Turns anything an integration threw into a `NotifyError`. Errors that are not `NotifyError`
 * (network failures, timeouts inside a client) are retryable with reason `other`, as Alertmanager
 * retries a failed POST.
 */
export function toNotifyError(error: unknown): NotifyError {
  if (error instanceof NotifyError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new NotifyError(message, { retryable: true, reason: 'other', cause: error });
}
