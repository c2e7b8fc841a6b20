/** Chat integrations: Slack, Discord, Telegram, Webex, MS Teams (v1, v2), Rocket.Chat, Mattermost, WeChat. */
import { AmValidationError } from '../errors.ts';
import { isSet } from '../secret.ts';
import type {
  DiscordConfig,
  MsTeamsConfig,
  RocketchatConfig,
  SlackAction,
  SlackConfig,
  TelegramConfig,
  WebexConfig,
  WechatConfig,
} from '../types.ts';
import { goQuote } from '../../labels/go-quote.ts';
import { secret, secretPtr, secretUrl, url } from './common.ts';
import { httpConfig } from './http.ts';
import { bool, goDuration, int, int64, list, opt, ptr, req, str, strList, struct } from './kinds.ts';
import type { FieldDef, StructDef } from './kinds.ts';

/** `send_resolved` (inlined NotifierConfig) and `http_config`, first in every integration. */
export function notifierFields(): FieldDef[] {
  return [req('send_resolved', bool), opt('http_config', httpConfig)];
}

const tmpl = (name: string): string => `{{ template "${name}" . }}`;

const slackConfirmDef: StructDef = {
  go: 'config.plain',
  fields: [opt('text', str), opt('title', str), opt('ok_text', str), opt('dismiss_text', str)],
  validate: (v) => {
    if (v.text === '') throw new AmValidationError('missing text in Slack confirmation configuration');
  },
};

const slackActionDef: StructDef = {
  go: 'config.plain',
  fields: [
    opt('type', str),
    opt('text', str),
    opt('url', str),
    opt('style', str),
    opt('name', str),
    opt('value', str),
    opt('confirm', ptr(struct(slackConfirmDef))),
  ],
  validate: (v) => {
    const a = v as unknown as SlackAction;
    if (a.type === '') throw new AmValidationError('missing type in Slack action configuration');
    if (a.text === '') throw new AmValidationError('missing text in Slack action configuration');
    if (a.url !== '') {
      a.name = '';
      a.value = '';
      delete a.confirm;
    } else if (a.name === '') {
      throw new AmValidationError('missing name or url in Slack action configuration');
    }
  },
};

const slackFieldDef: StructDef = {
  go: 'config.plain',
  fields: [opt('title', str), opt('value', str), opt('short', ptr(bool))],
  validate: (v) => {
    if (v.title === '') throw new AmValidationError('missing title in Slack field configuration');
    if (v.value === '') throw new AmValidationError('missing value in Slack field configuration');
  },
};

export const slackConfigDef: StructDef = {
  go: 'config.plain',
  fields: [
    ...notifierFields(),
    opt('api_url', secretUrl),
    opt('api_url_file', str),
    opt('app_token', secret),
    opt('app_token_file', str),
    opt('app_url', url),
    opt('channel', str),
    opt('username', str),
    opt('color', str),
    opt('title', str),
    opt('title_link', str),
    opt('pretext', str),
    opt('text', str),
    opt('message_text', str),
    opt('fields', list(ptr(struct(slackFieldDef)), '[]*config.SlackField')),
    req('short_fields', bool),
    opt('footer', str),
    opt('fallback', str),
    opt('callback_id', str),
    opt('icon_emoji', str),
    opt('icon_url', str),
    opt('image_url', str),
    opt('thumb_url', str),
    req('link_names', bool),
    opt('mrkdwn_in', strList),
    opt('actions', list(ptr(struct(slackActionDef)), '[]*config.SlackAction')),
    req('update_message', bool),
    req('timeout', goDuration),
  ],
  defaults: () => ({
    send_resolved: false,
    api_url_file: '',
    app_token_file: '',
    channel: '',
    username: tmpl('slack.default.username'),
    color: tmpl('slack.default.color'),
    title: tmpl('slack.default.title'),
    title_link: tmpl('slack.default.titlelink'),
    pretext: tmpl('slack.default.pretext'),
    text: tmpl('slack.default.text'),
    message_text: '',
    short_fields: false,
    footer: tmpl('slack.default.footer'),
    fallback: tmpl('slack.default.fallback'),
    callback_id: tmpl('slack.default.callbackid'),
    icon_emoji: tmpl('slack.default.iconemoji'),
    icon_url: tmpl('slack.default.iconurl'),
    image_url: '',
    thumb_url: '',
    link_names: false,
    update_message: false,
    timeout: 0,
  }),
  validate: (v) => {
    const c = v as unknown as SlackConfig;
    const hasUrl = c.api_url !== undefined || c.api_url_file !== '';
    const hasToken = isSet(c.app_token) || c.app_token_file !== '';
    if (c.api_url !== undefined && c.api_url_file !== '') {
      throw new AmValidationError('at most one of api_url & api_url_file must be configured');
    }
    if (isSet(c.app_token) && c.app_token_file !== '') {
      throw new AmValidationError('at most one of app_token & app_token_file must be configured');
    }
    if (hasUrl && hasToken) {
      throw new AmValidationError('at most one of api_url/api_url_file & app_token/app_token_file must be configured');
    }
    if (c.update_message && c.api_url?.reveal() !== 'https://slack.com/api/chat.postMessage') {
      throw new AmValidationError(
        'update_message can only be used with bot tokens. api_url must be set to https://slack.com/api/chat.postMessage',
      );
    }
  },
};

