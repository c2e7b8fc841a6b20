/**
 * The parsed Alertmanager configuration (0.34 schema). Property names are the YAML keys, so the
 * documentation of alertmanager.yml applies unchanged. Conventions:
 * - durations are milliseconds (`model.Duration` and Go `time.Duration` alike);
 * - secrets are `Secret` objects that print as `<secret>`;
 * - URLs are strings as Alertmanager normalises them (Go `url.URL.String()`);
 * - an optional (`?`) property is absent where Go has a nil pointer, slice or map;
 * - defaults and inheritance from `global` are already applied, as in Alertmanager.
 */
import type { Matcher } from '../labels/matcher.ts';
import type { TimeInterval } from '../timeintervals/types.ts';
import type { Secret } from './secret.ts';

export type { Secret };

export interface Config {
  global?: GlobalConfig;
  route?: RouteConfig;
  inhibit_rules?: InhibitRuleConfig[];
  receivers?: ReceiverConfig[];
  /** Template file globs, already joined with the config file's directory. */
  templates?: string[];
  /** Deprecated alias of time_intervals. */
  mute_time_intervals?: TimeIntervalConfig[];
  time_intervals?: TimeIntervalConfig[];
  tracing: TracingConfig;
  event_recorder: EventRecorderConfig;
}

export interface GlobalConfig {
  resolve_timeout: number;
  http_config?: HttpClientConfig;
  jira_api_url?: string;
  smtp_from: string;
  smtp_hello: string;
  /** `host:port`, '' when unset. */
  smtp_smarthost: string;
  smtp_auth_username: string;
  smtp_auth_password?: Secret;
  smtp_auth_password_file: string;
  smtp_auth_secret?: Secret;
  smtp_auth_secret_file: string;
  smtp_auth_identity: string;
  smtp_require_tls: boolean;
  smtp_tls_config?: TlsConfig;
  smtp_force_implicit_tls?: boolean;
  slack_api_url?: Secret;
  slack_api_url_file: string;
  slack_app_token?: Secret;
  slack_app_token_file: string;
  slack_app_url?: string;
  pagerduty_url?: string;
  opsgenie_api_url?: string;
  opsgenie_api_key?: Secret;
  opsgenie_api_key_file: string;
  wechat_api_url?: string;
  wechat_api_secret?: Secret;
  wechat_api_secret_file: string;
  wechat_api_corp_id: string;
  victorops_api_url?: string;
  victorops_api_key?: Secret;
  victorops_api_key_file: string;
  telegram_api_url?: string;
  telegram_bot_token?: Secret;
  telegram_bot_token_file: string;
  webex_api_url?: string;
  rocketchat_api_url?: string;
  rocketchat_token?: Secret;
  rocketchat_token_file: string;
  rocketchat_token_id?: Secret;
  rocketchat_token_id_file: string;
  mattermost_webhook_url?: Secret;
  mattermost_webhook_url_file: string;
}

export interface RouteConfig {
  receiver: string;
  /** As written; `['...']` means group by all labels; `[]` explicitly disables the parent's grouping. */
  group_by?: string[];
  /** Deprecated equality matchers. */
  match?: Record<string, string>;
  /** Deprecated regex matchers: label → the regex as written (anchored when used). */
  match_re?: Record<string, string>;
  /** Parsed and sorted as Alertmanager sorts them. */
  matchers?: Matcher[];
  mute_time_intervals?: string[];
  active_time_intervals?: string[];
  continue: boolean;
  routes?: RouteConfig[];
  group_wait?: number;
  group_interval?: number;
  repeat_interval?: number;
  /** 0.34: label name → template string. */
  labels?: Record<string, string>;
}

export interface InhibitRuleConfig {
  name: string;
  source_match?: Record<string, string>;
  source_match_re?: Record<string, string>;
  source_matchers?: Matcher[];
  target_match?: Record<string, string>;
  target_match_re?: Record<string, string>;
  target_matchers?: Matcher[];
  equal?: string[];
}

