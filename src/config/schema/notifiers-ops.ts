/** Paging, ticketing and generic integrations: webhook, email, PagerDuty, OpsGenie, VictorOps, Pushover, SNS, Jira, incident.io. */
import { AmValidationError } from '../errors.ts';
import { goQuote } from '../../labels/go-quote.ts';
import { isSet } from '../secret.ts';
import type {
  EmailConfig,
  IncidentioConfig,
  JiraConfig,
  OpsGenieConfig,
  PagerdutyConfig,
  PushoverConfig,
  SnsConfig,
  VictorOpsConfig,
  WebhookConfig,
} from '../types.ts';
import { hostPort, modelDuration, secret, secretTemplateUrl, textGoDuration, url } from './common.ts';
import { canonicalHeaderKey, tlsConfig } from './http.ts';
import { any, bool, goDuration, list, opt, ptr, req, str, strList, strMap, struct, uint64 } from './kinds.ts';
import type { Kind, StructDef } from './kinds.ts';
import { notifierFields } from './notifiers-chat.ts';

const tmpl = (name: string): string => `{{ template "${name}" . }}`;
const anyMap: Kind = { t: 'map', value: any, go: 'map[string]interface {}' };

export const webhookConfigDef: StructDef = {
  go: 'webhook.plain',
  fields: [
    ...notifierFields(),
    opt('url', secretTemplateUrl),
    req('url_file', str),
    req('max_alerts', uint64),
    req('timeout', goDuration),
    opt('payload', any),
  ],
  defaults: () => ({ send_resolved: true, url_file: '', max_alerts: 0, timeout: 0 }),
  validate: (v) => {
    const c = v as unknown as WebhookConfig;
    if (c.url === undefined && c.url_file === '') throw new AmValidationError('one of url or url_file must be configured');
    if (c.url !== undefined && c.url_file !== '') {
      throw new AmValidationError('at most one of url & url_file must be configured');
    }
  },
};

export const emailConfigDef: StructDef = {
  go: 'config.plain',
  fields: [
    req('send_resolved', bool),
    opt('to', str),
    opt('from', str),
    opt('hello', str),
    opt('smarthost', hostPort),
    opt('auth_username', str),
    opt('auth_password', secret),
    opt('auth_password_file', str),
    opt('auth_secret', secret),
    opt('auth_secret_file', str),
    opt('auth_identity', str),
    opt('headers', strMap),
    opt('html', str),
    opt('text', str),
    opt('require_tls', ptr(bool)),
    opt('tls_config', ptr(tlsConfig)),
    opt('force_implicit_tls', ptr(bool)),
    opt(
      'threading',
      struct({ go: 'config.ThreadingConfig', fields: [opt('enabled', bool), opt('thread_by_date', str)] }),
    ),
  ],
  defaults: () => ({
    send_resolved: false,
    to: '',
    from: '',
    hello: '',
    smarthost: '',
    auth_username: '',
    auth_password_file: '',
    auth_secret_file: '',
    auth_identity: '',
    html: tmpl('email.default.html'),
    text: '',
    threading: { enabled: false, thread_by_date: '' },
  }),
  validate: (v) => {
    const c = v as unknown as EmailConfig;
    if (c.to === '') throw new AmValidationError('missing to address in email config');
    const normalized: Record<string, string> = {};
    for (const [h, value] of Object.entries(c.headers ?? {})) {
      const key = canonicalHeaderKey(h);
      if (Object.hasOwn(normalized, key)) throw new AmValidationError(`duplicate header ${goQuote(key)} in email config`);
      normalized[key] = value;
    }
    c.headers = normalized;
    if (c.threading.enabled) {
      if (Object.hasOwn(normalized, 'References')) {
        throw new AmValidationError('conflicting configuration: threading.enabled conflicts with custom References header');
      }
      if (Object.hasOwn(normalized, 'In-Reply-To')) {
        throw new AmValidationError('conflicting configuration: threading.enabled conflicts with custom In-Reply-To header');
      }
      if (!['none', 'daily'].includes(c.threading.thread_by_date)) {
        throw new AmValidationError("threading.thread_by_date must be either 'none' or 'daily'");
      }
    }
  },
};

const DEFAULT_PAGERDUTY_DETAILS: Record<string, string> = {
  firing: '{{ .Alerts.Firing | toJson }}',
  resolved: '{{ .Alerts.Resolved | toJson }}',
  num_firing: '{{ .Alerts.Firing | len }}',
  num_resolved: '{{ .Alerts.Resolved | len }}',
};

