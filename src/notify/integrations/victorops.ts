import type { Alert } from '../../alerts/alert.ts';
import { isResolved } from '../../alerts/alert.ts';
import type { VictorOpsConfig } from '../../config/types.ts';
import { checkHttpStatus } from '../http-status.ts';
import type { NotificationContext, Notifier } from '../notifier.ts';
import { JSON_HEADERS, sendRequest } from './http-request.ts';
import type { IntegrationDeps, IntegrationRuntime } from './integration-deps.ts';
import { integrationRuntime } from './integration-deps.ts';
import { goStringMap, groupKeyHash, joinUrl } from './ops-support.ts';
import { readSecretFile } from './secret-file.ts';
import { notificationRenderer } from './text-renderer.ts';
import { truncateInRunes } from './truncate.ts';

const MAX_STATE_MESSAGE_RUNES = 20_480;
const ALLOWED_MESSAGE_TYPES = new Set(['INFO', 'WARNING', 'CRITICAL']);

/**
 * VictorOps / Splunk On-Call (Alertmanager 0.34 `notify/victorops`): POSTs a flat JSON object to
 * `<api_url><api_key>/<routing_key>` with `entity_id` = sha256(group key). A firing group's
 * `message_type` falls back to CRITICAL unless it is INFO, WARNING or CRITICAL; a resolved group
 * sends RECOVERY. `state_message` is cut to 20480 runes. Only 5xx is retried.
 */
export class VictoropsNotifier implements Notifier {
  readonly #config: VictorOpsConfig;
  readonly #rt: IntegrationRuntime;

  constructor(config: VictorOpsConfig, deps: IntegrationDeps) {
    this.#config = config;
    this.#rt = integrationRuntime(deps, config.http_config, deps.logger);
  }

  async notify(ctx: NotificationContext, alerts: readonly Alert[]): Promise<void> {
    const c = this.#config;
    const renderer = notificationRenderer(this.#rt, ctx, alerts);
    const { render } = renderer;
    const inline = c.api_key?.reveal() ?? '';
    const apiKey = inline !== '' ? inline : await readSecretFile(c.api_key_file, 'failed to read API key from file');
    const url = joinUrl(c.api_url ?? '', `${escapePath(apiKey)}/${escapePath(render(c.routing_key))}`);
    renderer.throwIfFailed('templating error');

    const resolved = alerts.every((a) => isResolved(a, ctx.flush.now));
    let messageType = render(c.message_type);
    if (resolved) messageType = 'RECOVERY';
    else if (!ALLOWED_MESSAGE_TYPES.has(messageType)) messageType = 'CRITICAL';
    const [stateMessage, truncated] = truncateInRunes(render(c.state_message), MAX_STATE_MESSAGE_RUNES);
    if (truncated) this.#rt.logger.warn({ group_key: ctx.flush.groupKey, max_runes: MAX_STATE_MESSAGE_RUNES }, 'Truncated state_message');
    const msg: Record<string, string> = {
      message_type: messageType,
      entity_id: groupKeyHash(ctx.flush.groupKey),
      entity_display_name: render(c.entity_display_name),
      state_message: stateMessage,
      monitoring_tool: render(c.monitoring_tool),
    };
    for (const [k, v] of Object.entries(c.custom_fields ?? {})) msg[k] = render(v);
    renderer.throwIfFailed('templating error');

    const res = await sendRequest(this.#rt.http, this.#rt.userAgent, url, {
      method: 'POST',
      headers: JSON_HEADERS,
      body: `${goStringMap(msg)}\n`,
      signal: ctx.signal,
    });
    const failure = checkHttpStatus(res.statusCode, res.body);
    if (failure !== undefined) throw failure;
  }
}

// Go's path escaping (url.EscapedPath): unreserved characters and $&+,/:;=@ stay, the rest is %XX.
function escapePath(s: string): string {
  return encodeURIComponent(s)
    .replace(/%(24|26|2B|2C|2F|3A|3B|3D|40)/g, (m) => decodeURIComponent(m))
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Builds the notifier of one `victorops_configs` entry. */
export function createVictoropsNotifier(config: VictorOpsConfig, deps: IntegrationDeps): Notifier {
  return new VictoropsNotifier(config, deps);
}
