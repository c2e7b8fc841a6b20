/**
 * The built-in template sources, in the order Alertmanager's FromGlobs parses them.
 */
import { DEFAULT_TMPL } from './default-tmpl.ts';
import { EMAIL_TMPL } from './email-tmpl.ts';

/** default.tmpl then email.tmpl, both parsed into the root template "" as Alertmanager does. */
export const DEFAULT_TEMPLATE_SOURCES: ReadonlyArray<{ readonly name: string; readonly text: string }> = [
  { name: '', text: DEFAULT_TMPL },
  { name: '', text: EMAIL_TMPL },
];
