import type { Alert } from '../../alerts/alert.ts';
import { isResolved } from '../../alerts/alert.ts';
import { formatGoDuration } from '../../config/go-duration.ts';
import type { PagerdutyConfig } from '../../config/types.ts';
import { sortGoStrings } from '../../labels/go-string.ts';
import { goJsonString } from '../../common/go-json-string.ts';
import { checkHttpStatus } from '../http-status.ts';
import { NotifyError } from '../notify-error.ts';
import type { NotificationContext, Notifier } from '../notifier.ts';
import { JSON_HEADERS, sendRequest } from './http-request.ts';
import type { IntegrationDeps, IntegrationRuntime } from './integration-deps.ts';
import { integrationRuntime } from './integration-deps.ts';
import { goStruct, groupKeyHash, metricBytes, omitEmpty } from './ops-support.ts';
import { readSecretFile } from './secret-file.ts';
import type { TextRenderer } from './text-renderer.ts';
import { notificationRenderer } from './text-renderer.ts';
import { truncateInRunes } from './truncate.ts';

/** Events API v1 endpoint; Alertmanager does not let it be configured. */
export const PAGERDUTY_V1_URL = 'https://events.pagerduty.com/generic/2010-04-15/create_event.json';
const MAX_EVENT_SIZE = 512_000;
const MAX_SUMMARY_RUNES = 1024;

export interface PagerdutyOptions {
  /** Replaces the fixed v1 endpoint (tests). */
  readonly v1Url?: string;
}

/**
 * PagerDuty (Alertmanager 0.34 `notify/pagerduty`). With `service_key(_file)` it sends Events API
 * v1 `trigger`/`resolve` events to PagerDuty's fixed endpoint (403 and 5xx retried); otherwise
 * Events API v2 to `url` with `routing_key(_file)` (429 and 5xx retried). The dedup/incident key is
 * sha256(group key); the summary/description is cut to 1024 runes; `details` values are rendered
 * and, when they read as YAML data, sent as that data; an event over 512000 bytes has its details
 * replaced by an error note.
 */
export class PagerdutyNotifier implements Notifier {
  readonly #config: PagerdutyConfig;
  readonly #rt: IntegrationRuntime;
  readonly #v1Url: string | undefined;

  constructor(config: PagerdutyConfig, deps: IntegrationDeps, options: PagerdutyOptions = {}) {
    this.#config = config;
    this.#rt = integrationRuntime(deps, config.http_config, deps.logger);
    const v1 = (config.service_key?.reveal() ?? '') !== '' || config.service_key_file !== '';
    this.#v1Url = v1 ? (options.v1Url ?? PAGERDUTY_V1_URL) : undefined;
  }

  async notify(ctx: NotificationContext, alerts: readonly Alert[]): Promise<void> {
    const resolved = alerts.every((a) => isResolved(a, ctx.flush.now));
    const eventType = resolved ? 'resolve' : 'trigger';
    const renderer = notificationRenderer(this.#rt, ctx, alerts);
    const details = this.#renderDetails(renderer);
    const key = groupKeyHash(ctx.flush.groupKey);
    const v1 = this.#v1Url !== undefined;
    const build = v1 ? await this.#v1Message(renderer, eventType, key) : await this.#v2Message(renderer, eventType, key);
    const body = this.#encode(build, details, ctx.flush.groupKey);

    const timeout = this.#config.timeout;
    const res = await sendRequest(this.#rt.http, this.#rt.userAgent, this.#v1Url ?? this.#config.url ?? '', {
      method: 'POST',
      headers: JSON_HEADERS,
      body,
      signal: ctx.signal,
      timeoutMs: timeout,
      timeoutMessage: `configured pagerduty timeout reached (${formatGoDuration(timeout)})`,
      errorPrefix: v1 ? 'failed to post message to PagerDuty v1' : 'failed to post message to PagerDuty',
    });
    const failure = checkHttpStatus(res.statusCode, res.body, { retryCodes: v1 ? [403] : [429], details: errDetails });
    if (failure === undefined) return;
    // 0.34 attaches the status-derived reason to v2 failures only.
    if (v1) throw new NotifyError(failure.message, { retryable: failure.retryable, reason: 'other', statusCode: res.statusCode });
    throw failure;
  }

  // Each value through DeepCopyWithTemplate; the top-level keys stay as configured.
  #renderDetails(renderer: TextRenderer): Map<string, string> {
    const out = new Map<string, string>();
    try {
      for (const [k, v] of Object.entries(this.#config.details ?? {})) {
        out.set(k, renderer.payload(v).trimEnd());
        if (renderer.error !== undefined) throw renderer.error;
      }
    } catch (error) {
      throw new NotifyError(`failed to render details: ${(error as Error).message}`, { retryable: false, cause: error });
    }
    return out;
  }

