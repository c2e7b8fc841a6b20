import type { Alert } from '../../alerts/alert.ts';
import type { DiscordConfig } from '../../config/types.ts';
import type { NotifyLogger } from '../logger.ts';
import type { NotificationContext, Notifier } from '../notifier.ts';
import { anyFiring, postChatJson } from './chat-support.ts';
import type { IntegrationDeps, IntegrationRuntime } from './integration-deps.ts';
import { integrationRuntime } from './integration-deps.ts';
import { secretOrFile } from './secret-file.ts';
import type { TextRenderer } from './text-renderer.ts';
import { notificationRenderer } from './text-renderer.ts';
import { truncateInRunes } from './truncate.ts';

// Discord's embed limits (runes) and the message content limit.
const MAX_TITLE_RUNES = 256;
const MAX_DESCRIPTION_RUNES = 4096;
const MAX_CONTENT_RUNES = 2000;

const COLOR_RED = 0x992d22;
const COLOR_GREEN = 0x2ecc71;

/**
 * Discord (Alertmanager's `notify/discord`): a webhook message with `content` and one embed
 * (title, description, red while firing, green once resolved). Template failures are not
 * retried; 2xx succeeds, 5xx is retried.
 */
export class DiscordNotifier implements Notifier {
  readonly #config: DiscordConfig;
  readonly #deps: IntegrationRuntime;

  constructor(config: DiscordConfig, deps: IntegrationRuntime) {
    this.#config = config;
    this.#deps = deps;
  }

  async notify(ctx: NotificationContext, alerts: readonly Alert[]): Promise<void> {
    const c = this.#config;
    const r = notificationRenderer(this.#deps, ctx, alerts);
    const title = this.#limited(r, c.title, MAX_TITLE_RUNES, 'Truncated title', ctx);
    const description = this.#limited(r, c.message, MAX_DESCRIPTION_RUNES, 'Truncated message', ctx);
    const content = this.#limited(r, c.content, MAX_CONTENT_RUNES, 'Truncated message', ctx);
    // Alertmanager's grey is unreachable: a notification is either firing or resolved.
    const color = anyFiring(alerts, ctx.flush.now) ? COLOR_RED : COLOR_GREEN;

    const url = await secretOrFile(c.webhook_url, c.webhook_url_file, 'read webhook_url_file');
    const message: Record<string, unknown> = { content, embeds: [{ title, description, color }] };
    if (c.username !== '') message['username'] = c.username;
    if (c.avatar_url !== '') {
      if (parsableUrl(c.avatar_url)) message['avatar_url'] = c.avatar_url;
      else this.#deps.logger.warn({ integration: 'discord', group_key: ctx.flush.groupKey }, 'Bad avatar url');
    }

    await postChatJson(this.#deps, ctx, url, message);
  }

  #limited(r: TextRenderer, text: string, max: number, warning: string, ctx: NotificationContext): string {
    const [out, cut] = truncateInRunes(r.render(text), max);
    r.throwIfFailed();
    if (cut) this.#deps.logger.warn({ integration: 'discord', group_key: ctx.flush.groupKey, max_runes: max }, warning);
    return out;
  }
}

// What Go's url.Parse rejects in practice: control characters and malformed %-escapes.
function parsableUrl(text: string): boolean {
  // eslint-disable-next-line no-control-regex
  return !/[\x00-\x1f\x7f]|%(?![0-9A-Fa-f]{2})/.test(text);
}

/**
 * Builds the notifier of one `discord_configs` entry.
 * @param logger receives truncation warnings; silent by default.
 */
export function createDiscordNotifier(config: DiscordConfig, deps: IntegrationDeps, logger?: NotifyLogger): Notifier {
  return new DiscordNotifier(config, integrationRuntime(deps, config.http_config, logger));
}
