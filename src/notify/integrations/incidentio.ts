import type { Alert } from '../../alerts/alert.ts';
import { formatGoDuration } from '../../config/go-duration.ts';
import type { IncidentioConfig } from '../../config/types.ts';
import { checkHttpStatus } from '../http-status.ts';
import { buildNotificationData } from '../notification-data.ts';
import type { NotificationData } from '../notification-data.ts';
import type { NotificationContext, Notifier } from '../notifier.ts';
import { webhookMessage } from './webhook-message.ts';
import { sendRequest } from './http-request.ts';
import type { IntegrationDeps, IntegrationRuntime } from './integration-deps.ts';
import { integrationRuntime } from './integration-deps.ts';
import { readSecretFile } from './secret-file.ts';
import { templateInput } from './text-renderer.ts';

/** The webhook message (same Go struct layout) goes out with incident.io's protocol version. */
const INCIDENTIO_MESSAGE_VERSION = '1';

/** The largest payload incident.io accepts (512 KiB). */
const MAX_PAYLOAD_BYTES = 512 * 1024;

/**
 * incident.io (Alertmanager 0.34 `notify/incidentio`, added in 0.29): POSTs the webhook message
 * with protocol version "1" to `url` (or the trimmed `url_file`), authorised by
 * `alert_source_token(_file)` as a Bearer token when set. `max_alerts` keeps the first N alerts;
 * a payload over 512 KiB keeps only the first alert. 429 and 5xx are retried.
 */
export class IncidentioNotifier implements Notifier {
  readonly #config: IncidentioConfig;
  readonly #rt: IntegrationRuntime;

  constructor(config: IncidentioConfig, deps: IntegrationDeps) {
    this.#config = config;
    this.#rt = integrationRuntime(deps, config.http_config, deps.logger);
  }

  async notify(ctx: NotificationContext, alerts: readonly Alert[]): Promise<void> {
    const c = this.#config;
    const max = c.max_alerts;
    const sent = max > 0 && alerts.length > max ? alerts.slice(0, max) : alerts;
    const data = buildNotificationData(templateInput(ctx, this.#rt.externalURL, sent), sent);
    const body = await this.#encode(data, ctx.flush.groupKey, alerts.length - sent.length);

    const url = c.url ?? (await readSecretFile(c.url_file, 'read url_file'));
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    const token = await this.#token();
    // The alert source token replaces whatever authorization http_config sets.
    if (token !== '') headers['authorization'] = `Bearer ${token}`;
    const res = await sendRequest(this.#rt.http, this.#rt.userAgent, url, {
      method: 'POST',
      headers,
      body,
      signal: ctx.signal,
      timeoutMs: c.timeout,
      timeoutMessage: `configured incident.io timeout reached (${formatGoDuration(c.timeout)})`,
    });
    const failure = checkHttpStatus(res.statusCode, res.body, { retryCodes: [429], details: errDetails });
    if (failure !== undefined) throw failure;
  }

  async #token(): Promise<string> {
    const c = this.#config;
    if (c.alert_source_token_file !== '') return readSecretFile(c.alert_source_token_file, 'failed to read alert_source_token_file');
    return c.alert_source_token?.reveal() ?? '';
  }

  // Over 512 KiB only the first alert stays; the rest of the data (status, common labels) does not change.
  async #encode(data: NotificationData, groupKey: string, truncated: number): Promise<Buffer> {
    const body = await webhookMessage(data, groupKey, truncated, INCIDENTIO_MESSAGE_VERSION);
    if (body.length <= MAX_PAYLOAD_BYTES) return body;
    const smaller = await webhookMessage({ ...data, alerts: data.alerts.slice(0, 1) }, groupKey, truncated, INCIDENTIO_MESSAGE_VERSION);
    const fields = { original_size: body.length, final_size: smaller.length, max_size: MAX_PAYLOAD_BYTES };
    if (smaller.length <= MAX_PAYLOAD_BYTES) this.#rt.logger.warn(fields, 'Truncated alert content due to incident.io payload size limit');
    else this.#rt.logger.error(fields, 'Truncated alert content due to incident.io payload size limit, but still exceeds limit');
    return smaller;
  }
}

// incident.io's error answer `{"message","error","errors"}` as `message: error: e1, e2`.
function errDetails(_statusCode: number, body: string): string {
  try {
    const parsed = JSON.parse(body) as { message?: unknown; error?: unknown; errors?: unknown };
    const parts: string[] = [];
    if (typeof parsed.message === 'string' && parsed.message !== '') parts.push(parsed.message);
    if (typeof parsed.error === 'string' && parsed.error !== '') parts.push(parsed.error);
    if (Array.isArray(parsed.errors) && parsed.errors.length > 0) parts.push(parsed.errors.join(', '));
    return parts.join(': ');
  } catch {
    return '';
  }
}

/** Builds the notifier of one `incidentio_configs` entry. */
export function createIncidentioNotifier(config: IncidentioConfig, deps: IntegrationDeps): Notifier {
  return new IncidentioNotifier(config, deps);
}
