import type { ReceiverConfig } from '../../config/types.ts';
import { VERSION } from '../../common/version.ts';
import type { HttpClientCache } from '../../http-client/http-client-cache.ts';
import type { Integration } from '../notifier.ts';
import type { NotificationTemplates } from '../templates.ts';
import { WebhookNotifier } from './webhook.ts';

/** The `User-Agent` of every notification request. */
export const DEFAULT_USER_AGENT = `Tocsin/${VERSION}`;

export interface IntegrationDeps {
  readonly http: HttpClientCache;
  readonly templates: NotificationTemplates;
  /** `--web.external-url`, as `.ExternalURL` and the webhook's `externalURL`. */
  readonly externalURL: string;
  readonly userAgent?: string;
}

/** The `<type>_configs` keys of a receiver, in the order Alertmanager builds them. */
const CONFIG_KEYS = [
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
] as const satisfies readonly (keyof ReceiverConfig)[];

/**
 * Builds a receiver's integrations (Alertmanager's `BuildReceiverIntegrations`), one per entry of
 * each `<type>_configs` list, indexed within its list.
 * @throws {RangeError} for an integration type not implemented yet, naming the receiver and type.
 */
export function createIntegrations(receiver: ReceiverConfig, deps: IntegrationDeps): Integration[] {
  const out: Integration[] = [];
  const userAgent = deps.userAgent ?? DEFAULT_USER_AGENT;
  for (const key of CONFIG_KEYS) {
    const list = receiver[key];
    if (list === undefined || list.length === 0) continue;
    if (key !== 'webhook_configs') {
      throw new RangeError(`receiver ${JSON.stringify(receiver.name)}: ${key} are not supported yet`);
    }
  }
  (receiver.webhook_configs ?? []).forEach((config, index) => {
    const notifier = new WebhookNotifier(config, {
      http: deps.http.get(config.http_config),
      templates: deps.templates,
      externalURL: deps.externalURL,
      userAgent,
    });
    out.push({ name: 'webhook', index, receiver: receiver.name, sendResolved: config.send_resolved, notifier });
  });
  return out;
}
