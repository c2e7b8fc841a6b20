import { NotifyError } from '../notify-error.ts';
import { renderWebhookPayload } from './webhook-payload.ts';
import type { NotificationContext } from '../notifier.ts';
import type { Alert } from '../../alerts/alert.ts';
import { LARGE_INPUT_ALERTS } from '../templates.ts';
import type { NotificationTemplates, TemplateInput } from '../templates.ts';

// The last large input made for a notification context, so that its attempts (and the data
// prepared before them) share one input and so one template data.
const inputs = new WeakMap<NotificationContext, TemplateInput>();

/**
 * The template input of one notification; for a large one, the same object again for the same
 * context and alerts.
 */
export function templateInput(ctx: NotificationContext, externalURL: string, alerts: readonly Alert[]): TemplateInput {
  const large = alerts.length > LARGE_INPUT_ALERTS;
  const last = large ? inputs.get(ctx) : undefined;
  if (last !== undefined && last.alerts === alerts && last.externalURL === externalURL) return last;
  const { flush } = ctx;
  const input: TemplateInput = {
    receiver: flush.receiver,
    groupLabels: flush.groupLabels,
    routeLabels: flush.routeLabels,
    reason: ctx.reason,
    externalURL,
    now: flush.now,
    alerts,
  };
  if (large) inputs.set(ctx, input);
  return input;
}

/** The renderer of one notification's config strings, over the integration's templates. */
export function notificationRenderer(
  rt: { readonly templates: NotificationTemplates; readonly externalURL: string },
  ctx: NotificationContext,
  alerts: readonly Alert[],
): TextRenderer {
  return new TextRenderer(rt.templates, templateInput(ctx, rt.externalURL, alerts));
}

/**
 * Alertmanager's `notify.TmplText`: renders config strings until the first failure, which is kept
 * in `error`; every later string renders as "" (integrations check it once, as Go's do).
 */
export class TextRenderer {
  readonly #templates: NotificationTemplates;
  readonly #input: TemplateInput;
  #error: Error | undefined;

  constructor(templates: NotificationTemplates, input: TemplateInput) {
    this.#templates = templates;
    this.#input = input;
  }

  get error(): Error | undefined {
    return this.#error;
  }

  // An arrow so callers can destructure `render` and pass it on.
  readonly render = (text: string): string => {
    if (this.#error !== undefined || text === '') return '';
    try {
      return this.#templates.executeText(text, this.#input);
    } catch (error) {
      this.#error = error instanceof Error ? error : new Error(String(error));
      return '';
    }
  };

  /**
   * A config value rendered as Alertmanager's `DeepCopyWithTemplate` and encoded as JSON: as
   * prepared ahead when it was, otherwise through `render` (so a failure is kept in `error`).
   */
  payload(value: unknown): string {
    return this.#templates.preparedPayload?.(value, this.#input) ?? renderWebhookPayload(value, this.render);
  }

  /** Throws the first template failure as a non-retryable `NotifyError`, `<prefix>: <error>` when given a prefix. */
  throwIfFailed(prefix?: string): void {
    if (this.#error === undefined) return;
    const message = prefix === undefined ? this.#error.message : `${prefix}: ${this.#error.message}`;
    throw new NotifyError(message, { retryable: false, cause: this.#error });
  }
}
