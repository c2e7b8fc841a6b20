import { NotifyError, reasonForStatus } from './notify-error.ts';

export interface StatusPolicy {
  /** Statuses retried besides 5xx, e.g. 429 for services that rate-limit. */
  readonly retryCodes?: readonly number[];
  /** Turns an error answer into the detail appended to the message; the body by default. */
  readonly details?: (statusCode: number, body: string) => string;
}

/** How much of a service's answer goes into an error message (and so into logs). */
const MAX_DETAIL_CHARS = 1024;

/**
 * Alertmanager's `Retrier.Check` plus the failure reason: undefined for 2xx; otherwise a
 * `NotifyError` saying `unexpected status code N: <details>`, retryable for 5xx and the policy's
 * extra codes, with reason authError (401, 403), rateLimited (429), clientError (other 4xx),
 * serverError (5xx) or other.
 */
export function checkHttpStatus(statusCode: number, body: string, policy: StatusPolicy = {}): NotifyError | undefined {
  if (statusCode >= 200 && statusCode < 300) return undefined;
  const retryable = (statusCode >= 500 && statusCode < 600) || (policy.retryCodes?.includes(statusCode) ?? false);
  let details = policy.details === undefined ? body : policy.details(statusCode, body);
  if (details.length > MAX_DETAIL_CHARS) details = `${details.slice(0, MAX_DETAIL_CHARS)}…`;
  const message = details === '' ? `unexpected status code ${statusCode}` : `unexpected status code ${statusCode}: ${details}`;
  return new NotifyError(message, { retryable, reason: reasonForStatus(statusCode), statusCode });
}
