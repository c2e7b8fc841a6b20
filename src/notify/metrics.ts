import { Counter, Histogram } from 'prom-client';
import type { Registry } from 'prom-client';
import { FAILURE_REASONS } from './notify-error.ts';
import type { FailureReason } from './notify-error.ts';

/** Why alerts were dropped before notifying (`alertmanager_notifications_suppressed_total{reason}`). */
export type SuppressionReason = 'silence' | 'inhibition' | 'mute_time_interval' | 'active_time_interval';

/** Integration types pre-initialised on every metric, as Alertmanager 0.34 does. */
export const INTEGRATION_NAMES: readonly string[] = [
  'email',
  'pagerduty',
  'wechat',
  'pushover',
  'slack',
  'opsgenie',
  'webhook',
  'victorops',
  'sns',
  'telegram',
  'discord',
  'webex',
  'msteams',
  'msteamsv2',
  'incidentio',
  'jira',
  'rocketchat',
  'mattermost',
];

/** One integration type's series, looked up once rather than per notification. */
export interface IntegrationCounters {
  readonly notifications: { inc(): void };
  readonly requests: { inc(): void };
  readonly requestsFailed: { inc(): void };
  readonly latency: { observe(seconds: number): void };
}

/** The pipeline's metrics with Alertmanager 0.34's names, help texts, labels and buckets. */
export class NotifyMetrics {
  readonly notificationsTotal: Counter<'integration'>;
  readonly notificationsFailedTotal: Counter<'integration' | 'reason'>;
  readonly requestsTotal: Counter<'integration'>;
  readonly requestsFailedTotal: Counter<'integration'>;
  readonly suppressedTotal: Counter<'reason'>;
  readonly latencySeconds: Histogram<'integration'>;

  constructor(registry: Registry) {
    const registers = [registry];
    this.notificationsTotal = new Counter({
      name: 'alertmanager_notifications_total',
      help: 'The total number of attempted notifications.',
      labelNames: ['integration'],
      registers,
    });
    this.notificationsFailedTotal = new Counter({
      name: 'alertmanager_notifications_failed_total',
      help: 'The total number of failed notifications.',
      labelNames: ['integration', 'reason'],
      registers,
    });
    this.requestsTotal = new Counter({
      name: 'alertmanager_notification_requests_total',
      help: 'The total number of attempted notification requests.',
      labelNames: ['integration'],
      registers,
    });
    this.requestsFailedTotal = new Counter({
      name: 'alertmanager_notification_requests_failed_total',
      help: 'The total number of failed notification requests.',
      labelNames: ['integration'],
      registers,
    });
    this.suppressedTotal = new Counter({
      name: 'alertmanager_notifications_suppressed_total',
      help: 'The total number of notifications suppressed for being silenced, inhibited, outside of active time intervals or within muted time intervals.',
      labelNames: ['reason'],
      registers,
    });
    this.latencySeconds = new Histogram({
      name: 'alertmanager_notification_latency_seconds',
      help: 'The latency of notifications in seconds.',
      labelNames: ['integration'],
      buckets: [1, 5, 10, 15, 20],
      registers,
    });
    for (const integration of INTEGRATION_NAMES) {
      this.notificationsTotal.labels(integration).inc(0);
      this.requestsTotal.labels(integration).inc(0);
      this.requestsFailedTotal.labels(integration).inc(0);
      this.latencySeconds.zero({ integration });
      for (const reason of FAILURE_REASONS) this.notificationsFailedTotal.labels(integration, reason).inc(0);
    }
  }

  /** The per-notification series of an integration type. */
  forIntegration(integration: string): IntegrationCounters {
    return {
      notifications: this.notificationsTotal.labels(integration),
      requests: this.requestsTotal.labels(integration),
      requestsFailed: this.requestsFailedTotal.labels(integration),
      latency: this.latencySeconds.labels(integration),
    };
  }

  /** Counts a failed notification (all retries exhausted or a final error). */
  failed(integration: string, reason: FailureReason): void {
    this.notificationsFailedTotal.labels(integration, reason).inc();
  }
}
