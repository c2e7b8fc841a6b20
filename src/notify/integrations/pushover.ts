import { readFile } from 'node:fs/promises';
import type { Alert } from '../../alerts/alert.ts';
import type { PushoverConfig, Secret } from '../../config/types.ts';
import type { HttpClient } from '../../http-client/http-client.ts';
import { checkHttpStatus } from '../http-status.ts';
import type { NotifyLogger } from '../logger.ts';
import { silentNotifyLogger } from '../logger.ts';
import { NotifyError } from '../notify-error.ts';
import type { NotificationContext, Notifier } from '../notifier.ts';
import type { NotificationTemplates } from '../templates.ts';
import { DEFAULT_USER_AGENT } from './integration-deps.ts';
import type { IntegrationDeps } from './integration-deps.ts';
import { truncateInRunes } from './pagerduty-shared.ts';
import { templateInput } from './slack-support.ts';

/** Pushover's message API; fixed in Alertmanager too. */
export const PUSHOVER_API_URL = 'https://api.pushover.net/1/messages.json';

// https://pushover.net/api#limits
const MAX_TITLE_RUNES = 250;
const MAX_MESSAGE_RUNES = 1024;
const MAX_URL_RUNES = 512;

interface PushoverDeps {
  readonly http: HttpClient;
  readonly templates: NotificationTemplates;
  readonly externalURL: string;
  readonly userAgent: string;
  readonly logger: NotifyLogger;
  readonly apiURL: string;
}

/**
 * The Pushover integration (Alertmanager's `notify/pushover`): POSTs to the messages API with an
 * empty `text/plain` body and every parameter in the query string, encoded and sorted as Go's
 * `url.Values.Encode` does: token, user, title (250 runes), message (1024 runes, trimmed,
 * `(no details)` when empty; HTML-escaped when `html`), url (512 runes), url_title, priority,
 * retry and expire in seconds, device, sound, ttl (when set), html/monospace flags. 2xx
 * succeeds, 5xx is retried, other answers are not.
 */
export class PushoverNotifier implements Notifier {
  readonly #config: PushoverConfig;
  readonly #deps: PushoverDeps;

  constructor(config: PushoverConfig, deps: PushoverDeps) {
    this.#config = config;
    this.#deps = deps;
  }

  async notify(ctx: NotificationContext, alerts: readonly Alert[]): Promise<void> {
    const c = this.#config;
    const input = templateInput(ctx, this.#deps.externalURL, alerts);
    const text = (s: string): string => this.#deps.templates.executeText(s, input);
    const warn = (message: string, max: number): void =>
      this.#deps.logger.warn({ integration: 'pushover', group_key: ctx.flush.groupKey, max_runes: max }, message);
    const token = await secretOrFile(c.token, c.token_file, 'token_file');
    const user = await secretOrFile(c.user_key, c.user_key_file, 'user_key_file');

    const params: [string, string][] = [];
    try {
      params.push(['token', text(token)], ['user', text(user)]);
      const [title, titleCut] = truncateInRunes(text(c.title), MAX_TITLE_RUNES);
      if (titleCut) warn('Truncated title', MAX_TITLE_RUNES);
      params.push(['title', title]);
      if (c.html) params.push(['html', '1']);
      const rendered = c.html ? this.#deps.templates.executeHtml(c.message, input) : text(c.message);
      if (c.monospace) params.push(['monospace', '1']);
      const [cut, messageCut] = truncateInRunes(rendered, MAX_MESSAGE_RUNES);
      if (messageCut) warn('Truncated message', MAX_MESSAGE_RUNES);
      // Pushover rejects empty messages.
      params.push(['message', goTrimSpace(cut) || '(no details)']);
      const [url, urlCut] = truncateInRunes(text(c.url), MAX_URL_RUNES);
      if (urlCut) warn('Truncated URL', MAX_URL_RUNES);
      params.push(['url', url], ['url_title', text(c.url_title)], ['priority', text(c.priority)]);
      params.push(['retry', String(Math.trunc(c.retry / 1000))], ['expire', String(Math.trunc(c.expire / 1000))]);
      params.push(['device', text(c.device)], ['sound', text(c.sound)]);
      const ttl = Math.trunc(c.ttl / 1000);
      if (ttl > 0) params.push(['ttl', String(ttl)]);
    } catch (error) {
      throw new NotifyError((error as Error).message, { retryable: false, cause: error });
    }

    const url = `${this.#deps.apiURL}?${goEncodeValues(params)}`;
    let res;
    try {
      res = await this.#deps.http.request(url, {
        method: 'POST',
        headers: { 'user-agent': this.#deps.userAgent, 'content-type': 'text/plain' },
        body: '',
        signal: ctx.signal,
      });
    } catch (error) {
      // The URL carries the token and user key.
      throw new NotifyError(`Post "<redacted>": ${(error as Error).message}`, { retryable: true, cause: error });
    }
    const failure = checkHttpStatus(res.statusCode, res.body);
    if (failure !== undefined) throw failure;
  }
}

async function secretOrFile(inline: Secret | undefined, file: string, key: string): Promise<string> {
  const value = inline?.reveal() ?? '';
  if (value !== '') return value;
  try {
    // Alertmanager keeps the file's trailing newline, which Pushover rejects; trimmed here.
    return (await readFile(file, 'utf8')).trim();
  } catch (error) {
    throw new NotifyError(`read ${key}: ${(error as Error).message}`, { retryable: false, cause: error });
  }
}

/** Go's `strings.TrimSpace`: ASCII and Unicode white space at both ends. */
function goTrimSpace(s: string): string {
  return s.replace(GO_SPACE_ENDS, '');
}

const GO_SPACE_ENDS = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g;

/** Go's `url.QueryEscape` of a string or raw bytes: unreserved characters kept, space as "+", the rest %XX. */
export function goQueryEscape(s: string | Uint8Array): string {
  let out = '';
  for (const b of typeof s === 'string' ? Buffer.from(s, 'utf8') : s) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (b === 0x20) out += '+';
    else out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Go's `url.Values.Encode`: sorted by key (stable for repeated keys), `k=v` joined by "&". */
export function goEncodeValues(params: readonly (readonly [string, string])[]): string {
  return [...params]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${goQueryEscape(k)}=${goQueryEscape(v)}`)
    .join('&');
}

/**
 * Builds the Pushover notifier of one `pushover_configs` entry.
 * @param deps the shared integration dependencies; `logger` receives truncation warnings.
 * @param apiURL the messages API; tests point it at a local server.
 */
export function createPushoverNotifier(config: PushoverConfig, deps: IntegrationDeps, apiURL = PUSHOVER_API_URL): Notifier {
  return new PushoverNotifier(config, {
    http: deps.http.get(config.http_config),
    templates: deps.templates,
    externalURL: deps.externalURL,
    userAgent: deps.userAgent ?? DEFAULT_USER_AGENT,
    logger: deps.logger ?? silentNotifyLogger,
    apiURL,
  });
}
