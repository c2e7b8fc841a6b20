/**
 * The messages between the main thread and the template render worker. A job's alerts arrive in
 * chunks before its render message, so that no single message costs the main thread long to
 * serialise.
 */
import type { TemplateSource } from '../../template/alertmanager-templates.ts';
import type { TemplateAlert, TemplateInputOf } from '../template-data-input.ts';
import type { TemplateTexts } from '../templates.ts';

export type ToWorker =
  /** A template set, kept under `id` until forgotten. */
  | { readonly type: 'templates'; readonly id: number; readonly sources: readonly TemplateSource[] }
  | { readonly type: 'forget'; readonly id: number }
  /** More alerts of job `job`, in order. */
  | { readonly type: 'alerts'; readonly job: number; readonly alerts: readonly TemplateAlert[] }
  /** Render `texts` over the job's data with template set `templates`. */
  | { readonly type: 'render'; readonly job: number; readonly templates: number; readonly input: Omit<TemplateInputOf<TemplateAlert>, 'alerts'>; readonly texts: TemplateTexts };

/** A job's results, in the order of its texts; null where a text failed or could not be rendered. */
export interface FromWorker {
  readonly job: number;
  readonly text: readonly (string | null)[];
  readonly html: readonly (string | null)[];
  readonly payloads: readonly (string | null)[];
}