function webhookUrlPair(v: { webhook_url?: unknown; webhook_url_file: string }): void {
  if (v.webhook_url === undefined && v.webhook_url_file === '') {
    throw new AmValidationError('one of webhook_url or webhook_url_file must be configured');
  }
  if (v.webhook_url !== undefined && v.webhook_url_file !== '') {
    throw new AmValidationError('at most one of webhook_url & webhook_url_file must be configured');
  }
}

export const discordConfigDef: StructDef = {
  go: 'discord.plain',
  fields: [
    ...notifierFields(),
    opt('webhook_url', secretUrl),
    opt('webhook_url_file', str),
    opt('content', str),
    opt('title', str),
    opt('message', str),
    opt('username', str),
    opt('avatar_url', str),
  ],
  defaults: () => ({
    send_resolved: true,
    webhook_url_file: '',
    content: '',
    title: tmpl('discord.default.title'),
    message: tmpl('discord.default.message'),
    username: '',
    avatar_url: '',
  }),
  validate: (v) => webhookUrlPair(v as unknown as DiscordConfig),
};

export const telegramConfigDef: StructDef = {
  go: 'telegram.plain',
  fields: [
    ...notifierFields(),
    req('api_url', url),
    opt('bot_token', secret),
    opt('bot_token_file', str),
    opt('chat_id', int64),
    opt('chat_id_file', str),
    opt('message_thread_id', int),
    opt('message', str),
    opt('disable_notifications', bool),
    opt('parse_mode', str),
  ],
  defaults: () => ({
    send_resolved: true,
    bot_token_file: '',
    chat_id: 0,
    chat_id_file: '',
    message_thread_id: 0,
    message: tmpl('telegram.default.message'),
    disable_notifications: false,
    parse_mode: 'HTML',
  }),
  validate: (v) => {
    const c = v as unknown as TelegramConfig;
    if (isSet(c.bot_token) && c.bot_token_file !== '') {
      throw new AmValidationError('at most one of bot_token & bot_token_file must be configured');
    }
    if (c.chat_id === 0 && c.chat_id_file === '') {
      throw new AmValidationError('missing chat_id or chat_id_file on telegram_config');
    }
    if (c.chat_id !== 0 && c.chat_id_file !== '') {
      throw new AmValidationError('at most one of chat_id & chat_id_file must be configured');
    }
    if (!['', 'Markdown', 'MarkdownV2', 'HTML'].includes(c.parse_mode)) {
      throw new AmValidationError(
        'unknown parse_mode on telegram_config, must be Markdown, MarkdownV2, HTML or empty string',
      );
    }
  },
};

