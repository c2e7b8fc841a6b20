import type { Alert } from '../../alerts/alert.ts';
import type { SlackAction, SlackConfig, SlackField } from '../../config/types.ts';
import { formatGoDuration } from '../../config/go-duration.ts';
import type { HttpResponse } from '../../http-client/http-client.ts';
import type { NotifyLogger } from '../logger.ts';
import { NotifyError } from '../notify-error.ts';
import type { NotificationContext, Notifier } from '../notifier.ts';
import { detail, inChannel, postChatJson, putNonEmpty } from './chat-support.ts';
import type { IntegrationDeps, IntegrationRuntime } from './integration-deps.ts';
import { integrationRuntime } from './integration-deps.ts';
import { secretOrFile } from './secret-file.ts';
import type { TextRenderer } from './text-renderer.ts';
import { notificationRenderer } from './text-renderer.ts';
import { truncateInRunes } from './truncate.ts';

/** Slack's limit for an attachment title (runes assumed). */
const MAX_TITLE_RUNES = 1024;
const DEFAULT_MRKDWN_IN = ['fallback', 'pretext', 'text'];
/** nflog receiver-data keys of the message `update_message` edits. */
const THREAD_TS = 'threadTs';
const CHANNEL_ID = 'channelId';

/**
 * Slack (Alertmanager's `notify/slack`): one attachment POSTed to an incoming webhook or to
 * `chat.postMessage` (app tokens arrive as `http_config.authorization`). With `update_message`
 * the first answer's `ts`/`channel` are kept in the nflog and later notifications edit that
 * message through `chat.update`. 2xx answers must be `ok` (text) or `{"ok":true}` (JSON).
 */
export class SlackNotifier implements Notifier {
  readonly #config: SlackConfig;
  readonly #deps: IntegrationRuntime;

  constructor(config: SlackConfig, deps: IntegrationRuntime) {
    this.#config = config;
    this.#deps = deps;
  }

  async notify(ctx: NotificationContext, alerts: readonly Alert[]): Promise<void> {
    const c = this.#config;
    // Alertmanager never checks Slack's template errors: fields after a failure are sent empty.
    const r = notificationRenderer(this.#deps, ctx, alerts);
    const [title, cut] = truncateInRunes(r.render(c.title), MAX_TITLE_RUNES);
    if (cut) this.#warn('Truncated title', ctx, { max_runes: MAX_TITLE_RUNES });
    // Rendered in Alertmanager's order: after a template failure every later string is "".
    const titleLink = r.render(c.title_link);
    const pretext = r.render(c.pretext);
    const text = r.render(c.text);
    const fallback = r.render(c.fallback);
    const callbackId = r.render(c.callback_id);
    const imageURL = r.render(c.image_url);
    const thumbURL = r.render(c.thumb_url);
    const footer = r.render(c.footer);
    const color = r.render(c.color);
    const attachment: Record<string, unknown> = {};
    putNonEmpty(attachment, 'title', title);
    putNonEmpty(attachment, 'title_link', titleLink);
    putNonEmpty(attachment, 'pretext', pretext);
    attachment['text'] = text;
    attachment['fallback'] = fallback;
    attachment['callback_id'] = callbackId;
    const fields = c.fields ?? [];
    if (fields.length > 0) attachment['fields'] = fields.map((f) => slackField(f, c.short_fields, r));
    const actions = c.actions ?? [];
    if (actions.length > 0) attachment['actions'] = actions.map((a) => slackAction(a, r));
    putNonEmpty(attachment, 'image_url', imageURL);
    putNonEmpty(attachment, 'thumb_url', thumbURL);
    attachment['footer'] = footer;
    putNonEmpty(attachment, 'color', color);
    attachment['mrkdwn_in'] = c.mrkdwn_in !== undefined && c.mrkdwn_in.length > 0 ? c.mrkdwn_in : DEFAULT_MRKDWN_IN;

    let channel = r.render(c.channel);
    const username = r.render(c.username);
    const iconEmoji = r.render(c.icon_emoji);
    const iconURL = r.render(c.icon_url);
    const messageText = r.render(c.message_text);
    if (r.error !== undefined) this.#warn(`template error: ${r.error.message}`, ctx, {});

    let url = await secretOrFile(c.api_url, c.api_url_file);
    let ts = '';
    if (c.update_message) {
      const threadTs = ctx.receiverData.getString(THREAD_TS) ?? '';
      const channelId = ctx.receiverData.getString(CHANNEL_ID) ?? '';
      if (threadTs !== '' && channelId !== '') {
        // Alertmanager posts to https://slack.com/api/chat.update; the config only allows
        // update_message with api_url https://slack.com/api/chat.postMessage, so this is that URL.
        url = new URL('chat.update', url).toString();
        ts = threadTs;
        channel = channelId;
      }
    }

    const request: Record<string, unknown> = {};
    putNonEmpty(request, 'channel', channel);
    putNonEmpty(request, 'ts', ts);
    putNonEmpty(request, 'username', username);
    putNonEmpty(request, 'icon_emoji', iconEmoji);
    putNonEmpty(request, 'icon_url', iconURL);
    if (c.link_names) request['link_names'] = true;
    putNonEmpty(request, 'text', messageText);
    request['attachments'] = [attachment];

    const res = await postChatJson(this.#deps, ctx, url, request, {
      timeoutMs: c.timeout,
      timeoutMessage: `configured slack timeout reached (${formatGoDuration(c.timeout)})`,
      channel,
    });
    try {
      this.#handleAnswer(res, ctx);
    } catch (error) {
      throw inChannel(channel, error as NotifyError);
    }
  }

