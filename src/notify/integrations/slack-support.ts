/**
 * Pieces the chat integrations (slack, mattermost, rocketchat, discord, msteams, msteamsv2) share:
 * template rendering with Alertmanager's `TmplText` error semantics, rune truncation, secret URL
 * files, Go-encoded JSON bodies and the POST itself.
 */
import { readFile } from 'node:fs/promises';
import type { Alert } from '../../alerts/alert.ts';
import { isResolved } from '../../alerts/alert.ts';
import type { NotifierConfig, Secret } from '../../config/types.ts';
import type { HttpClient, HttpResponse } from '../../http-client/http-client.ts';
import { goJsonEscape } from '../go-json.ts';
import type { NotifyLogger } from '../logger.ts';
import { silentNotifyLogger } from '../logger.ts';
import { NotifyError } from '../notify-error.ts';
import type { NotificationContext } from '../notifier.ts';
import type { NotificationTemplates, TemplateInput } from '../templates.ts';
import type { IntegrationDeps } from './integration-deps.ts';
import { DEFAULT_USER_AGENT } from './integration-deps.ts';
import { postJson } from './post-json.ts';

/** What a chat notifier needs besides its configuration. */
export interface ChatDeps {
  readonly http: HttpClient;
  readonly templates: NotificationTemplates;
  readonly externalURL: string;
  readonly userAgent: string;
  /** Receives the truncation warnings Alertmanager logs. */
  readonly logger: NotifyLogger;
}

/** Resolves the integration deps for one config: its `http_config` client and the user agent. */
export function chatDeps(config: NotifierConfig, deps: IntegrationDeps, logger: NotifyLogger = silentNotifyLogger): ChatDeps {
  return {
    http: deps.http.get(config.http_config),
    templates: deps.templates,
    externalURL: deps.externalURL,
    userAgent: deps.userAgent ?? DEFAULT_USER_AGENT,
    logger,
  };
}

/** The template input of one notification. */
export function templateInput(ctx: NotificationContext, externalURL: string, alerts: readonly Alert[]): TemplateInput {
  const { flush } = ctx;
  return {
    receiver: flush.receiver,
    groupLabels: flush.groupLabels,
    routeLabels: flush.routeLabels,
    reason: ctx.reason,
    externalURL,
    now: flush.now,
    alerts,
  };
}

/** Alertmanager's `Alerts.Status() == firing`: true when any alert is still firing. */
export function anyFiring(alerts: readonly Alert[], now: number): boolean {
  return alerts.some((a) => !isResolved(a, now));
}

/**
 * Alertmanager's `notify.TmplText`: renders config strings until the first failure, which is kept
 * in `error`; every later string renders as "" (integrations send or fail accordingly).
 */
export class TextRenderer {
  readonly #templates: NotificationTemplates;
  readonly #input: TemplateInput;
  #error: Error | undefined;

  constructor(templates: NotificationTemplates, input: TemplateInput) {
    this.#templates = templates;
    this.#input = input;
  }

  get error(): Error | undefined {
    return this.#error;
  }

  render(text: string): string {
    if (this.#error !== undefined || text === '') return '';
    try {
      return this.#templates.executeText(text, this.#input);
    } catch (error) {
      this.#error = error instanceof Error ? error : new Error(String(error));
      return '';
    }
  }

  /** Throws the first template failure as a non-retryable `NotifyError`. */
  throwIfFailed(): void {
    if (this.#error !== undefined) throw new NotifyError(this.#error.message, { retryable: false, cause: this.#error });
  }
}

/**
 * Alertmanager's `TruncateInRunes`: at most `max` code points, the last one replaced by "…"
 * when cut (no marker when `max` is 3 or less). Returns the text and whether it was cut.
 */
export function truncateInRunes(text: string, max: number): [string, boolean] {
  // Cheap exit: a string of at most `max` UTF-16 units has at most `max` code points.
  if (text.length <= max) return [text, false];
  const runes = Array.from(text);
  if (runes.length <= max) return [text, false];
  if (max <= 3) return [runes.slice(0, max).join(''), true];
  return [`${runes.slice(0, max - 1).join('')}…`, true];
}

/**
 * The inline secret URL or the trimmed contents of its `_file`, read on every send. A read
 * failure is not retried; `prefix` (e.g. `read webhook_url_file`) leads its message.
 */
export async function secretOrFile(secret: Secret | undefined, file: string, prefix?: string): Promise<string> {
  if (secret !== undefined) return secret.reveal();
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch (error) {
    const message = (error as Error).message;
    throw new NotifyError(prefix === undefined ? message : `${prefix}: ${message}`, { retryable: false, cause: error });
  }
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
}

/** POSTs a JSON body with Alertmanager's headers; network failures are retryable, URL hidden. */
export async function postChatJson(
  deps: ChatDeps,
  ctx: NotificationContext,
  url: string,
  body: string,
  options: ChatPostOptions = {},
): Promise<HttpResponse> {
  if (options.headers === undefined) {
    return postJson(deps.http, url, body, {
      signal: ctx.signal,
      timeoutMs: options.timeoutMs ?? 0,
      timeoutMessage: options.timeoutMessage ?? '',
      userAgent: deps.userAgent,
    });
  }
  try {
    return await deps.http.request(url, {
      method: 'POST',
      headers: { ...options.headers, 'user-agent': deps.userAgent, 'content-type': 'application/json' },
      body,
      signal: ctx.signal,
    });
  } catch (error) {
    throw new NotifyError(`Post "<redacted>": ${(error as Error).message}`, { retryable: true, reason: 'other', cause: error });
  }
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