export const pagerdutyConfigDef: StructDef = {
  go: 'pagerduty.plain',
  fields: [
    ...notifierFields(),
    opt('service_key', secret),
    opt('service_key_file', str),
    opt('routing_key', secret),
    opt('routing_key_file', str),
    opt('url', url),
    opt('client', str),
    opt('client_url', str),
    opt('description', str),
    opt('details', anyMap),
    opt(
      'images',
      list(
        struct({ go: 'pagerduty.PagerdutyImage', fields: [opt('src', str), opt('alt', str), opt('href', str)] }),
        '[]pagerduty.PagerdutyImage',
      ),
    ),
    opt('links', list(struct({ go: 'pagerduty.PagerdutyLink', fields: [opt('href', str), opt('text', str)] }), '[]pagerduty.PagerdutyLink')),
    ...['source', 'severity', 'class', 'component', 'group'].map((k) => opt(k, str)),
    req('timeout', goDuration),
  ],
  defaults: () => ({
    send_resolved: true,
    service_key_file: '',
    routing_key_file: '',
    client: tmpl('pagerduty.default.client'),
    client_url: tmpl('pagerduty.default.clientURL'),
    description: '{{ template "pagerduty.default.description" .}}',
    source: '',
    severity: '',
    class: '',
    component: '',
    group: '',
    timeout: 0,
  }),
  validate: (v) => {
    const c = v as unknown as PagerdutyConfig;
    if (!isSet(c.routing_key) && !isSet(c.service_key) && c.routing_key_file === '' && c.service_key_file === '') {
      throw new AmValidationError('missing service or routing key in PagerDuty config');
    }
    if (isSet(c.routing_key) && c.routing_key_file !== '') {
      throw new AmValidationError('at most one of routing_key & routing_key_file must be configured');
    }
    if (isSet(c.service_key) && c.service_key_file !== '') {
      throw new AmValidationError('at most one of service_key & service_key_file must be configured');
    }
    c.details ??= {};
    if (c.source === '') c.source = c.client;
    for (const [k, d] of Object.entries(DEFAULT_PAGERDUTY_DETAILS)) {
      if (!Object.hasOwn(c.details, k)) c.details[k] = d;
    }
  },
};

const opsgenieResponderDef: StructDef = {
  go: 'opsgenie.OpsGenieConfigResponder',
  fields: [opt('id', str), opt('name', str), opt('username', str), opt('type', str)],
};

export const opsgenieConfigDef: StructDef = {
  go: 'opsgenie.plain',
  fields: [
    ...notifierFields(),
    opt('api_key', secret),
    opt('api_key_file', str),
    opt('api_url', url),
    opt('message', str),
    opt('description', str),
    opt('source', str),
    opt('details', strMap),
    opt('entity', str),
    opt('responders', list(struct(opsgenieResponderDef), '[]opsgenie.OpsGenieConfigResponder')),
    ...['actions', 'tags', 'note', 'priority'].map((k) => opt(k, str)),
    opt('update_alerts', bool),
  ],
  defaults: () => ({
    send_resolved: true,
    api_key_file: '',
    message: tmpl('opsgenie.default.message'),
    description: tmpl('opsgenie.default.description'),
    source: tmpl('opsgenie.default.source'),
    entity: '',
    actions: '',
    tags: '',
    note: '',
    priority: '',
    update_alerts: false,
  }),
  validate: (v) => {
    const c = v as unknown as OpsGenieConfig;
    if (isSet(c.api_key) && c.api_key_file !== '') {
      throw new AmValidationError('at most one of api_key & api_key_file must be configured');
    }
    for (const r of c.responders ?? []) {
      const shown = `{${r.id} ${r.name} ${r.username} ${r.type}}`;
      if (r.id === '' && r.username === '' && r.name === '') {
        throw new AmValidationError(
          `opsGenieConfig responder ${shown} has to have at least one of id, username or name specified`,
        );
      }
      // Go lowercases a copy of the responder: the message shows it, the config keeps the original.
      const type = r.type.toLowerCase();
      if (!r.type.includes('{{') && !/^(team|teams|user|escalation|schedule)$/.test(type)) {
        throw new AmValidationError(
          `opsGenieConfig responder {${r.id} ${r.name} ${r.username} ${type}} type does not match valid options ^(team|teams|user|escalation|schedule)$`,
        );
      }
    }
  },
};

const VICTOROPS_RESERVED = [
  'routing_key',
  'message_type',
  'state_message',
  'entity_display_name',
  'monitoring_tool',
  'entity_id',
  'entity_state',
];

