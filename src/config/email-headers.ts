import type { EmailConfig } from './types.ts';

/** Alertmanager's `DefaultEmailSubject`. */
export const DEFAULT_EMAIL_SUBJECT = '{{ template "email.default.subject" . }}';

/**
 * An email config's headers as Alertmanager's email notifier completes them when it is built:
 * Subject, To and From added where the config sets none. The notifier writes these to its
 * config, so `config.original` in `GET /api/v2/status` shows them for every receiver a route uses.
 */
export function emailHeaders(config: Pick<EmailConfig, 'headers' | 'to' | 'from'>): Record<string, string> {
  return { Subject: DEFAULT_EMAIL_SUBJECT, To: config.to, From: config.from, ...config.headers };
}
