/**
 * Pieces the chat integrations (slack, mattermost, rocketchat, discord, msteams, msteamsv2) share:
 * Go-encoded JSON bodies, the POST itself and their error details.
 */
import type { Alert } from '../../alerts/alert.ts';
import { isResolved } from '../../alerts/alert.ts';
import type { HttpResponse } from '../../http-client/http-client.ts';
import { goJsonEscape } from '../../common/go-json-string.ts';
import { checkHttpStatus } from '../http-status.ts';
import { NotifyError } from '../notify-error.ts';
import type { NotificationContext } from '../notifier.ts';
import type { IntegrationRuntime } from './integration-deps.ts';
import { JSON_HEADERS, sendRequest } from './http-request.ts';

/** Alertmanager's `Alerts.Status() == firing`: true when any alert is still firing. */
export function anyFiring(alerts: readonly Alert[], now: number): boolean {
  return alerts.some((a) => !isResolved(a, now));
}

/** A body as Go's `json.Encoder.Encode` writes it: HTML-escaped, newline-terminated. */
export function goJsonLine(value: unknown): string {
  return `${goJsonEscape(JSON.stringify(value))}\n`;
}

export interface ChatPostOptions {
  /** Bounds the attempt (the integration's `timeout`); 0 for none. */
  readonly timeoutMs?: number;
  readonly timeoutMessage?: string;
  /** Headers set on top of `http_config`'s (rocketchat's tokens). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Names the channel in a status failure, as slack, mattermost and rocketchat report it. */
  readonly channel?: string;
}

/**
 * POSTs `message` as Go's JSON encoder writes it, with Alertmanager's headers; network failures
 * are retryable, URL hidden. A status `checkHttpStatus` rejects is thrown; the 2xx answer is returned.
 */
export async function postChatJson(
  deps: IntegrationRuntime,
  ctx: NotificationContext,
  url: string,
  message: unknown,
  options: ChatPostOptions = {},
): Promise<HttpResponse> {
  const res = await sendRequest(deps.http, deps.userAgent, url, {
    method: 'POST',
    headers: { ...options.headers, ...JSON_HEADERS },
    body: goJsonLine(message),
    signal: ctx.signal,
    timeoutMs: options.timeoutMs ?? 0,
    timeoutMessage: options.timeoutMessage ?? '',
  });
  const failure = checkHttpStatus(res.statusCode, res.body);
  if (failure !== undefined) throw options.channel === undefined ? failure : inChannel(options.channel, failure);
  return res;
}

/** Sets `key` unless `value` is empty: Go's `omitempty` on a string field. */
export function putNonEmpty(target: Record<string, unknown>, key: string, value: string): void {
  if (value !== '') target[key] = value;
}

/** How much of a service's answer goes into an error message, as `checkHttpStatus` keeps. */
const MAX_DETAIL_CHARS = 1024;

/** Cuts a service's answer for an error message. */
export function detail(text: string): string {
  return text.length > MAX_DETAIL_CHARS ? `${text.slice(0, MAX_DETAIL_CHARS)}…` : text;
}

/** Prefixes a status failure with the channel, as slack, mattermost and rocketchat report it. */
export function inChannel(channel: string, error: NotifyError): NotifyError {
  return new NotifyError(`channel ${JSON.stringify(channel)}: ${error.message}`, {
    retryable: error.retryable,
    reason: error.reason,
    ...(error.statusCode === undefined ? {} : { statusCode: error.statusCode }),
  });
}
