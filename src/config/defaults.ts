import { AmValidationError } from './errors.ts';
import { formatGoUrl, parseGoUrl } from './go-url.ts';
import { Secret, isSet } from './secret.ts';
import type { GlobalConfig, HttpClientConfig, NotifierConfig, ReceiverConfig, SlackConfig } from './types.ts';

/**
 * Alertmanager's `dispatch.DefaultRouteOpts`: the root route's timings when it sets none (children
 * inherit from their parent). Like Alertmanager, the loaded config keeps the timings as written.
 */
export const DEFAULT_ROUTE_TIMINGS = { group_wait: 30_000, group_interval: 5 * 60_000, repeat_interval: 4 * 3_600_000 };

/**
 * The per-receiver half of Alertmanager's `Config.UnmarshalYAML`: fills integrations from `global`
 * (http_config, SMTP settings, API URLs and keys) and rejects the ones left without a required
 * credential. Runs receiver by receiver, integration kind by integration kind, as Go does, so the
 * first error is the same one Alertmanager reports.
 */
export function inheritFromGlobal(rcv: ReceiverConfig, g: GlobalConfig): void {
  const http = g.http_config as HttpClientConfig;
  const withHttp = (c: NotifierConfig): void => {
    c.http_config ??= http;
  };
  const each = <T extends object>(list: (T | undefined)[] | undefined, missing: string | undefined, fn: (c: T) => void): void => {
    for (const c of list ?? []) {
      if (c === undefined) {
        // Some Go loops replace a nil entry by an empty local config (and then usually fail on it).
        if (missing !== undefined) throw new AmValidationError(missing, undefined, rcv);
        fn({} as T);
        continue;
      }
      try {
        fn(c);
      } catch (err) {
        if (err instanceof AmValidationError && err.target === undefined) {
          throw new AmValidationError(err.message, err.field, c);
        }
        throw err;
      }
    }
  };

  each(rcv.webhook_configs, 'missing webhook config', withHttp);
  each(rcv.email_configs, 'missing email config', (ec) => {
    ec.tls_config ??= g.smtp_tls_config;
    if (ec.smarthost === '') ec.smarthost = g.smtp_smarthost;
    if (ec.smarthost === '') throw new AmValidationError('no global SMTP smarthost set');
    if (ec.from === '') ec.from = g.smtp_from;
    if (ec.from === '') throw new AmValidationError('no global SMTP from set');
    if (ec.hello === '') ec.hello = g.smtp_hello;
    if (ec.auth_username === '') ec.auth_username = g.smtp_auth_username;
    if (!isSet(ec.auth_password) && ec.auth_password_file === '') {
      ec.auth_password = g.smtp_auth_password;
      ec.auth_password_file = g.smtp_auth_password_file;
    }
    if (!isSet(ec.auth_secret)) ec.auth_secret = g.smtp_auth_secret;
    if (ec.auth_secret_file === '') ec.auth_secret_file = g.smtp_auth_secret_file;
    if (ec.auth_identity === '') ec.auth_identity = g.smtp_auth_identity;
    ec.require_tls ??= g.smtp_require_tls;
    ec.force_implicit_tls ??= g.smtp_force_implicit_tls;
  });
  each(rcv.slack_configs, undefined, (sc) => inheritSlack(sc as SlackConfig, g, http));
  each(rcv.pushover_configs, 'missing pushover config', withHttp);
  each(rcv.pagerduty_configs, 'missing pagerduty config', (c) => {
    withHttp(c);
    c.url ??= g.pagerduty_url;
    if (c.url === undefined) throw new AmValidationError('no global PagerDuty URL set');
  });
  each(rcv.incidentio_configs, 'missing incidentio config', withHttp);
  each(rcv.opsgenie_configs, undefined, (c) => {
    withHttp(c);
    c.api_url = withTrailingSlash(c.api_url, g, 'opsgenie_api_url');
    if (c.api_url === undefined) throw new AmValidationError('no global OpsGenie URL set');
    if (!isSet(c.api_key)) c.api_key = g.opsgenie_api_key;
    if (!c.api_key_file) c.api_key_file = g.opsgenie_api_key_file;
    if (!isSet(c.api_key) && !c.api_key_file) {
      throw new AmValidationError('no global OpsGenie API Key set either inline or in a file');
    }
  });
  each(rcv.wechat_configs, undefined, (c) => {
    withHttp(c);
    const inherited = c.api_url === undefined;
    c.api_url ??= g.wechat_api_url;
    if (c.api_url === undefined) throw new AmValidationError('no global Wechat URL set');
    if (!isSet(c.api_secret) && !c.api_secret_file) {
      if (!isSet(g.wechat_api_secret) && g.wechat_api_secret_file === '') {
        throw new AmValidationError('no global Wechat Api Secret set either inline or in a file');
      }
      c.api_secret = g.wechat_api_secret;
      c.api_secret_file = g.wechat_api_secret_file;
    }
    if (!c.corp_id) c.corp_id = g.wechat_api_corp_id;
    if (!c.corp_id) throw new AmValidationError('no global Wechat CorpID set');
    c.api_url = withTrailingSlash(inherited ? undefined : c.api_url, g, 'wechat_api_url');
  });
  each(rcv.victorops_configs, 'missing victorops config', (c) => {
    withHttp(c);
    c.api_url = withTrailingSlash(c.api_url, g, 'victorops_api_url');
    if (c.api_url === undefined) throw new AmValidationError('no global VictorOps URL set');
    if (!isSet(c.api_key)) c.api_key = g.victorops_api_key;
    if (c.api_key_file === '') c.api_key_file = g.victorops_api_key_file;
    if (!isSet(c.api_key) && c.api_key_file === '') throw new AmValidationError('no global VictorOps API Key set');
  });
  each(rcv.sns_configs, 'missing sns config', withHttp);
  each(rcv.telegram_configs, 'missing telegram config', (c) => {
    withHttp(c);
    c.api_url ??= g.telegram_api_url;
    if (!isSet(c.bot_token) && c.bot_token_file === '') {
      if (!isSet(g.telegram_bot_token) && g.telegram_bot_token_file === '') {
        throw new AmValidationError('missing bot_token or bot_token_file on telegram_config');
      }
      c.bot_token = g.telegram_bot_token;
      c.bot_token_file = g.telegram_bot_token_file;
    }
  });
  each(rcv.discord_configs, 'missing discord config', (c) => {
    withHttp(c);
    if (c.webhook_url === undefined && c.webhook_url_file === '') {
      throw new AmValidationError('no discord webhook URL or URLFile provided');
    }
  });
  each(rcv.webex_configs, 'missing webex config', (c) => {
    withHttp(c);
    c.api_url ??= g.webex_api_url;
    if (c.api_url === undefined) throw new AmValidationError('no global Webex URL set');
  });
  each(rcv.msteams_configs, 'missing msteams config', (c) => {
    withHttp(c);
    if (c.webhook_url === undefined && c.webhook_url_file === '') {
      throw new AmValidationError('no msteams webhook URL or URLFile provided');
    }
  });
  each(rcv.msteamsv2_configs, 'missing msteamsv2 config', (c) => {
    if (c.http_config === undefined) c.http_config = { ...http };
    else if (c.http_config.proxy_url === undefined) c.http_config.proxy_url = http.proxy_url;
    if (c.webhook_url === undefined && c.webhook_url_file === '') {
      throw new AmValidationError('no msteamsv2 webhook URL or URLFile provided');
    }
  });
  each(rcv.jira_configs, 'missing jira config', (c) => {
    withHttp(c);
    c.api_url ??= g.jira_api_url;
    if (c.api_url === undefined) throw new AmValidationError('no global Jira Cloud URL set');
  });
  each(rcv.rocketchat_configs, undefined, (c) => {
    withHttp(c);
    c.api_url ??= g.rocketchat_api_url;
    c.token_id ??= g.rocketchat_token_id;
    if (!c.token_id_file) c.token_id_file = g.rocketchat_token_id_file;
    if (c.token_id === undefined && !c.token_id_file) {
      throw new AmValidationError('no global Rocketchat TokenID set either inline or in a file');
    }
    c.token ??= g.rocketchat_token;
    if (!c.token_file) c.token_file = g.rocketchat_token_file;
    if (c.token === undefined && !c.token_file) {
      throw new AmValidationError('no global Rocketchat Token set either inline or in a file');
    }
  });
  each(rcv.mattermost_configs, 'missing mattermost config', (c) => {
    withHttp(c);
    if (c.webhook_url === undefined && c.webhook_url_file === '') {
      if (g.mattermost_webhook_url === undefined && g.mattermost_webhook_url_file === '') {
        throw new AmValidationError('missing webhook_url or webhook_url_file on mattermost_config');
      }
      c.webhook_url = g.mattermost_webhook_url;
      c.webhook_url_file = g.mattermost_webhook_url_file;
    }
  });
}

