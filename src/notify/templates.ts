import type { Alert } from '../alerts/alert.ts';
import type { NotificationDataInput } from './notification-data.ts';

/** Inputs of more alerts than this are large: their template data is worth building ahead, in slices. */
export const LARGE_INPUT_ALERTS = 256;

/** What a notification's template data is built from: the flush facts and the alerts sent. */
export interface TemplateInput extends NotificationDataInput {
  readonly alerts: readonly Alert[];
}

/** The config values an integration renders for a notification. */
export interface TemplateTexts {
  /** Strings rendered as text/template. */
  readonly text: readonly string[];
  /** Strings rendered as html/template. */
  readonly html: readonly string[];
  /** Values rendered as Alertmanager's `DeepCopyWithTemplate` and encoded as JSON (PagerDuty's details, Jira's fields). */
  readonly payloads: readonly unknown[];
}

/**
 * The slice of the template layer integrations use: Go text/template execution of a config
 * string (a templated URL, title, …) against a notification's data. `alertmanagerTemplates`
 * adapts the loaded templates to it.
 */
export interface NotificationTemplates {
  /** Renders `text` as a text template; throws when it does not parse or execute. */
  executeText(text: string, input: TemplateInput): string;
  /** Renders `text` as an html/template (contextual escaping), as email bodies are. */
  executeHtml(text: string, input: TemplateInput): string;
  /**
   * Gets a large input ready ahead of rendering without holding up the event loop: renders
   * `texts` off the main thread where it can, and otherwise builds the template data a slice of
   * the event loop's time at a time. Resolves when done and never rejects; undefined when there
   * is nothing to do ahead.
   */
  prepare?(input: TemplateInput, texts?: TemplateTexts): Promise<void> | undefined;
  /** The JSON of one of `texts.payloads` as prepared for `input`; undefined when it was not. */
  preparedPayload?(payload: unknown, input: TemplateInput): string | undefined;
}

/** True when `text` contains template actions; other strings render as themselves. */
export function hasTemplateActions(text: string): boolean {
  return text.includes('{{');
}