  async #v1Message(renderer: TextRenderer, eventType: string, key: string): Promise<MessageBuilder> {
    const { render } = renderer;
    const [description, truncated] = truncateInRunes(render(this.#config.description), MAX_SUMMARY_RUNES);
    if (truncated) this.#rt.logger.warn({ key, max_runes: MAX_SUMMARY_RUNES }, 'Truncated description');
    const inline = this.#config.service_key?.reveal() ?? '';
    const serviceKey = render(inline !== '' ? inline : await readSecretFile(this.#config.service_key_file, 'failed to read service key from file'));
    const client = eventType === 'trigger' ? render(this.#config.client) : '';
    const clientUrl = eventType === 'trigger' ? render(this.#config.client_url) : '';
    renderer.throwIfFailed('failed to template PagerDuty v1 message');
    if (serviceKey === '') throw new NotifyError('service key cannot be empty', { retryable: false });
    return (details) =>
      goStruct([
        ['service_key', omitEmpty(serviceKey)],
        ['incident_key', omitEmpty(key)],
        ['event_type', omitEmpty(eventType)],
        ['description', omitEmpty(description)],
        ['event_action', '""'],
        ['payload', 'null'],
        ['client', omitEmpty(client)],
        ['client_url', omitEmpty(clientUrl)],
        ['details', details],
      ]);
  }

  async #v2Message(renderer: TextRenderer, eventType: string, key: string): Promise<MessageBuilder> {
    const { render } = renderer;
    const c = this.#config;
    const [summary, truncated] = truncateInRunes(render(c.description), MAX_SUMMARY_RUNES);
    if (truncated) this.#rt.logger.warn({ key, max_runes: MAX_SUMMARY_RUNES }, 'Truncated summary');
    const inline = c.routing_key?.reveal() ?? '';
    const rawKey = inline !== '' ? inline : await readSecretFile(c.routing_key_file, 'failed to read routing key from file');
    const client = render(c.client);
    const clientUrl = render(c.client_url);
    const routingKey = render(rawKey);
    const source = render(c.source);
    const severity = render(c.severity === '' ? 'error' : c.severity);
    const klass = render(c.class);
    const component = render(c.component);
    const group = render(c.group);
    const images: string[] = [];
    for (const img of c.images ?? []) {
      const src = render(img.src);
      const alt = render(img.alt);
      const href = render(img.href);
      if (src !== '') images.push(goStruct([['src', goJsonString(src)], ['alt', goJsonString(alt)], ['href', goJsonString(href)]]));
    }
    const links: string[] = [];
    for (const link of c.links ?? []) {
      const href = render(link.href);
      const text = render(link.text);
      if (href !== '') links.push(goStruct([['href', goJsonString(href)], ['text', goJsonString(text)]]));
    }
    renderer.throwIfFailed('failed to template PagerDuty v2 message');
    if (routingKey === '') throw new NotifyError('routing key cannot be empty', { retryable: false });
    return (details) =>
      goStruct([
        ['routing_key', omitEmpty(routingKey)],
        ['dedup_key', omitEmpty(key)],
        ['event_action', goJsonString(eventType)],
        [
          'payload',
          goStruct([
            ['summary', goJsonString(summary)],
            ['source', goJsonString(source)],
            ['severity', goJsonString(severity)],
            ['class', omitEmpty(klass)],
            ['component', omitEmpty(component)],
            ['group', omitEmpty(group)],
            ['custom_details', details],
          ]),
        ],
        ['client', omitEmpty(client)],
        ['client_url', omitEmpty(clientUrl)],
        ['images', images.length === 0 ? undefined : `[${images.join(',')}]`],
        ['links', links.length === 0 ? undefined : `[${links.join(',')}]`],
      ]);
  }

  // json.Encoder output; over 512000 bytes the details give way to an error note.
  #encode(build: MessageBuilder, details: Map<string, string>, groupKey: string): string {
    const body = `${build(detailsJson(details))}\n`;
    const size = Buffer.byteLength(body, 'utf8');
    if (size <= MAX_EVENT_SIZE) return body;
    const note = `Custom details have been removed because the original event exceeds the maximum size of ${metricBytes(MAX_EVENT_SIZE)}`;
    this.#rt.logger.warn(
      { group_key: groupKey },
      `Truncated Details because message of size ${metricBytes(size)} exceeds limit ${metricBytes(MAX_EVENT_SIZE)}`,
    );
    return `${build(`{"error":${goJsonString(note)}}`)}\n`;
  }
}

/** Builds the message JSON around the encoded details (undefined = omitted, as omitempty). */
type MessageBuilder = (details: string | undefined) => string;

// A map[string]any of already-encoded values, keys in Go's order; empty maps are omitted.
function detailsJson(details: Map<string, string>): string | undefined {
  if (details.size === 0) return undefined;
  const keys = sortGoStrings([...details.keys()]);
  return `{${keys.map((k) => `${goJsonString(k)}:${details.get(k) as string}`).join(',')}}`;
}

// PagerDuty's 400 answer `{"status","message","errors"}` as `message: e1,e2`; nothing otherwise.
function errDetails(statusCode: number, body: string): string {
  if (statusCode !== 400) return '';
  try {
    const parsed = JSON.parse(body) as { message?: unknown; errors?: unknown };
    const message = typeof parsed.message === 'string' ? parsed.message : '';
    const errors = Array.isArray(parsed.errors) ? parsed.errors.filter((e) => typeof e === 'string') : [];
    return `${message}: ${errors.join(',')}`;
  } catch {
    return '';
  }
}

/**
 * Builds the notifier of one `pagerduty_configs` entry.
 * @param deps the integration deps; `logger` receives truncation warnings.
 */
export function createPagerdutyNotifier(config: PagerdutyConfig, deps: IntegrationDeps, options: PagerdutyOptions = {}): Notifier {
  return new PagerdutyNotifier(config, deps, options);
}
