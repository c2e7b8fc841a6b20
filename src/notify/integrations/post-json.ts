import type { HttpClient, HttpResponse } from '../../http-client/http-client.ts';
import { NotifyError } from '../notify-error.ts';

export interface PostOptions {
  /** The flush's signal: aborted at the deadline or when the group stops. */
  readonly signal: AbortSignal;
  /** Bounds this attempt alone; 0 means only the flush deadline applies. */
  readonly timeoutMs: number;
  readonly timeoutMessage: string;
  readonly userAgent: string;
}

/**
 * POSTs a JSON body with Alertmanager's headers. A failure to get any answer becomes a retryable
 * `NotifyError` whose message hides the URL (webhook URLs carry secrets), like Go's `RedactURL`.
 */
export async function postJson(http: HttpClient, url: string, body: string, options: PostOptions): Promise<HttpResponse> {
  const timeout = options.timeoutMs > 0 ? AbortSignal.timeout(options.timeoutMs) : undefined;
  const signal = timeout === undefined ? options.signal : AbortSignal.any([options.signal, timeout]);
  try {
    return await http.request(url, {
      method: 'POST',
      headers: { 'user-agent': options.userAgent, 'content-type': 'application/json' },
      body,
      signal,
    });
  } catch (error) {
    let message = `Post "<redacted>": ${(error as Error).message}`;
    if (timeout?.aborted === true && !options.signal.aborted) message += `: ${options.timeoutMessage}`;
    throw new NotifyError(message, { retryable: true, reason: 'other', cause: error });
  }
}
