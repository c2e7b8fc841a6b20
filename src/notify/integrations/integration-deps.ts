import { VERSION } from '../../common/version.ts';
import type { HttpClientConfig } from '../../config/types.ts';
import type { HttpClient } from '../../http-client/http-client.ts';
import type { HttpClientCache } from '../../http-client/http-client-cache.ts';
import type { NotifyLogger } from '../logger.ts';
import { silentNotifyLogger } from '../logger.ts';
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

/** The resolved dependencies one notifier keeps. */
export interface IntegrationRuntime {
  readonly http: HttpClient;
  readonly templates: NotificationTemplates;
  readonly externalURL: string;
  readonly userAgent: string;
  /** Receives the truncation warnings Alertmanager logs. */
  readonly logger: NotifyLogger;
}

/** Picks the HTTP client of `httpConfig` and fills the defaults of `deps`; `logger` is silent when absent. */
export function integrationRuntime(deps: IntegrationDeps, httpConfig: HttpClientConfig | undefined, logger: NotifyLogger | undefined): IntegrationRuntime {
  return {
    http: deps.http.get(httpConfig),
    templates: deps.templates,
    externalURL: deps.externalURL,
    userAgent: deps.userAgent ?? DEFAULT_USER_AGENT,
    logger: logger ?? silentNotifyLogger,
  };
}
