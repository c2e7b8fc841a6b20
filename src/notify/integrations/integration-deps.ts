import { VERSION } from '../../common/version.ts';
import type { HttpClientCache } from '../../http-client/http-client-cache.ts';
import type { NotifyLogger } from '../logger.ts';
import type { NotificationTemplates } from '../templates.ts';

/** The `User-Agent` of every notification request. */
export const DEFAULT_USER_AGENT = `Tocsin/${VERSION}`;

/** What every integration's factory gets besides its own configuration. */
export interface IntegrationDeps {
  readonly http: HttpClientCache;
  readonly templates: NotificationTemplates;
  /** `--web.external-url`, as `.ExternalURL` and the webhook's `externalURL`. */
  readonly externalURL: string;
  readonly userAgent?: string;
  /** Receives Alertmanager's warnings (truncated fields and the like); silent when absent. */
  readonly logger?: NotifyLogger;
}
