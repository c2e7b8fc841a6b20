import type { ReceiverConfig } from '../../config/types.ts';
import type { Integration, Notifier } from '../notifier.ts';
import { createDiscordNotifier } from './discord.ts';
import { createIncidentioNotifier } from './incidentio.ts';
import type { IntegrationDeps } from './integration-deps.ts';
import { DEFAULT_USER_AGENT } from './integration-deps.ts';
import { createJiraNotifier } from './jira.ts';
import { createMattermostNotifier } from './mattermost.ts';
import { createMsTeamsNotifier } from './msteams.ts';
import { createMsTeamsV2Notifier } from './msteamsv2.ts';
import { createOpsgenieNotifier } from './opsgenie.ts';
import { createPagerdutyNotifier } from './pagerduty.ts';
import { createRocketchatNotifier } from './rocketchat.ts';
import { createSlackNotifier } from './slack.ts';
import { createVictoropsNotifier } from './victorops.ts';
import { createWebexNotifier } from './webex.ts';
import { WebhookNotifier } from './webhook.ts';

type ConfigKey = Extract<keyof ReceiverConfig, `${string}_configs`>;
type ConfigOf<K extends ConfigKey> = NonNullable<ReceiverConfig[K]>[number];
type NotifierFactory<K extends ConfigKey> = (config: ConfigOf<K>, deps: IntegrationDeps) => Notifier;

/**
 * One factory per `<type>_configs` key, in the order Alertmanager builds a receiver's
 * integrations. A key without a factory is refused when a receiver uses it.
 */
const FACTORIES: { readonly [K in ConfigKey]?: NotifierFactory<K> } = {
  webhook_configs: (config, deps) => new WebhookNotifier(config, { ...deps, http: deps.http.get(config.http_config), userAgent: deps.userAgent ?? DEFAULT_USER_AGENT }),
  pagerduty_configs: createPagerdutyNotifier,
  opsgenie_configs: createOpsgenieNotifier,
  slack_configs: (config, deps) => createSlackNotifier(config, deps, deps.logger),
  victorops_configs: createVictoropsNotifier,
  discord_configs: (config, deps) => createDiscordNotifier(config, deps, deps.logger),
  webex_configs: createWebexNotifier,
  msteams_configs: createMsTeamsNotifier,
  msteamsv2_configs: createMsTeamsV2Notifier,
  jira_configs: createJiraNotifier,
  rocketchat_configs: (config, deps) => createRocketchatNotifier(config, deps, deps.logger),
  incidentio_configs: createIncidentioNotifier,
  mattermost_configs: (config, deps) => createMattermostNotifier(config, deps, deps.logger),
};

/** The `<type>_configs` keys of a receiver, in the order Alertmanager builds them. */
const CONFIG_KEYS: readonly ConfigKey[] = [
  'webhook_configs',
  'email_configs',
  'pagerduty_configs',
  'opsgenie_configs',
  'wechat_configs',
  'slack_configs',
  'victorops_configs',
  'pushover_configs',
  'sns_configs',
  'telegram_configs',
  'discord_configs',
  'webex_configs',
  'msteams_configs',
  'msteamsv2_configs',
  'jira_configs',
  'rocketchat_configs',
  'incidentio_configs',
  'mattermost_configs',
];

/**
 * Builds a receiver's integrations (Alertmanager's `BuildReceiverIntegrations`), one per entry of
 * each `<type>_configs` list, indexed within its list.
 * @throws {RangeError} for an integration type not implemented, naming the receiver and type.
 */
export function createIntegrations(receiver: ReceiverConfig, deps: IntegrationDeps): Integration[] {
  const out: Integration[] = [];
  for (const key of CONFIG_KEYS) {
    const list = receiver[key] as readonly ConfigOf<typeof key>[] | undefined;
    if (list === undefined || list.length === 0) continue;
    const factory = FACTORIES[key] as NotifierFactory<typeof key> | undefined;
    if (factory === undefined) throw new RangeError(`receiver ${JSON.stringify(receiver.name)}: ${key} are not supported yet`);
    const name = key.slice(0, -'_configs'.length);
    list.forEach((config, index) => {
      out.push({ name, index, receiver: receiver.name, sendResolved: config.send_resolved, notifier: factory(config, deps) });
    });
  }
  return out;
}
