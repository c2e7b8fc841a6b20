import type { Dispatcher } from 'undici';
import type { HttpClient, HttpResponse } from '../../http-client/http-client.ts';
import { NotifyError } from '../notify-error.ts';

/** The JSON content type of every JSON-posting integration. */
export const JSON_HEADERS: Readonly<Record<string, string>> = { 'content-type': 'application/json' };

export interface SendOptions {
  readonly method: Dispatcher.HttpMethod;
  /** Lower-case names; `user-agent` is always set. */
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array;
  /** The flush's signal: aborted at the deadline or when the group stops. */
  readonly signal: AbortSignal;
  /** Bounds this attempt alone (the integration's `timeout`); 0 means only the flush deadline applies. */
  readonly timeoutMs?: number;
  readonly timeoutMessage?: string;
  /** Prefix of the network error message, e.g. `failed to post message to PagerDuty`. */
  readonly errorPrefix?: string;
}

/**
 * One request with Alertmanager's User-Agent. A failure to get any answer is a retryable
 * `NotifyError` whose message hides the URL (`notify.RedactURL`): some carry API keys.
 */
export function sendRequest(http: HttpClient, userAgent: string, url: string, options: SendOptions): Promise<HttpResponse> {
  const timeoutMs = options.timeoutMs ?? 0;
  const timeout = timeoutMs > 0 ? AbortSignal.timeout(timeoutMs) : undefined;
  const signal = timeout === undefined ? options.signal : AbortSignal.any([options.signal, timeout]);
  const request = http.request(url, {
    method: options.method,
    headers: { 'user-agent': userAgent, ...options.headers },
    body: options.body,
    signal,
  });
  // A rejection handler rather than an async function: one promise fewer per notification.
  return request.catch((error: unknown) => {
    const verb = options.method.charAt(0) + options.method.slice(1).toLowerCase();
    let message = `${verb} "<redacted>": ${(error as Error).message}`;
    if (options.errorPrefix !== undefined) message = `${options.errorPrefix}: ${message}`;
    if (timeout?.aborted === true && !options.signal.aborted && options.timeoutMessage !== undefined) {
      message += `: ${options.timeoutMessage}`;
    }
    throw new NotifyError(message, { retryable: true, reason: 'other', cause: error });
  });
}

export interface PostOptions {
  readonly signal: AbortSignal;
  readonly timeoutMs: number;
  readonly timeoutMessage: string;
  readonly userAgent: string;
}

/** POSTs a JSON body with Alertmanager's headers, as `sendRequest` does. */
export function postJson(http: HttpClient, url: string, body: string | Uint8Array, options: PostOptions): Promise<HttpResponse> {
  const { signal, timeoutMs, timeoutMessage } = options;
  return sendRequest(http, options.userAgent, url, { method: 'POST', headers: JSON_HEADERS, body, signal, timeoutMs, timeoutMessage });
}