export const victoropsConfigDef: StructDef = {
  go: 'config.plain',
  fields: [
    ...notifierFields(),
    opt('api_key', secret),
    opt('api_key_file', str),
    req('api_url', url),
    req('routing_key', str),
    req('message_type', str),
    req('state_message', str),
    req('entity_display_name', str),
    req('monitoring_tool', str),
    opt('custom_fields', strMap),
  ],
  defaults: () => ({
    send_resolved: true,
    api_key_file: '',
    routing_key: '',
    message_type: 'CRITICAL',
    state_message: tmpl('victorops.default.state_message'),
    entity_display_name: tmpl('victorops.default.entity_display_name'),
    monitoring_tool: tmpl('victorops.default.monitoring_tool'),
  }),
  validate: (v) => {
    const c = v as unknown as VictorOpsConfig;
    if (c.routing_key === '') throw new AmValidationError('missing Routing key in VictorOps config');
    if (isSet(c.api_key) && c.api_key_file !== '') {
      throw new AmValidationError('at most one of api_key & api_key_file must be configured');
    }
    for (const f of VICTOROPS_RESERVED) {
      if (c.custom_fields && Object.hasOwn(c.custom_fields, f)) {
        throw new AmValidationError(
          `victorOps config contains custom field ${f} which cannot be used as it conflicts with the fixed/static fields`,
        );
      }
    }
  },
};

export const pushoverConfigDef: StructDef = {
  go: 'config.plain',
  fields: [
    ...notifierFields(),
    opt('user_key', secret),
    opt('user_key_file', str),
    opt('token', secret),
    opt('token_file', str),
    ...['title', 'message', 'url', 'url_title', 'device', 'sound', 'priority'].map((k) => opt(k, str)),
    opt('retry', textGoDuration),
    opt('expire', textGoDuration),
    opt('ttl', textGoDuration),
    opt('html', bool),
    opt('monospace', bool),
  ],
  defaults: () => ({
    send_resolved: true,
    user_key_file: '',
    token_file: '',
    title: tmpl('pushover.default.title'),
    message: tmpl('pushover.default.message'),
    url: tmpl('pushover.default.url'),
    url_title: '',
    device: '',
    sound: '',
    priority: '{{ if eq .Status "firing" }}2{{ else }}0{{ end }}',
    retry: 60_000,
    expire: 3_600_000,
    ttl: 0,
    html: false,
    monospace: false,
  }),
  validate: (v) => {
    const c = v as unknown as PushoverConfig;
    if (!isSet(c.user_key) && c.user_key_file === '') {
      throw new AmValidationError('one of user_key or user_key_file must be configured');
    }
    if (isSet(c.user_key) && c.user_key_file !== '') {
      throw new AmValidationError('at most one of user_key & user_key_file must be configured');
    }
    if (!isSet(c.token) && c.token_file === '') throw new AmValidationError('one of token or token_file must be configured');
    if (isSet(c.token) && c.token_file !== '') {
      throw new AmValidationError('at most one of token & token_file must be configured');
    }
    if (c.html && c.monospace) throw new AmValidationError('at most one of monospace & html must be configured');
  },
};

const sigv4Def: StructDef = {
  go: 'sigv4.plain',
  fields: [
    opt('region', str),
    opt('access_key', str),
    opt('secret_key', secret),
    opt('profile', str),
    opt('role_arn', str),
    opt('external_id', str),
    opt('use_fips_sts_endpoint', bool),
    opt('service_name', str),
  ],
  validate: (v) => {
    if ((v.access_key === '') !== !isSet(v.secret_key as never)) {
      throw new AmValidationError('must provide a AWS SigV4 Access key and Secret Key if credentials are specified in the SigV4 config');
    }
    if (v.external_id !== '' && v.role_arn === '') {
      throw new AmValidationError('external_id can only be used with role_arn');
    }
  },
};

