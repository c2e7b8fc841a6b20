/**
 * html/template for Tocsin: contextual auto-escaping through the engine's `prepare` seam.
 * A TemplateSet created with `funcs: escaperFuncs` and `prepare: htmlEscapeHook` behaves as Go's
 * html/template set.
 */
import type { PrepareHook } from '../template-set.ts';
import { escapeTemplate } from './escape.ts';

export { escaperFuncs, FILTER_FAILSAFE, isSafeUrl, stripTags } from './escapers.ts';
export { SafeContent, safeHtml, safeUrl } from './content.ts';
export type { ContentKind } from './content.ts';
export { escapeTemplate } from './escape.ts';

/** The prepare hook that escapes a template before its first execution. */
export const htmlEscapeHook: PrepareHook = (name, set) => {
  escapeTemplate(set, name);
};
