import { DEFAULT_EMAIL_SUBJECT } from '../../config/email-headers.ts';
import type { ReceiverConfig } from '../../config/types.ts';
import type { Integration, Notifier } from '../notifier.ts';
import { hasTemplateActions } from '../templates.ts';
import type { TemplateTexts } from '../templates.ts';
import { createDiscordNotifier } from './discord.ts';
import { createEmailNotifier } from './email.ts';
import { createIncidentioNotifier } from './incidentio.ts';
import type { IntegrationDeps } from './integration-deps.ts';
import { DEFAULT_USER_AGENT } from './integration-deps.ts';
import { createJiraNotifier } from './jira.ts';
import { createMattermostNotifier } from './mattermost.ts';
import { createMsTeamsNotifier } from './msteams.ts';
import { createMsTeamsV2Notifier } from './msteamsv2.ts';
import { createOpsgenieNotifier } from './opsgenie.ts';
import { createPagerdutyNotifier } from './pagerduty.ts';
import { createPushoverNotifier } from './pushover.ts';
import { createRocketchatNotifier } from './rocketchat.ts';
import { createSlackNotifier } from './slack.ts';
import { createSnsNotifier } from './sns.ts';
import { createTelegramNotifier } from './telegram.ts';
import { createVictoropsNotifier } from './victorops.ts';
import { createWebexNotifier } from './webex.ts';
import { templateInput } from './text-renderer.ts';
import { WebhookNotifier } from './webhook.ts';
import { createWechatNotifier } from './wechat.ts';

type ConfigKey = Extract<keyof ReceiverConfig, `${string}_configs`>;
type ConfigOf<K extends ConfigKey> = NonNullable<ReceiverConfig[K]>[number];
type NotifierFactory<K extends ConfigKey> = (config: ConfigOf<K>, deps: IntegrationDeps) => Notifier;

/**
 * One factory per `<type>_configs` key, in the order Alertmanager builds a receiver's
 * integrations (`BuildReceiverIntegrations`).
 */
const FACTORIES: { readonly [K in ConfigKey]: NotifierFactory<K> } = {
  webhook_configs: (config, deps) =>
    new WebhookNotifier(config, { ...deps, http: deps.http.get(config.http_config), userAgent: deps.userAgent ?? DEFAULT_USER_AGENT }),
  email_configs: createEmailNotifier,
  pagerduty_configs: createPagerdutyNotifier,
  opsgenie_configs: createOpsgenieNotifier,
  wechat_configs: createWechatNotifier,
  slack_configs: (config, deps) => createSlackNotifier(config, deps, deps.logger),
  victorops_configs: createVictoropsNotifier,
  pushover_configs: (config, deps) => createPushoverNotifier(config, deps),
  sns_configs: createSnsNotifier,
  telegram_configs: createTelegramNotifier,
  discord_configs: (config, deps) => createDiscordNotifier(config, deps, deps.logger),
  webex_configs: createWebexNotifier,
  msteams_configs: createMsTeamsNotifier,
  msteamsv2_configs: createMsTeamsV2Notifier,
  jira_configs: createJiraNotifier,
  rocketchat_configs: (config, deps) => createRocketchatNotifier(config, deps, deps.logger),
  incidentio_configs: createIncidentioNotifier,
  mattermost_configs: (config, deps) => createMattermostNotifier(config, deps, deps.logger),
};

const CONFIG_KEYS = Object.keys(FACTORIES) as ConfigKey[];

// The integrations that render templates over all of a notification's alerts. The webhook and
// incident.io bodies are the data itself; their templates (a URL, a payload) render it rarely.
const USES_TEMPLATE_DATA: ReadonlySet<ConfigKey> = new Set(CONFIG_KEYS.filter((key) => key !== 'webhook_configs' && key !== 'incidentio_configs'));

// The config fields an integration renders as html/template; its other strings are text/template.
const HTML_FIELDS: { readonly [K in ConfigKey]?: (config: ConfigOf<K>) => readonly string[] } = {
  email_configs: () => ['html'],
  pushover_configs: (config) => (config.html ? ['message'] : []),
  telegram_configs: (config) => (config.parse_mode === 'HTML' ? ['message'] : []),
};

// The config fields whose entries' values an integration renders as payloads (DeepCopyWithTemplate).
const PAYLOAD_FIELDS: { readonly [K in ConfigKey]?: readonly string[] } = {
  pagerduty_configs: ['details'],
  jira_configs: ['fields'],
};

// Templates an integration renders that its config does not hold.
const CODE_TEXTS: { readonly [K in ConfigKey]?: readonly string[] } = {
  email_configs: [DEFAULT_EMAIL_SUBJECT],
};

/**
 * The templates an integration renders for a notification, found in its config: what a large
 * notification's preparation renders ahead, off the main thread.
 */
export function templateTexts<K extends ConfigKey>(key: K, config: ConfigOf<K>): TemplateTexts {
  const htmlFields = new Set(HTML_FIELDS[key]?.(config));
  const payloadFields = new Set(PAYLOAD_FIELDS[key]);
  const text = new Set(CODE_TEXTS[key]);
  const html = new Set<string>();
  const payloads: unknown[] = [];
  for (const [field, value] of Object.entries(config)) {
    if (htmlFields.has(field)) {
      // Even without actions: html/template rewrites some literal text (it drops HTML comments).
      if (typeof value === 'string' && value !== '') html.add(value);
    } else if (payloadFields.has(field)) {
      if (typeof value === 'object' && value !== null) payloads.push(...Object.values(value));
    } else {
      collectTemplates(value, text);
    }
  }
  return { text: [...text], html: [...html], payloads };
}

// Strings with template actions in plain values; secrets and other class instances are skipped.
function collectTemplates(value: unknown, into: Set<string>): void {
  if (typeof value === 'string') {
    if (hasTemplateActions(value)) into.add(value);
  } else if (Array.isArray(value)) {
    for (const item of value) collectTemplates(item, into);
  } else if (typeof value === 'object' && value !== null) {
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto === Object.prototype || proto === null) for (const item of Object.values(value)) collectTemplates(item, into);
  }
}

function prepareTemplates(deps: IntegrationDeps, texts: TemplateTexts): NonNullable<Integration['prepare']> {
  return (ctx, alerts) => deps.templates.prepare?.(templateInput(ctx, deps.externalURL, alerts), texts);
}

/**
 * Builds a receiver's integrations (Alertmanager's `BuildReceiverIntegrations`), one per entry of
 * each `<type>_configs` list, indexed within its list.
 */
export function createIntegrations(receiver: ReceiverConfig, deps: IntegrationDeps): Integration[] {
  const out: Integration[] = [];
  for (const key of CONFIG_KEYS) {
    const list = receiver[key] as readonly ConfigOf<typeof key>[] | undefined;
    if (list === undefined) continue;
    const factory = FACTORIES[key] as NotifierFactory<typeof key>;
    const name = key.slice(0, -'_configs'.length);
    const usesData = USES_TEMPLATE_DATA.has(key);
    list.forEach((config, index) => {
      const prepare = usesData ? prepareTemplates(deps, templateTexts(key, config)) : undefined;
      out.push({ name, index, receiver: receiver.name, sendResolved: config.send_resolved, notifier: factory(config, deps), prepare });
    });
  }
  return out;
}