export const snsConfigDef: StructDef = {
  go: 'config.plain',
  fields: [
    ...notifierFields(),
    opt('api_url', str),
    req('sigv4', struct(sigv4Def)),
    ...['topic_arn', 'phone_number', 'target_arn', 'subject', 'message'].map((k) => opt(k, str)),
    opt('attributes', strMap),
    opt('use_aws_http_client', bool),
  ],
  defaults: () => ({
    send_resolved: true,
    api_url: '',
    sigv4: { region: '', access_key: '', profile: '', role_arn: '', external_id: '', use_fips_sts_endpoint: false, service_name: '' },
    topic_arn: '',
    phone_number: '',
    target_arn: '',
    subject: tmpl('sns.default.subject'),
    message: tmpl('sns.default.message'),
    use_aws_http_client: false,
  }),
  validate: (v) => {
    const c = v as unknown as SnsConfig;
    // Go: (TargetARN == "") != (TopicARN == "") != (PhoneNumber == "")
    if (((c.target_arn === '') !== (c.topic_arn === '')) !== (c.phone_number === '')) {
      throw new AmValidationError('must provide either a Target ARN, Topic ARN, or Phone Number for SNS config');
    }
  },
};

/** Jira `summary`/`description`: a template string or `{template, enable_update}`. */
const jiraField: Kind = {
  t: 'custom',
  decode(node, dec, path) {
    if (node !== null && 'value' in node && !('items' in node)) {
      return { ok: true, value: { template: String((node as { value: unknown }).value) } };
    }
    return dec.decode(
      node,
      struct({ go: 'jira.plain', fields: [opt('template', str), opt('enable_update', ptr(bool))] }),
      path,
    );
  },
  marshal: (v) => {
    const f = v as { template: string; enable_update?: boolean };
    const entries: [string, { e: 'str'; v: string } | { e: 'raw'; v: string }][] = [];
    if (f.template !== '') entries.push(['template', { e: 'str', v: f.template }]);
    if (f.enable_update !== undefined) entries.push(['enable_update', { e: 'raw', v: String(f.enable_update) }]);
    return { e: 'map', entries };
  },
  isZero: (v) => (v as { template: string }).template === '' && (v as { enable_update?: boolean }).enable_update === undefined,
};

export const jiraConfigDef: StructDef = {
  go: 'jira.plain',
  fields: [
    ...notifierFields(),
    opt('api_url', url),
    opt('api_type', str),
    opt('project', str),
    opt('summary', jiraField),
    opt('description', jiraField),
    opt('labels', strList),
    opt('priority', str),
    opt('issue_type', str),
    opt('reopen_transition', str),
    opt('resolve_transition', str),
    opt('wont_fix_resolution', str),
    opt('reopen_duration', modelDuration),
    opt('fields', anyMap),
  ],
  defaults: () => ({
    send_resolved: true,
    api_type: 'auto',
    project: '',
    summary: { template: tmpl('jira.default.summary') },
    description: { template: tmpl('jira.default.description') },
    priority: tmpl('jira.default.priority'),
    issue_type: '',
    reopen_transition: '',
    resolve_transition: '',
    wont_fix_resolution: '',
    reopen_duration: 0,
  }),
  validate: (v) => {
    const c = v as unknown as JiraConfig;
    if (c.project === '') throw new AmValidationError('missing project in jira_config');
    if (c.issue_type === '') throw new AmValidationError('missing issue_type in jira_config');
    if (!['auto', 'cloud', 'datacenter'].includes(c.api_type)) {
      throw new AmValidationError('unknown api_type on jira_config, must be auto, cloud or datacenter');
    }
  },
};

export const incidentioConfigDef: StructDef = {
  go: 'incidentio.plain',
  fields: [
    ...notifierFields(),
    req('url', url),
    req('url_file', str),
    opt('alert_source_token', secret),
    opt('alert_source_token_file', str),
    req('max_alerts', uint64),
    req('timeout', goDuration),
  ],
  defaults: () => ({ send_resolved: true, url_file: '', alert_source_token_file: '', max_alerts: 0, timeout: 0 }),
  validate: (v) => {
    const c = v as unknown as IncidentioConfig;
    const token = isSet(c.alert_source_token) || c.alert_source_token_file !== '';
    if (c.url === undefined && c.url_file === '') throw new AmValidationError('one of url or url_file must be configured');
    if (c.url !== undefined && c.url_file !== '') {
      throw new AmValidationError('at most one of url & url_file must be configured');
    }
    if (isSet(c.alert_source_token) && c.alert_source_token_file !== '') {
      throw new AmValidationError('at most one of alert_source_token & alert_source_token_file must be configured');
    }
    if (c.http_config?.authorization !== undefined && token) {
      throw new AmValidationError(
        'cannot specify alert_source_token or alert_source_token_file when using http_config.authorization',
      );
    }
    if (c.http_config !== undefined && c.http_config.authorization === undefined && !token) {
      throw new AmValidationError(
        'at least one of alert_source_token, alert_source_token_file or http_config.authorization must be configured',
      );
    }
  },
};
