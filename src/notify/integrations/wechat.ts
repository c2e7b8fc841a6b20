import type { Alert } from '../../alerts/alert.ts';
import type { WechatConfig } from '../../config/types.ts';
import { NotifyError, reasonForStatus } from '../notify-error.ts';
import type { NotificationContext, Notifier } from '../notifier.ts';
import { integrationRuntime } from './integration-deps.ts';
import type { IntegrationDeps, IntegrationRuntime } from './integration-deps.ts';
import { goEncodeValues } from './go-url-encode.ts';
import { templateInput } from './text-renderer.ts';
import { readSecretFile } from './secret-file.ts';
import { goJsonLine } from './chat-support.ts';
import { JSON_HEADERS, sendRequest } from './http-request.ts';

/** Alertmanager refreshes the access token after this long, or when WeChat says it expired. */
const TOKEN_LIFETIME_MS = 2 * 3_600_000;
const TOKEN_EXPIRED = 42001;


/**
 * The WeChat Work integration (Alertmanager's `notify/wechat`): fetches an access token with
 * `GET {api_url}gettoken?corpid=…&corpsecret=…` and keeps it for two hours, then POSTs the
 * message to `{api_url}message/send?access_token=…` as Go's encoder writes Alertmanager's struct
 * (`text`/`markdown` objects always present, empty recipients omitted, `safe` "0"). A non-200
 * answer is retried; `errcode` 42001 drops the token and retries; other error codes are final.
 */
export class WechatNotifier implements Notifier {
  readonly #config: WechatConfig;
  readonly #deps: IntegrationRuntime;
  #accessToken = '';
  #accessTokenAt = 0;

  constructor(config: WechatConfig, deps: IntegrationRuntime) {
    this.#config = config;
    this.#deps = deps;
  }

  async notify(ctx: NotificationContext, alerts: readonly Alert[]): Promise<void> {
    const c = this.#config;
    const input = templateInput(ctx, this.#deps.externalURL, alerts);
    const text = (s: string): string => {
      try {
        return this.#deps.templates.executeText(s, input);
      } catch (error) {
        throw new NotifyError(`templating error: ${(error as Error).message}`, { retryable: false, cause: error });
      }
    };
    if (this.#accessToken === '' || Date.now() - this.#accessTokenAt > TOKEN_LIFETIME_MS) {
      const secret = text(await this.#apiSecret());
      await this.#fetchToken(goEncodeValues([['corpsecret', secret], ['corpid', text(c.corp_id)]]), ctx.signal);
    }

    const content = { content: text(c.message) };
    const message: Record<string, unknown> = { text: c.message_type === 'markdown' ? { content: '' } : content };
    const optional: [string, string][] = [
      ['touser', text(c.to_user)],
      ['toparty', text(c.to_party)],
      ['totag', text(c.to_tag)],
      ['agentid', text(c.agent_id)],
      ['safe', '0'],
      ['msgtype', c.message_type],
    ];
    for (const [key, value] of optional) if (value !== '') message[key] = value;
    message['markdown'] = c.message_type === 'markdown' ? content : { content: '' };

    const url = this.#apiUrl('message/send');
    url.searchParams.set('access_token', this.#accessToken);
    url.search = goEncodeValues([...url.searchParams]);
    // The URL carries the access token; sendRequest hides it in errors.
    const res = await sendRequest(this.#deps.http, this.#deps.userAgent, url.toString(), {
      method: 'POST',
      headers: JSON_HEADERS,
      body: goJsonLine(message),
      signal: ctx.signal,
    });
    if (res.statusCode !== 200) {
      throw new NotifyError(`unexpected status code ${res.statusCode}`, { retryable: true, reason: reasonForStatus(res.statusCode), statusCode: res.statusCode });
    }
    let answer: { errcode?: unknown; errmsg?: unknown };
    try {
      answer = JSON.parse(res.body) as typeof answer;
    } catch (error) {
      throw new NotifyError((error as Error).message, { retryable: true, cause: error });
    }
    const code = typeof answer.errcode === 'number' ? answer.errcode : 0;
    if (code === 0) return;
    const errmsg = typeof answer.errmsg === 'string' ? answer.errmsg.slice(0, 1024) : '';
    if (code === TOKEN_EXPIRED) {
      this.#accessToken = '';
      throw new NotifyError(errmsg, { retryable: true });
    }
    throw new NotifyError(errmsg, { retryable: false });
  }

  async #fetchToken(query: string, signal: AbortSignal): Promise<void> {
    const url = this.#apiUrl('gettoken');
    url.search = query;
    // The URL carries the corp secret.
    const res = await sendRequest(this.#deps.http, this.#deps.userAgent, url.toString(), { method: 'GET', signal });
    let token: unknown;
    try {
      token = (JSON.parse(res.body) as { access_token?: unknown }).access_token;
    } catch (error) {
      throw new NotifyError((error as Error).message, { retryable: false, cause: error });
    }
    if (typeof token !== 'string' || token === '') {
      throw new NotifyError(`invalid APISecret for CorpID: ${this.#config.corp_id}`, { retryable: false });
    }
    this.#accessToken = token;
    this.#accessTokenAt = Date.now();
  }

  // `api_url` with `path` appended to its path, as Go's `u.Path += path`.
  #apiUrl(path: string): URL {
    const url = new URL(this.#config.api_url ?? '');
    url.pathname += path;
    return url;
  }

  async #apiSecret(): Promise<string> {
    const file = this.#config.api_secret_file;
    if (file === '') return this.#config.api_secret?.reveal() ?? '';
    return readSecretFile(file, 'read api_secret_file');
  }
}

/**
 * Builds the WeChat notifier of one `wechat_configs` entry; it keeps its access token between
 * notifications.
 * @param deps the shared integration dependencies.
 */
export function createWechatNotifier(config: WechatConfig, deps: IntegrationDeps): Notifier {
  return new WechatNotifier(config, integrationRuntime(deps, config.http_config, deps.logger));
}
