import type { Alert } from '../../alerts/alert.ts';
import type { MattermostAttachment, MattermostConfig, MattermostField } from '../../config/types.ts';
import type { NotifyLogger } from '../logger.ts';
import { NotifyError } from '../notify-error.ts';
import type { NotificationContext, Notifier } from '../notifier.ts';
import { postChatJson, putNonEmpty } from './chat-support.ts';
import type { IntegrationDeps, IntegrationRuntime } from './integration-deps.ts';
import { integrationRuntime } from './integration-deps.ts';
import { secretOrFile } from './secret-file.ts';
import type { TextRenderer } from './text-renderer.ts';
import { notificationRenderer } from './text-renderer.ts';
import { truncateInRunes } from './truncate.ts';

/** Mattermost's post message limit. */
const MAX_TEXT_RUNES = 16383;
const PRIORITIES = new Set(['urgent', 'important', 'standard']);

type Json = Record<string, unknown>;

/**
 * Mattermost incoming webhooks (Alertmanager's `notify/mattermost`): the config's attachment
 * fields as one attachment (the text goes into it), or the deprecated `attachments` list (the
 * text is then the post's own, cut at 16383 runes), plus `props.card` and message `priority`.
 * Template failures are not retried; 2xx succeeds, 5xx is retried.
 */
export class MattermostNotifier implements Notifier {
  readonly #config: MattermostConfig;
  readonly #deps: IntegrationRuntime;

  constructor(config: MattermostConfig, deps: IntegrationRuntime) {
    this.#config = config;
    this.#deps = deps;
  }

  async notify(ctx: NotificationContext, alerts: readonly Alert[]): Promise<void> {
    const c = this.#config;
    const url = c.webhook_url !== undefined ? c.webhook_url.reveal() : await secretOrFile(undefined, c.webhook_url_file);
    if (url === '') throw new NotifyError('webhook url missing', { retryable: false });

    const r = notificationRenderer(this.#deps, ctx, alerts);
    const request = this.#request(r);
    r.throwIfFailed();
    this.#sanitize(request, ctx);
    const channel = (request['channel'] as string | undefined) ?? '';

    await postChatJson(this.#deps, ctx, url, request, { channel });
  }

  // Rendered in Alertmanager's order (it matters after a template failure); keys in its JSON order.
  #request(r: TextRenderer): Json {
    const c = this.#config;
    const text = r.render(c.text);
    const channel = r.render(c.channel);
    const username = r.render(c.username);
    const iconURL = r.render(c.icon_url);
    const iconEmoji = r.render(c.icon_emoji);
    const type = r.render(c.type);
    const priority = c.priority !== undefined && c.priority.priority !== '' ? { ...c.priority, priority: r.render(c.priority.priority) } : undefined;
    const card = c.props !== undefined && c.props.card !== '' ? r.render(c.props.card) : undefined;

    let postText = '';
    let attachments: Json[];
    const configured = c.attachments ?? [];
    if (configured.length > 0) {
      attachments = configured.map((a) => attachment(a, r));
      postText = text;
    } else {
      attachments = [attachment({ ...c, text }, r, true)];
    }

    const request: Json = {};
    putNonEmpty(request, 'text', postText);
    putNonEmpty(request, 'channel', channel);
    putNonEmpty(request, 'username', username);
    putNonEmpty(request, 'icon_url', iconURL);
    putNonEmpty(request, 'icon_emoji', iconEmoji);
    request['attachments'] = attachments;
    putNonEmpty(request, 'type', type);
    if (card !== undefined) request['props'] = omitEmpty({ card });
    if (priority !== undefined) {
      request['priority'] = {
        priority: priority.priority,
        requested_ack: priority.requested_ack,
        persistent_notifications: priority.persistent_notifications,
      };
    }
    return request;
  }

  // Alertmanager's sanitizeRequest: cut the post text, normalise the priority and drop the
  // acknowledgement and persistence flags the priority does not allow.
  #sanitize(request: Json, ctx: NotificationContext): void {
    const log = { integration: 'mattermost', group_key: ctx.flush.groupKey };
    const [text, cut] = truncateInRunes((request['text'] as string | undefined) ?? '', MAX_TEXT_RUNES);
    if (cut) {
      this.#deps.logger.warn({ ...log, max_runes: MAX_TEXT_RUNES }, 'Truncated text');
      request['text'] = text;
    }
    const priority = request['priority'] as { priority: string; requested_ack: boolean; persistent_notifications: boolean } | undefined;
    if (priority === undefined) return;
    const level = priority.priority.toLowerCase();
    if (PRIORITIES.has(level)) {
      priority.priority = level;
    } else {
      this.#deps.logger.warn({ ...log, priority: priority.priority }, 'Priority is set to standard due to invalid value');
      priority.priority = 'standard';
    }
    if (priority.requested_ack && priority.priority === 'standard') {
      this.#deps.logger.warn(log, 'RequestedAck is set to false due to priority is standard');
      priority.requested_ack = false;
    }
    if (priority.persistent_notifications && priority.priority !== 'urgent') {
      this.#deps.logger.warn(log, 'PersistentNotifications is set to false due to priority is not urgent');
      priority.persistent_notifications = false;
    }
    request['priority'] = omitEmpty(priority);
  }
}

// Go's omitempty over a struct of strings and booleans.
function omitEmpty(value: object): Json {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== '' && v !== false));
}

// `textRendered`: the top-level attachment's text was rendered first, as Alertmanager does.
function attachment(a: MattermostAttachment | undefined, r: TextRenderer, textRendered = false): Json {
  const text = textRendered ? (a?.text ?? '') : '';
  const rendered = {
    fallback: r.render(a?.fallback ?? ''),
    color: r.render(a?.color ?? ''),
    pretext: r.render(a?.pretext ?? ''),
    text: textRendered ? text : r.render(a?.text ?? ''),
    author_name: r.render(a?.author_name ?? ''),
    author_link: r.render(a?.author_link ?? ''),
    author_icon: r.render(a?.author_icon ?? ''),
    title: r.render(a?.title ?? ''),
    title_link: r.render(a?.title_link ?? ''),
    thumb_url: r.render(a?.thumb_url ?? ''),
    footer: r.render(a?.footer ?? ''),
    footer_icon: r.render(a?.footer_icon ?? ''),
    image_url: r.render(a?.image_url ?? ''),
  };
  const fields = (a?.fields ?? []).map((f) => field(f, r));
  const out: Json = {};
  for (const key of ['fallback', 'color', 'pretext', 'text', 'author_name', 'author_link', 'author_icon', 'title', 'title_link'] as const) {
    putNonEmpty(out, key, rendered[key]);
  }
  if (fields.length > 0) out['fields'] = fields;
  for (const key of ['thumb_url', 'footer', 'footer_icon', 'image_url'] as const) putNonEmpty(out, key, rendered[key]);
  return out;
}

function field(f: MattermostField | undefined, r: TextRenderer): Json {
  const out: Json = {};
  putNonEmpty(out, 'title', r.render(f?.title ?? ''));
  putNonEmpty(out, 'value', r.render(f?.value ?? ''));
  if (f?.short !== undefined) out['short'] = f.short;
  return out;
}

/**
 * Builds the notifier of one `mattermost_configs` entry.
 * @param logger receives truncation and priority warnings; silent by default.
 */
export function createMattermostNotifier(config: MattermostConfig, deps: IntegrationDeps, logger?: NotifyLogger): Notifier {
  return new MattermostNotifier(config, integrationRuntime(deps, config.http_config, logger));
}
