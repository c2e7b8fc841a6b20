import type { Alert } from '../../alerts/alert.ts';
import type { MsTeamsConfig } from '../../config/types.ts';
import type { NotificationContext, Notifier } from '../notifier.ts';
import { anyFiring, postChatJson } from './chat-support.ts';
import type { IntegrationDeps, IntegrationRuntime } from './integration-deps.ts';
import { integrationRuntime } from './integration-deps.ts';
import { secretOrFile } from './secret-file.ts';
import { notificationRenderer } from './text-renderer.ts';

/**
 * Microsoft Teams through an Office 365 connector (Alertmanager's `notify/msteams`): a legacy
 * `MessageCard` with title, summary, text and a red (firing) or green (resolved) theme colour.
 * Template failures are not retried; 2xx succeeds, 5xx is retried.
 */
export class MsTeamsNotifier implements Notifier {
  readonly #config: MsTeamsConfig;
  readonly #deps: IntegrationRuntime;

  constructor(config: MsTeamsConfig, deps: IntegrationRuntime) {
    this.#config = config;
    this.#deps = deps;
  }

  async notify(ctx: NotificationContext, alerts: readonly Alert[]): Promise<void> {
    const c = this.#config;
    const r = notificationRenderer(this.#deps, ctx, alerts);
    const title = r.render(c.title);
    const text = r.render(c.text);
    const summary = r.render(c.summary);
    r.throwIfFailed();
    const url = await secretOrFile(c.webhook_url, c.webhook_url_file, 'read webhook_url_file');
    const card = {
      '@context': 'http://schema.org/extensions',
      type: 'MessageCard',
      title,
      summary,
      text,
      themeColor: anyFiring(alerts, ctx.flush.now) ? '8C1A1A' : '2DC72D',
    };
    await postChatJson(this.#deps, ctx, url, card);
  }
}

/** Builds the notifier of one `msteams_configs` entry. */
export function createMsTeamsNotifier(config: MsTeamsConfig, deps: IntegrationDeps): Notifier {
  return new MsTeamsNotifier(config, integrationRuntime(deps, config.http_config, undefined));
}