export const webexConfigDef: StructDef = {
  go: 'config.plain',
  fields: [...notifierFields(), opt('api_url', url), opt('message', str), req('room_id', str)],
  defaults: () => ({ send_resolved: true, message: tmpl('webex.default.message'), room_id: '' }),
  validate: (v) => {
    const c = v as unknown as WebexConfig;
    if (c.room_id === '') throw new AmValidationError('missing room_id on webex_config');
    if (c.http_config?.authorization === undefined) {
      throw new AmValidationError('missing webex_configs.http_config.authorization');
    }
  },
};

export const msteamsConfigDef: StructDef = {
  go: 'msteams.plain',
  fields: [
    ...notifierFields(),
    opt('webhook_url', secretUrl),
    opt('webhook_url_file', str),
    opt('title', str),
    opt('summary', str),
    opt('text', str),
  ],
  defaults: () => ({
    send_resolved: true,
    webhook_url_file: '',
    title: tmpl('msteams.default.title'),
    summary: tmpl('msteams.default.summary'),
    text: tmpl('msteams.default.text'),
  }),
  validate: (v) => webhookUrlPair(v as unknown as MsTeamsConfig),
};

export const msteamsv2ConfigDef: StructDef = {
  go: 'msteamsv2.plain',
  fields: [...notifierFields(), opt('webhook_url', secretUrl), opt('webhook_url_file', str), opt('title', str), opt('text', str)],
  defaults: () => ({
    send_resolved: true,
    webhook_url_file: '',
    title: tmpl('msteamsv2.default.title'),
    text: tmpl('msteamsv2.default.text'),
  }),
  validate: (v) => webhookUrlPair(v as unknown as MsTeamsConfig),
};

const rocketchatFieldDef: StructDef = {
  go: 'config.RocketchatAttachmentField',
  fields: [req('short', ptr(bool)), opt('title', str), opt('value', str)],
};

const rocketchatActionDef: StructDef = {
  go: 'config.RocketchatAttachmentAction',
  fields: [
    opt('type', str),
    opt('text', str),
    opt('url', str),
    opt('image_url', str),
    req('is_webview', bool),
    opt('webview_height_ratio', str),
    opt('msg', str),
    req('msg_in_chat_window', bool),
    opt('msg_processing_type', str),
  ],
};

export const rocketchatConfigDef: StructDef = {
  go: 'config.plain',
  fields: [
    ...notifierFields(),
    opt('api_url', url),
    opt('token_id', secretPtr),
    opt('token_id_file', str),
    opt('token', secretPtr),
    opt('token_file', str),
    opt('channel', str),
    opt('color', str),
    opt('title', str),
    opt('title_link', str),
    opt('text', str),
    opt('fields', list(ptr(struct(rocketchatFieldDef)), '[]*config.RocketchatAttachmentField')),
    req('short_fields', bool),
    opt('emoji', str),
    opt('icon_url', str),
    opt('image_url', str),
    opt('thumb_url', str),
    req('link_names', bool),
    opt('actions', list(ptr(struct(rocketchatActionDef)), '[]*config.RocketchatAttachmentAction')),
  ],
  defaults: () => ({
    send_resolved: false,
    token_id_file: '',
    token_file: '',
    channel: '',
    color: '{{ if eq .Status "firing" }}red{{ else }}green{{ end }}',
    emoji: tmpl('rocketchat.default.emoji'),
    icon_url: tmpl('rocketchat.default.iconurl'),
    text: tmpl('rocketchat.default.text'),
    title: tmpl('rocketchat.default.title'),
    title_link: tmpl('rocketchat.default.titlelink'),
    short_fields: false,
    image_url: '',
    thumb_url: '',
    link_names: false,
  }),
  validate: (v) => {
    const c = v as unknown as RocketchatConfig;
    if (c.token !== undefined && c.token_file !== '') {
      throw new AmValidationError('at most one of token & token_file must be configured');
    }
    if (c.token_id !== undefined && c.token_id_file !== '') {
      throw new AmValidationError('at most one of token_id & token_id_file must be configured');
    }
  },
};

const mattermostFieldDef: StructDef = {
  go: 'mattermost.plain',
  fields: [opt('title', str), opt('value', str), opt('short', ptr(bool))],
  validate: (v) => {
    if (v.title === '') throw new AmValidationError('missing title in Mattermost field configuration');
    if (v.value === '') throw new AmValidationError('missing value in Mattermost field configuration');
  },
};

