import { hostPort, modelDuration, secret, secretPtr, secretUrl, url } from './common.ts';
import { httpConfig, defaultHttpConfig, tlsConfig } from './http.ts';
import { bool, opt, ptr, req, str } from './kinds.ts';
import type { StructDef } from './kinds.ts';
import { zeroStruct } from '../yaml-decode.ts';

/** Alertmanager `DefaultGlobalConfig()`. */
export function defaultGlobalConfig(): Record<string, unknown> {
  return {
    ...zeroStruct(globalConfigDef),
    resolve_timeout: 5 * 60_000,
    http_config: defaultHttpConfig(),
    smtp_hello: 'localhost',
    smtp_require_tls: true,
    smtp_tls_config: zeroStruct((tlsConfig as { def: StructDef }).def),
    pagerduty_url: 'https://events.pagerduty.com/v2/enqueue',
    opsgenie_api_url: 'https://api.opsgenie.com/',
    wechat_api_url: 'https://qyapi.weixin.qq.com/cgi-bin/',
    victorops_api_url: 'https://alert.victorops.com/integrations/generic/20131114/alert/',
    telegram_api_url: 'https://api.telegram.org',
    webex_api_url: 'https://webexapis.com/v1/messages',
    rocketchat_api_url: 'https://open.rocket.chat/',
    slack_app_url: 'https://slack.com/api/chat.postMessage',
  };
}

export const globalConfigDef: StructDef = {
  go: 'config.plain',
  fields: [
    req('resolve_timeout', modelDuration),
    opt('http_config', httpConfig),
    opt('jira_api_url', url),
    opt('smtp_from', str),
    opt('smtp_hello', str),
    opt('smtp_smarthost', hostPort),
    opt('smtp_auth_username', str),
    opt('smtp_auth_password', secret),
    opt('smtp_auth_password_file', str),
    opt('smtp_auth_secret', secret),
    opt('smtp_auth_secret_file', str),
    opt('smtp_auth_identity', str),
    req('smtp_require_tls', bool),
    opt('smtp_tls_config', ptr(tlsConfig)),
    opt('smtp_force_implicit_tls', ptr(bool)),
    opt('slack_api_url', secretUrl),
    opt('slack_api_url_file', str),
    opt('slack_app_token', secret),
    opt('slack_app_token_file', str),
    opt('slack_app_url', url),
    opt('pagerduty_url', url),
    opt('opsgenie_api_url', url),
    opt('opsgenie_api_key', secret),
    opt('opsgenie_api_key_file', str),
    opt('wechat_api_url', url),
    opt('wechat_api_secret', secret),
    opt('wechat_api_secret_file', str),
    opt('wechat_api_corp_id', str),
    opt('victorops_api_url', url),
    opt('victorops_api_key', secret),
    opt('victorops_api_key_file', str),
    opt('telegram_api_url', url),
    opt('telegram_bot_token', secret),
    opt('telegram_bot_token_file', str),
    opt('webex_api_url', url),
    opt('rocketchat_api_url', url),
    opt('rocketchat_token', secretPtr),
    opt('rocketchat_token_file', str),
    opt('rocketchat_token_id', secretPtr),
    opt('rocketchat_token_id_file', str),
    opt('mattermost_webhook_url', secretUrl),
    opt('mattermost_webhook_url_file', str),
  ],
  defaults: () => defaultGlobalConfig(),
  validate: () => {},
};