export interface TimeIntervalConfig {
  name: string;
  /** Parsed by src/timeintervals; evaluate with its functions. */
  time_intervals?: TimeInterval[];
}

export interface TracingConfig {
  client_type: string;
  endpoint: string;
  sampling_fraction: number;
  insecure: boolean;
  tls_config?: TlsConfig;
  headers?: Record<string, HttpHeader>;
  compression: string;
  timeout: number;
}

export interface EventRecorderConfig {
  file_outputs?: { path: string }[];
  webhook_outputs?: EventWebhookOutput[];
  kafka_outputs?: EventKafkaOutput[];
  stdout_outputs?: Record<string, never>[];
}

export interface EventWebhookOutput {
  url?: Secret;
  http_config?: HttpClientConfig;
  timeout: number;
  workers: number;
  max_retries: number;
  retry_backoff: number;
  batch: boolean;
  batch_max_events: number;
  batch_max_bytes: number;
  batch_flush_interval: number;
}

export interface EventKafkaOutput {
  brokers?: string[];
  topic: string;
  client_id: string;
  format: string;
  acks: string;
  compression: string;
  buffer_size: number;
  tls_config?: TlsConfig;
}

export interface ReceiverConfig {
  name: string;
  /** 0.33+: always holds `name` = the receiver name after loading. */
  labels?: Record<string, string>;
  discord_configs?: DiscordConfig[];
  email_configs?: EmailConfig[];
  incidentio_configs?: IncidentioConfig[];
  pagerduty_configs?: PagerdutyConfig[];
  slack_configs?: SlackConfig[];
  webhook_configs?: WebhookConfig[];
  opsgenie_configs?: OpsGenieConfig[];
  wechat_configs?: WechatConfig[];
  pushover_configs?: PushoverConfig[];
  victorops_configs?: VictorOpsConfig[];
  sns_configs?: SnsConfig[];
  telegram_configs?: TelegramConfig[];
  webex_configs?: WebexConfig[];
  msteams_configs?: MsTeamsConfig[];
  msteamsv2_configs?: MsTeamsV2Config[];
  jira_configs?: JiraConfig[];
  rocketchat_configs?: RocketchatConfig[];
  mattermost_configs?: MattermostConfig[];
}

/** Fields every integration has. `http_config` is filled from global.http_config when absent. */
export interface NotifierConfig {
  send_resolved: boolean;
  http_config?: HttpClientConfig;
}

export interface WebhookConfig extends NotifierConfig {
  /** May contain template syntax (0.31+). */
  url?: Secret;
  url_file: string;
  max_alerts: number;
  timeout: number;
  payload?: unknown;
}

export interface EmailConfig extends NotifierConfig {
  to: string;
  from: string;
  hello: string;
  smarthost: string;
  auth_username: string;
  auth_password?: Secret;
  auth_password_file: string;
  auth_secret?: Secret;
  auth_secret_file: string;
  auth_identity: string;
  /** Keys canonicalised (Go textproto.CanonicalMIMEHeaderKey). */
  headers?: Record<string, string>;
  html: string;
  text: string;
  require_tls?: boolean;
  tls_config?: TlsConfig;
  force_implicit_tls?: boolean;
  threading: { enabled: boolean; thread_by_date: string };
}

export interface PagerdutyConfig extends NotifierConfig {
  service_key?: Secret;
  service_key_file: string;
  routing_key?: Secret;
  routing_key_file: string;
  url?: string;
  client: string;
  client_url: string;
  description: string;
  details?: Record<string, unknown>;
  images?: { src: string; alt: string; href: string }[];
  links?: { href: string; text: string }[];
  source: string;
  severity: string;
  class: string;
  component: string;
  group: string;
  timeout: number;
}

export interface SlackField {
  title: string;
  value: string;
  short?: boolean;
}

export interface SlackAction {
  type: string;
  text: string;
  url: string;
  style: string;
  name: string;
  value: string;
  confirm?: { text: string; title: string; ok_text: string; dismiss_text: string };
}