  // Slack answers 2xx with an error in the body: webhooks in plain text, the Web API in JSON.
  #handleAnswer(res: HttpResponse, ctx: NotificationContext): void {
    const contentType = String(res.headers['content-type'] ?? '');
    if (!contentType.startsWith('application/json')) {
      if (res.body === 'ok') return;
      throw new NotifyError(`received an error response from Slack: ${detail(res.body)}`, { retryable: false, reason: 'clientError' });
    }
    let answer: { ok?: unknown; error?: unknown; channel?: unknown; ts?: unknown };
    try {
      answer = JSON.parse(res.body) as typeof answer;
    } catch (error) {
      throw new NotifyError(`could not unmarshal JSON response ${JSON.stringify(detail(res.body))}: ${(error as Error).message}`, {
        retryable: true,
        reason: 'clientError',
      });
    }
    if (answer.ok !== true) {
      const reason = typeof answer.error === 'string' ? answer.error : '';
      throw new NotifyError(`error response from Slack: ${reason}`, { retryable: false, reason: 'clientError' });
    }
    if (this.#config.update_message && typeof answer.ts === 'string' && answer.ts !== '' && typeof answer.channel === 'string' && answer.channel !== '') {
      ctx.receiverData.setString(THREAD_TS, answer.ts);
      ctx.receiverData.setString(CHANNEL_ID, answer.channel);
    }
  }

  #warn(message: string, ctx: NotificationContext, fields: object): void {
    this.#deps.logger.warn({ integration: 'slack', group_key: ctx.flush.groupKey, ...fields }, message);
  }
}

// A field's `short` falls back to `short_fields`, and is always sent.
function slackField(field: SlackField | undefined, shortFields: boolean, r: TextRenderer): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  putNonEmpty(out, 'title', r.render(field?.title ?? ''));
  putNonEmpty(out, 'value', r.render(field?.value ?? ''));
  out['short'] = field?.short ?? shortFields;
  return out;
}

function slackAction(action: SlackAction | undefined, r: TextRenderer): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  putNonEmpty(out, 'type', r.render(action?.type ?? ''));
  putNonEmpty(out, 'text', r.render(action?.text ?? ''));
  putNonEmpty(out, 'url', r.render(action?.url ?? ''));
  putNonEmpty(out, 'style', r.render(action?.style ?? ''));
  putNonEmpty(out, 'name', r.render(action?.name ?? ''));
  putNonEmpty(out, 'value', r.render(action?.value ?? ''));
  const confirm = action?.confirm;
  if (confirm !== undefined) {
    // Rendered title first, as Alertmanager does; sent in struct order (text first).
    const title = r.render(confirm.title);
    const text = r.render(confirm.text);
    const ok = r.render(confirm.ok_text);
    const dismiss = r.render(confirm.dismiss_text);
    const c: Record<string, unknown> = {};
    putNonEmpty(c, 'text', text);
    putNonEmpty(c, 'title', title);
    putNonEmpty(c, 'ok_text', ok);
    putNonEmpty(c, 'dismiss_text', dismiss);
    out['confirm'] = c;
  }
  return out;
}

/**
 * Builds the notifier of one `slack_configs` entry.
 * @param logger receives truncation warnings; silent by default.
 */
export function createSlackNotifier(config: SlackConfig, deps: IntegrationDeps, logger?: NotifyLogger): Notifier {
  return new SlackNotifier(config, integrationRuntime(deps, config.http_config, logger));
}
