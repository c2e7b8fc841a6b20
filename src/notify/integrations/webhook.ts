import type { Alert } from '../../alerts/alert.ts';
import type { WebhookConfig } from '../../config/types.ts';
import type { HttpClient, HttpResponse } from '../../http-client/http-client.ts';
import { formatGoDuration } from '../../config/go-duration.ts';
import { checkHttpStatus } from '../http-status.ts';
import { buildNotificationData } from '../notification-data.ts';
import { NotifyError } from '../notify-error.ts';
import type { NotificationContext, Notifier } from '../notifier.ts';
import { hasTemplateActions } from '../templates.ts';
import type { NotificationTemplates, TemplateInput } from '../templates.ts';
import { webhookMessage } from './webhook-message.ts';
import { renderWebhookPayload } from './webhook-payload.ts';
import { postJson } from './http-request.ts';
import { nonEmptySecretOrFile } from './secret-file.ts';
import { templateInput } from './text-renderer.ts';

function throwOnFailure(res: HttpResponse): void {
  const failure = checkHttpStatus(res.statusCode, res.body);
  if (failure !== undefined) throw failure;
}

export interface WebhookDeps {
  readonly http: HttpClient;
  readonly templates: NotificationTemplates;
  readonly externalURL: string;
  readonly userAgent: string;
}

/**
 * The generic webhook (Alertmanager's `notify/webhook`): POSTs the version 4 JSON message to the
 * (templated) `url` or the trimmed contents of `url_file`, read on every send. `max_alerts`
 * keeps the first N alerts; `timeout` bounds each attempt; `payload` replaces the body with a
 * rendered document. 2xx succeeds, 5xx is retried.
 */
export class WebhookNotifier implements Notifier {
  readonly #config: WebhookConfig;
  readonly #deps: WebhookDeps;
  readonly #timeoutMessage: string;

  constructor(config: WebhookConfig, deps: WebhookDeps) {
    this.#config = config;
    this.#deps = deps;
    this.#timeoutMessage = `configured webhook timeout reached (${formatGoDuration(config.timeout)})`;
  }

  // Not an async function: with an inline URL nothing is awaited before the request, and an
  // async function returning the request's promise would add a promise and a job to every send.
  notify(ctx: NotificationContext, alerts: readonly Alert[]): Promise<void> {
    try {
      const max = this.#config.max_alerts;
      const sent = max > 0 && alerts.length > max ? alerts.slice(0, max) : alerts;
      const input = templateInput(ctx, this.#deps.externalURL, sent);
      const body =
        this.#config.payload === undefined
          ? webhookMessage(buildNotificationData(input, sent), ctx.flush.groupKey, alerts.length - sent.length)
          : this.#renderPayload(this.#config.payload, input);
      // A large group's message is written over several turns.
      if (body instanceof Promise) return body.then((written) => this.#send(ctx, input, written));
      return this.#send(ctx, input, body);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  // Throws what `#post` throws.
  #send(ctx: NotificationContext, input: TemplateInput, body: string | Buffer): Promise<void> {
    const url = this.#inlineUrl();
    if (url !== undefined) return this.#post(ctx, input, body, url);
    return this.#rawUrl().then((raw) => this.#post(ctx, input, body, raw));
  }

  // Throws what templating the URL throws; `notify` turns that into a rejection.
  #post(ctx: NotificationContext, input: TemplateInput, body: string | Buffer, rawUrl: string): Promise<void> {
    let url = rawUrl;
    if (hasTemplateActions(url)) {
      try {
        url = this.#deps.templates.executeText(url, input);
      } catch (error) {
        throw new NotifyError(`failed to template webhook URL: ${(error as Error).message}`, { retryable: false, cause: error });
      }
    }
    if (url === '') throw new NotifyError('webhook URL is empty after templating', { retryable: false });

    return postJson(this.#deps.http, url, body, {
      signal: ctx.signal,
      timeoutMs: this.#config.timeout,
      timeoutMessage: this.#timeoutMessage,
      userAgent: this.#deps.userAgent,
    }).then(throwOnFailure);
  }

  #renderPayload(payload: unknown, input: TemplateInput): string {
    try {
      return renderWebhookPayload(payload, (text) => (hasTemplateActions(text) ? this.#deps.templates.executeText(text, input) : text));
    } catch (error) {
      throw new NotifyError(`failed to render custom payload: ${(error as Error).message}`, { retryable: false, cause: error });
    }
  }

  /** The inline `url` when set: no need to go through the file-reading path. */
  #inlineUrl(): string | undefined {
    const url = this.#config.url?.reveal();
    return url === undefined || url === '' ? undefined : url;
  }

  async #rawUrl(): Promise<string> {
    return nonEmptySecretOrFile(this.#config.url, this.#config.url_file, 'url_file');
  }
}