export interface SlackConfig extends NotifierConfig {
  api_url?: Secret;
  api_url_file: string;
  app_token?: Secret;
  app_token_file: string;
  app_url?: string;
  channel: string;
  username: string;
  color: string;
  title: string;
  title_link: string;
  pretext: string;
  text: string;
  message_text: string;
  fields?: (SlackField | undefined)[];
  short_fields: boolean;
  footer: string;
  fallback: string;
  callback_id: string;
  icon_emoji: string;
  icon_url: string;
  image_url: string;
  thumb_url: string;
  link_names: boolean;
  mrkdwn_in?: string[];
  actions?: (SlackAction | undefined)[];
  update_message: boolean;
  timeout: number;
}

export interface OpsGenieResponder {
  id: string;
  name: string;
  username: string;
  type: string;
}

export interface OpsGenieConfig extends NotifierConfig {
  api_key?: Secret;
  api_key_file: string;
  api_url?: string;
  message: string;
  description: string;
  source: string;
  details?: Record<string, string>;
  entity: string;
  responders?: OpsGenieResponder[];
  actions: string;
  tags: string;
  note: string;
  priority: string;
  update_alerts: boolean;
}

export interface WechatConfig extends NotifierConfig {
  api_secret?: Secret;
  api_secret_file: string;
  corp_id: string;
  message: string;
  api_url?: string;
  to_user: string;
  to_party: string;
  to_tag: string;
  agent_id: string;
  message_type: string;
}

export interface VictorOpsConfig extends NotifierConfig {
  api_key?: Secret;
  api_key_file: string;
  api_url?: string;
  routing_key: string;
  message_type: string;
  state_message: string;
  entity_display_name: string;
  monitoring_tool: string;
  custom_fields?: Record<string, string>;
}

export interface PushoverConfig extends NotifierConfig {
  user_key?: Secret;
  user_key_file: string;
  token?: Secret;
  token_file: string;
  title: string;
  message: string;
  url: string;
  url_title: string;
  device: string;
  sound: string;
  priority: string;
  retry: number;
  expire: number;
  ttl: number;
  html: boolean;
  monospace: boolean;
}

export interface SigV4Config {
  region: string;
  access_key: string;
  secret_key?: Secret;
  profile: string;
  role_arn: string;
  external_id: string;
  use_fips_sts_endpoint: boolean;
  service_name: string;
}

export interface SnsConfig extends NotifierConfig {
  api_url: string;
  sigv4: SigV4Config;
  topic_arn: string;
  phone_number: string;
  target_arn: string;
  subject: string;
  message: string;
  attributes?: Record<string, string>;
  use_aws_http_client: boolean;
}

export interface TelegramConfig extends NotifierConfig {
  api_url?: string;
  bot_token?: Secret;
  bot_token_file: string;
  chat_id: number;
  chat_id_file: string;
  message_thread_id: number;
  message: string;
  disable_notifications: boolean;
  parse_mode: string;
}

export interface DiscordConfig extends NotifierConfig {
  webhook_url?: Secret;
  webhook_url_file: string;
  content: string;
  title: string;
  message: string;
  username: string;
  avatar_url: string;
}

export interface WebexConfig extends NotifierConfig {
  api_url?: string;
  message: string;
  room_id: string;
}

export interface MsTeamsConfig extends NotifierConfig {
  webhook_url?: Secret;
  webhook_url_file: string;
  title: string;
  summary: string;
  text: string;
}

export interface MsTeamsV2Config extends NotifierConfig {
  webhook_url?: Secret;
  webhook_url_file: string;
  title: string;
  text: string;
}

export interface JiraFieldConfig {
  template: string;
  enable_update?: boolean;
}

