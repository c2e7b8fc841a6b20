import { posix } from 'node:path';
import type { Alert } from '../../alerts/alert.ts';
import type { RocketchatConfig, Secret } from '../../config/types.ts';
import type { NotifyLogger } from '../logger.ts';
import { NotifyError } from '../notify-error.ts';
import type { NotificationContext, Notifier } from '../notifier.ts';
import { detail, inChannel, postChatJson, putNonEmpty } from './chat-support.ts';
import type { IntegrationDeps, IntegrationRuntime } from './integration-deps.ts';
import { integrationRuntime } from './integration-deps.ts';
import { secretOrFile } from './secret-file.ts';
import { notificationRenderer } from './text-renderer.ts';
import { truncateInRunes } from './truncate.ts';

/** Rocket.Chat's attachment title limit (runes assumed). */
const MAX_TITLE_RUNES = 1024;

type Json = Record<string, unknown>;

/**
 * Rocket.Chat (Alertmanager's `notify/rocketchat`): one attachment POSTed to
 * `<api_url>/api/v1/chat.postMessage` with the `X-Auth-Token` / `X-User-Id` headers. A 2xx
 * answer must be JSON with `"success": true`. Template failures are not retried; 5xx is.
 */
export class RocketchatNotifier implements Notifier {
  readonly #config: RocketchatConfig;
  readonly #deps: IntegrationRuntime;

  constructor(config: RocketchatConfig, deps: IntegrationRuntime) {
    this.#config = config;
    this.#deps = deps;
  }

  async notify(ctx: NotificationContext, alerts: readonly Alert[]): Promise<void> {
    const c = this.#config;
    const r = notificationRenderer(this.#deps, ctx, alerts);
    const rendered = r.render(c.title);
    r.throwIfFailed();
    const [title, cut] = truncateInRunes(rendered, MAX_TITLE_RUNES);
    if (cut) this.#deps.logger.warn({ integration: 'rocketchat', group_key: ctx.flush.groupKey, max_runes: MAX_TITLE_RUNES }, 'Truncated title');

    const attachment: Json = {};
    putNonEmpty(attachment, 'title', title);
    putNonEmpty(attachment, 'title_link', r.render(c.title_link));
    putNonEmpty(attachment, 'text', r.render(c.text));
    putNonEmpty(attachment, 'image_url', r.render(c.image_url));
    putNonEmpty(attachment, 'thumb_url', r.render(c.thumb_url));
    putNonEmpty(attachment, 'color', r.render(c.color));
    const fields = c.fields ?? [];
    if (fields.length > 0) {
      attachment['fields'] = fields.map((f) => {
        const out: Json = { short: f?.short ?? c.short_fields };
        putNonEmpty(out, 'title', r.render(f?.title ?? ''));
        putNonEmpty(out, 'value', r.render(f?.value ?? ''));
        return out;
      });
    }
    const actions = c.actions ?? [];
    if (actions.length > 0) {
      attachment['actions'] = actions.map((a) => {
        // Only buttons exist; the webview and in-chat flags are always sent, false.
        const out: Json = { type: 'button' };
        putNonEmpty(out, 'text', r.render(stringKey(a, 'text')));
        putNonEmpty(out, 'url', r.render(stringKey(a, 'url')));
        out['is_webview'] = false;
        putNonEmpty(out, 'msg', r.render(stringKey(a, 'msg')));
        out['msg_in_chat_window'] = false;
        return out;
      });
    }
    const message: Json = {};
    putNonEmpty(message, 'channel', r.render(c.channel));
    putNonEmpty(message, 'emoji', r.render(c.emoji));
    putNonEmpty(message, 'avatar', r.render(c.icon_url));
    message['attachments'] = [attachment];
    r.throwIfFailed();
    const channel = (message['channel'] as string | undefined) ?? '';

    const [token, tokenId] = await Promise.all([credential(c.token, c.token_file), credential(c.token_id, c.token_id_file)]);
    const res = await postChatJson(this.#deps, ctx, postMessageUrl(c.api_url ?? ''), message, {
      headers: { 'x-auth-token': token, 'x-user-id': tokenId },
      channel,
    });
    const answerFailure = checkAnswer(res.body);
    if (answerFailure !== undefined) throw inChannel(channel, answerFailure);
  }
}

// Unlike the other integrations, the file wins when both are set (the global inline value is
// inherited beside a local file).
function credential(secret: Secret | undefined, file: string): Promise<string> {
  return file !== '' ? secretOrFile(undefined, file, `could not read ${file}`) : Promise.resolve(secret?.reveal() ?? '');
}

function stringKey(value: Readonly<Record<string, unknown>> | undefined, key: string): string {
  const v = value?.[key];
  return typeof v === 'string' ? v : '';
}

/** Go's `url.JoinPath(api_url, "api/v1/chat.postMessage")`: the path joined and cleaned. */
function postMessageUrl(apiUrl: string): string {
  const url = new URL(apiUrl);
  url.pathname = posix.join('/', url.pathname, 'api/v1/chat.postMessage');
  return url.toString();
}

// Rocket.Chat reports some errors with a 2xx status and `"success": false`.
function checkAnswer(body: string): NotifyError | undefined {
  let answer: { success?: unknown; error?: unknown } | null;
  try {
    answer = JSON.parse(body) as typeof answer;
  } catch (error) {
    return new NotifyError(`could not unmarshal JSON response ${JSON.stringify(detail(body))}: ${(error as Error).message}`, {
      retryable: true,
      reason: 'clientError',
    });
  }
  if (answer?.success === true) return undefined;
  const reason = typeof answer?.error === 'string' ? answer.error : '';
  return new NotifyError(`error response from Rocketchat: ${detail(reason)}`, { retryable: false, reason: 'clientError' });
}

/**
 * Builds the notifier of one `rocketchat_configs` entry.
 * @param logger receives truncation warnings; silent by default.
 */
export function createRocketchatNotifier(config: RocketchatConfig, deps: IntegrationDeps, logger?: NotifyLogger): Notifier {
  return new RocketchatNotifier(config, integrationRuntime(deps, config.http_config, logger));
}