const mattermostFields = list(ptr(struct(mattermostFieldDef)), '[]*mattermost.MattermostField');

const mattermostAttachmentDef: StructDef = {
  go: 'mattermost.MattermostAttachment',
  fields: [
    ...['fallback', 'color', 'pretext', 'text', 'author_name', 'author_link', 'author_icon', 'title', 'title_link'].map(
      (k) => opt(k, str),
    ),
    opt('fields', mattermostFields),
    ...['thumb_url', 'footer', 'footer_icon', 'image_url'].map((k) => opt(k, str)),
  ],
};

export const mattermostConfigDef: StructDef = {
  go: 'mattermost.plain',
  fields: [
    ...notifierFields(),
    opt('webhook_url', secretUrl),
    opt('webhook_url_file', str),
    ...['channel', 'username', 'text', 'fallback', 'color', 'pretext', 'author_name', 'author_link', 'author_icon'].map(
      (k) => opt(k, str),
    ),
    opt('title', str),
    opt('title_link', str),
    opt('fields', mattermostFields),
    ...['thumb_url', 'footer', 'footer_icon', 'image_url', 'icon_url', 'icon_emoji'].map((k) => opt(k, str)),
    opt('attachments', list(ptr(struct(mattermostAttachmentDef)), '[]*mattermost.MattermostAttachment')),
    opt('type', str),
    opt('props', ptr(struct({ go: 'mattermost.MattermostProps', fields: [opt('card', str)] }))),
    opt(
      'priority',
      ptr(
        struct({
          go: 'mattermost.MattermostPriority',
          fields: [opt('priority', str), opt('requested_ack', bool), opt('persistent_notifications', bool)],
        }),
      ),
    ),
  ],
  defaults: () => ({
    send_resolved: true,
    webhook_url_file: '',
    channel: '',
    username: tmpl('mattermost.default.username'),
    text: tmpl('mattermost.default.text'),
    fallback: tmpl('mattermost.default.fallback'),
    color: tmpl('mattermost.default.color'),
    pretext: '',
    author_name: '',
    author_link: '',
    author_icon: '',
    title: tmpl('mattermost.default.title'),
    title_link: tmpl('mattermost.default.titlelink'),
    thumb_url: '',
    footer: '',
    footer_icon: '',
    image_url: '',
    icon_url: '',
    icon_emoji: '',
    type: '',
  }),
  validate: (v) => {
    if (v.webhook_url !== undefined && v.webhook_url_file !== '') {
      throw new AmValidationError('at most one of webhook_url & webhook_url_file must be configured');
    }
  },
};

export const wechatConfigDef: StructDef = {
  go: 'config.plain',
  fields: [
    ...notifierFields(),
    opt('api_secret', secret),
    opt('api_secret_file', str),
    opt('corp_id', str),
    opt('message', str),
    opt('api_url', url),
    opt('to_user', str),
    opt('to_party', str),
    opt('to_tag', str),
    opt('agent_id', str),
    opt('message_type', str),
  ],
  defaults: () => ({
    send_resolved: false,
    api_secret_file: '',
    corp_id: '',
    message: tmpl('wechat.default.message'),
    to_user: tmpl('wechat.default.to_user'),
    to_party: tmpl('wechat.default.to_party'),
    to_tag: tmpl('wechat.default.to_tag'),
    agent_id: tmpl('wechat.default.agent_id'),
    message_type: '',
  }),
  validate: (v) => {
    const c = v as unknown as WechatConfig;
    if (c.message_type === '') c.message_type = 'text';
    if (!/^(text|markdown)$/.test(c.message_type)) {
      throw new AmValidationError(
        `weChat message type ${goQuote(c.message_type)} does not match valid options ^(text|markdown)$`,
      );
    }
    if (isSet(c.api_secret) && c.api_secret_file !== '') {
      throw new AmValidationError('at most one of api_secret & api_secret_file must be configured');
    }
  },
};