function inheritSlack(sc: SlackConfig, g: GlobalConfig, http: HttpClientConfig): void {
  sc.app_url ??= g.slack_app_url;
  if (sc.app_url === undefined) throw new AmValidationError('no global Slack App URL set');
  const hasToken = (): boolean => isSet(sc.app_token) || Boolean(sc.app_token_file);
  // The global app token only applies when the receiver brings no credentials of its own.
  if (!hasToken() && sc.http_config?.authorization === undefined && sc.api_url === undefined) {
    sc.app_token = g.slack_app_token;
    sc.app_token_file = g.slack_app_token_file;
  }
  if (sc.api_url === undefined && !sc.api_url_file) {
    sc.api_url = g.slack_api_url;
    sc.api_url_file = g.slack_api_url_file;
  }
  if (sc.api_url === undefined && !sc.api_url_file && !hasToken()) {
    throw new AmValidationError('no Slack API URL nor App token set either inline or in a file');
  }
  sc.http_config = sc.http_config === undefined ? { ...http } : sc.http_config;
  if (hasToken()) {
    if (sc.http_config.authorization !== undefined) {
      throw new AmValidationError("http authorization can't be set when using Slack App tokens");
    }
    sc.http_config.authorization = {
      type: 'Bearer',
      credentials: sc.app_token,
      credentials_file: sc.app_token_file ?? '',
      credentials_ref: '',
    };
    sc.api_url = new Secret(sc.app_url);
  }
}

type UrlKey = 'opsgenie_api_url' | 'wechat_api_url' | 'victorops_api_url';

/**
 * `cmp.Or(c.APIURL, global)` then `APIURL.Path += "/"`: in Go the inherited URL is the global's own
 * pointer, so the slash lands on the global value as well.
 */
function withTrailingSlash(own: string | undefined, g: GlobalConfig, key: UrlKey): string | undefined {
  const value = own ?? g[key];
  if (value === undefined) return undefined;
  const u = parseGoUrl(value);
  if (u.path.endsWith('/')) return value;
  u.path += '/';
  const fixed = formatGoUrl(u);
  if (own === undefined) g[key] = fixed;
  return fixed;
}
