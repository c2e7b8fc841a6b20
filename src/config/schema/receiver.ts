import { AmValidationError } from '../errors.ts';
import { goQuote } from '../../labels/go-quote.ts';
import { list, opt, ptr, req, str, strMap, struct } from './kinds.ts';
import type { StructDef } from './kinds.ts';
import {
  discordConfigDef,
  mattermostConfigDef,
  msteamsConfigDef,
  msteamsv2ConfigDef,
  rocketchatConfigDef,
  slackConfigDef,
  telegramConfigDef,
  webexConfigDef,
  wechatConfigDef,
} from './notifiers-chat.ts';
import {
  emailConfigDef,
  incidentioConfigDef,
  jiraConfigDef,
  opsgenieConfigDef,
  pagerdutyConfigDef,
  pushoverConfigDef,
  snsConfigDef,
  victoropsConfigDef,
  webhookConfigDef,
} from './notifiers-ops.ts';

/** Every `<name>_configs` key of a receiver, in Go field order, with its struct and Go names. */
export const INTEGRATIONS: readonly { key: string; def: StructDef; go: string }[] = [
  { key: 'discord_configs', def: discordConfigDef, go: '[]*discord.DiscordConfig' },
  { key: 'email_configs', def: emailConfigDef, go: '[]*config.EmailConfig' },
  { key: 'incidentio_configs', def: incidentioConfigDef, go: '[]*incidentio.IncidentioConfig' },
  { key: 'pagerduty_configs', def: pagerdutyConfigDef, go: '[]*pagerduty.PagerdutyConfig' },
  { key: 'slack_configs', def: slackConfigDef, go: '[]*config.SlackConfig' },
  { key: 'webhook_configs', def: webhookConfigDef, go: '[]*webhook.WebhookConfig' },
  { key: 'opsgenie_configs', def: opsgenieConfigDef, go: '[]*opsgenie.OpsGenieConfig' },
  { key: 'wechat_configs', def: wechatConfigDef, go: '[]*config.WechatConfig' },
  { key: 'pushover_configs', def: pushoverConfigDef, go: '[]*config.PushoverConfig' },
  { key: 'victorops_configs', def: victoropsConfigDef, go: '[]*config.VictorOpsConfig' },
  { key: 'sns_configs', def: snsConfigDef, go: '[]*config.SNSConfig' },
  { key: 'telegram_configs', def: telegramConfigDef, go: '[]*telegram.TelegramConfig' },
  { key: 'webex_configs', def: webexConfigDef, go: '[]*config.WebexConfig' },
  { key: 'msteams_configs', def: msteamsConfigDef, go: '[]*msteams.MSTeamsConfig' },
  { key: 'msteamsv2_configs', def: msteamsv2ConfigDef, go: '[]*msteamsv2.MSTeamsV2Config' },
  { key: 'jira_configs', def: jiraConfigDef, go: '[]*jira.JiraConfig' },
  { key: 'rocketchat_configs', def: rocketchatConfigDef, go: '[]*config.RocketchatConfig' },
  { key: 'mattermost_configs', def: mattermostConfigDef, go: '[]*mattermost.MattermostConfig' },
];

export const receiverDef: StructDef = {
  go: 'config.plain',
  fields: [
    req('name', str),
    opt('labels', strMap),
    ...INTEGRATIONS.map(({ key, def, go }) => opt(key, list(ptr(struct(def)), go))),
  ],
  validate: (v) => {
    const name = v.name as string;
    if (name === '') throw new AmValidationError('missing name in receiver');
    const labels = (v.labels ?? {}) as Record<string, string>;
    if (Object.hasOwn(labels, 'name') && labels.name !== name) {
      throw new AmValidationError(
        `receiver label "name" must match receiver name ${goQuote(name)}, got ${goQuote(labels.name as string)}`,
        'labels',
      );
    }
    v.labels = { ...labels, name };
  },
};
