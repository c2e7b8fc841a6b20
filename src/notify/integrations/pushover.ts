import type { Alert } from '../../alerts/alert.ts';
import type { PushoverConfig } from '../../config/types.ts';
import { checkHttpStatus } from '../http-status.ts';
import { NotifyError } from '../notify-error.ts';
import type { NotificationContext, Notifier } from '../notifier.ts';
import { integrationRuntime } from './integration-deps.ts';
import type { IntegrationDeps, IntegrationRuntime } from './integration-deps.ts';
import { templateInput } from './text-renderer.ts';
import { truncateInRunes } from './truncate.ts';
import { nonEmptySecretOrFile } from './secret-file.ts';
import { sendRequest } from './http-request.ts';
import { goEncodeValues } from './go-url-encode.ts';

/** Pushover's message API; fixed in Alertmanager too. */
export const PUSHOVER_API_URL = 'https://api.pushover.net/1/messages.json';

// https://pushover.net/api#limits
const MAX_TITLE_RUNES = 250;
const MAX_MESSAGE_RUNES = 1024;
const MAX_URL_RUNES = 512;

interface PushoverDeps extends IntegrationRuntime {
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
    const token = await nonEmptySecretOrFile(c.token, c.token_file, 'token_file');
    const user = await nonEmptySecretOrFile(c.user_key, c.user_key_file, 'user_key_file');

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
    // The URL carries the token and user key; sendRequest hides it in errors.
    const res = await sendRequest(this.#deps.http, this.#deps.userAgent, url, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: '',
      signal: ctx.signal,
    });
    const failure = checkHttpStatus(res.statusCode, res.body);
    if (failure !== undefined) throw failure;
  }
}

/** Go's `strings.TrimSpace`: ASCII and Unicode white space at both ends. */
function goTrimSpace(s: string): string {
  return s.replace(GO_SPACE_ENDS, '');
}

const GO_SPACE_ENDS = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g;

/**
 * Builds the Pushover notifier of one `pushover_configs` entry.
 * @param deps the shared integration dependencies; `logger` receives truncation warnings.
 * @param apiURL the messages API; tests point it at a local server.
 */
export function createPushoverNotifier(config: PushoverConfig, deps: IntegrationDeps, apiURL = PUSHOVER_API_URL): Notifier {
  return new PushoverNotifier(config, { ...integrationRuntime(deps, config.http_config, deps.logger), apiURL });
}
