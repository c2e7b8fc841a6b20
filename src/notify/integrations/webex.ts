import type { Alert } from '../../alerts/alert.ts';
import type { WebexConfig } from '../../config/types.ts';
import { goJsonString } from '../../common/go-json-string.ts';
import { checkHttpStatus } from '../http-status.ts';
import type { NotificationContext, Notifier } from '../notifier.ts';
import { JSON_HEADERS, sendRequest } from './http-request.ts';
import type { IntegrationDeps, IntegrationRuntime } from './integration-deps.ts';
import { integrationRuntime } from './integration-deps.ts';
import { goStruct, omitEmpty } from './ops-support.ts';
import { notificationRenderer } from './text-renderer.ts';
import { truncateInBytes } from './truncate.ts';

/** The longest message Webex takes, in bytes. */
const MAX_MESSAGE_BYTES = 7439;

/**
 * Webex (Alertmanager 0.34 `notify/webex`): POSTs `{"markdown","roomId"}` to `api_url`, the
 * message cut to 7439 bytes, `room_id` templated (0.28+). The bot token comes from
 * `http_config.authorization`. Only 5xx is retried.
 */
export class WebexNotifier implements Notifier {
  readonly #config: WebexConfig;
  readonly #rt: IntegrationRuntime;

  constructor(config: WebexConfig, deps: IntegrationDeps) {
    this.#config = config;
    this.#rt = integrationRuntime(deps, config.http_config, deps.logger);
  }

  async notify(ctx: NotificationContext, alerts: readonly Alert[]): Promise<void> {
    const renderer = notificationRenderer(this.#rt, ctx, alerts);
    const rendered = renderer.render(this.#config.message);
    renderer.throwIfFailed('failed to template webex message');
    const [message, truncated] = truncateInBytes(rendered, MAX_MESSAGE_BYTES);
    if (truncated) {
      this.#rt.logger.debug({ group_key: ctx.flush.groupKey }, 'message truncated due to exceeding maximum allowed length by webex');
    }
    const roomId = renderer.render(this.#config.room_id);
    renderer.throwIfFailed('failed to template webex room_id');
    const body = goStruct([
      ['markdown', goJsonString(message)],
      ['roomId', omitEmpty(roomId)],
    ]);
    const res = await sendRequest(this.#rt.http, this.#rt.userAgent, this.#config.api_url ?? '', {
      method: 'POST',
      headers: JSON_HEADERS,
      body: `${body}\n`,
      signal: ctx.signal,
    });
    const failure = checkHttpStatus(res.statusCode, res.body);
    if (failure !== undefined) throw failure;
  }
}

/** Builds the notifier of one `webex_configs` entry. */
export function createWebexNotifier(config: WebexConfig, deps: IntegrationDeps): Notifier {
  return new WebexNotifier(config, deps);
}