export interface JiraConfig extends NotifierConfig {
  api_url?: string;
  api_type: string;
  project: string;
  summary: JiraFieldConfig;
  description: JiraFieldConfig;
  labels?: string[];
  priority: string;
  issue_type: string;
  reopen_transition: string;
  resolve_transition: string;
  wont_fix_resolution: string;
  reopen_duration: number;
  fields?: Record<string, unknown>;
}

export interface RocketchatConfig extends NotifierConfig {
  api_url?: string;
  token_id?: Secret;
  token_id_file: string;
  token?: Secret;
  token_file: string;
  channel: string;
  color: string;
  title: string;
  title_link: string;
  text: string;
  fields?: ({ short?: boolean; title: string; value: string } | undefined)[];
  short_fields: boolean;
  emoji: string;
  icon_url: string;
  image_url: string;
  thumb_url: string;
  link_names: boolean;
  actions?: (Record<string, unknown> | undefined)[];
}

export interface IncidentioConfig extends NotifierConfig {
  url?: string;
  url_file: string;
  alert_source_token?: Secret;
  alert_source_token_file: string;
  max_alerts: number;
  timeout: number;
}

export interface MattermostField {
  title: string;
  value: string;
  short?: boolean;
}

export interface MattermostAttachment {
  fallback: string;
  color: string;
  pretext: string;
  text: string;
  author_name: string;
  author_link: string;
  author_icon: string;
  title: string;
  title_link: string;
  fields?: (MattermostField | undefined)[];
  thumb_url: string;
  footer: string;
  footer_icon: string;
  image_url: string;
}

/** The top-level message fields are those of an attachment, plus where and as whom to post. */
export interface MattermostConfig extends NotifierConfig, MattermostAttachment {
  webhook_url?: Secret;
  webhook_url_file: string;
  channel: string;
  username: string;
  icon_url: string;
  icon_emoji: string;
  attachments?: (MattermostAttachment | undefined)[];
  type: string;
  props?: { card: string };
  priority?: { priority: string; requested_ack: boolean; persistent_notifications: boolean };
}

/** prometheus/common `HTTPClientConfig`. */
export interface HttpClientConfig {
  basic_auth?: BasicAuth;
  authorization?: Authorization;
  oauth2?: OAuth2Config;
  /** Legacy; moved into `authorization` by validation. */
  bearer_token?: Secret;
  bearer_token_file: string;
  tls_config: TlsConfig;
  follow_redirects: boolean;
  enable_http2: boolean;
  proxy_url?: string;
  no_proxy: string;
  proxy_from_environment: boolean;
  proxy_connect_header?: Record<string, Secret[]>;
  http_headers?: Record<string, HttpHeader>;
}

export interface BasicAuth {
  username: string;
  username_file: string;
  username_ref: string;
  password?: Secret;
  password_file: string;
  password_ref: string;
}

export interface Authorization {
  type: string;
  credentials?: Secret;
  credentials_file: string;
  credentials_ref: string;
}

export interface OAuth2Config {
  client_id: string;
  client_secret?: Secret;
  client_secret_file: string;
  client_secret_ref: string;
  client_certificate_key_id: string;
  client_certificate_key?: Secret;
  client_certificate_key_file: string;
  client_certificate_key_ref: string;
  grant_type: string;
  signature_algorithm: string;
  iss: string;
  audience: string;
  claims?: Record<string, unknown>;
  scopes?: string[];
  token_url: string;
  endpoint_params?: Record<string, string>;
  tls_config: TlsConfig;
  proxy_url?: string;
  no_proxy: string;
  proxy_from_environment: boolean;
  proxy_connect_header?: Record<string, Secret[]>;
}

export interface TlsConfig {
  ca: string;
  cert: string;
  key?: Secret;
  ca_file: string;
  cert_file: string;
  key_file: string;
  ca_ref: string;
  cert_ref: string;
  key_ref: string;
  server_name: string;
  insecure_skip_verify: boolean;
  /** 'TLS10' … 'TLS13'. */
  min_version?: string;
  max_version?: string;
}

export interface HttpHeader {
  values?: string[];
  secrets?: Secret[];
  files?: string[];
}
