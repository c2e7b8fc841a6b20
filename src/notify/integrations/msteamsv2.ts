import type { Alert } from '../../alerts/alert.ts';
import type { MsTeamsV2Config } from '../../config/types.ts';
import type { NotificationContext, Notifier } from '../notifier.ts';
import { anyFiring, postChatJson } from './chat-support.ts';
import type { IntegrationDeps, IntegrationRuntime } from './integration-deps.ts';
import { integrationRuntime } from './integration-deps.ts';
import { secretOrFile } from './secret-file.ts';
import { notificationRenderer } from './text-renderer.ts';

/**
 * Microsoft Teams through Power Automate workflows (Alertmanager's `notify/msteamsv2`): a
 * `message` with one Adaptive Card 1.2 holding a heading (coloured `Attention` while firing,
 * `Good` once resolved) and the text. Template failures are not retried; 2xx succeeds, 5xx is
 * retried.
 */
export class MsTeamsV2Notifier implements Notifier {
  readonly #config: MsTeamsV2Config;
  readonly #deps: IntegrationRuntime;

  constructor(config: MsTeamsV2Config, deps: IntegrationRuntime) {
    this.#config = config;
    this.#deps = deps;
  }

  async notify(ctx: NotificationContext, alerts: readonly Alert[]): Promise<void> {
    const c = this.#config;
    const r = notificationRenderer(this.#deps, ctx, alerts);
    const title = r.render(c.title);
    const text = r.render(c.text);
    r.throwIfFailed();
    const url = await secretOrFile(c.webhook_url, c.webhook_url_file, 'read webhook_url_file');
    const color = anyFiring(alerts, ctx.flush.now) ? 'Attention' : 'Good';
    const message = {
      type: 'message',
      attachments: [
        {
          contentType: 'application/vnd.microsoft.card.adaptive',
          contentUrl: null,
          content: {
            $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
            type: 'AdaptiveCard',
            version: '1.2',
            body: [
              { type: 'TextBlock', text: title, weight: 'Bolder', size: 'Medium', wrap: true, style: 'heading', color },
              { type: 'TextBlock', text, wrap: true },
            ],
            msteams: { width: 'full' },
          },
        },
      ],
    };
    await postChatJson(this.#deps, ctx, url, message);
  }
}

/** Builds the notifier of one `msteamsv2_configs` entry. */
export function createMsTeamsV2Notifier(config: MsTeamsV2Config, deps: IntegrationDeps): Notifier {
  return new MsTeamsV2Notifier(config, integrationRuntime(deps, config.http_config, undefined));
}
