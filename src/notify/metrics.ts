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

export interface NotifyMetricsOptions {
  /** `--enable-feature=receiver-name-in-metrics`: a `receiver_name` label on the per-integration series. */
  readonly receiverNames?: boolean;
}

/** An integration of a receiver in use, whose series `initializeFor` creates. */
export interface IntegrationOfReceiver {
  readonly receiver: string;
  /** The integration type, e.g. `webhook`. */
  readonly name: string;
}

type IntegrationLabel = 'integration' | 'receiver_name';

/** The pipeline's metrics with Alertmanager 0.34's names, help texts, labels and buckets. */
export class NotifyMetrics {
  readonly notificationsTotal: Counter<IntegrationLabel>;
  readonly notificationsFailedTotal: Counter<IntegrationLabel | 'reason'>;
  readonly requestsTotal: Counter<IntegrationLabel>;
  readonly requestsFailedTotal: Counter<IntegrationLabel>;
  readonly suppressedTotal: Counter<'reason'>;
  readonly latencySeconds: Histogram<IntegrationLabel>;
  readonly #byReceiver: boolean;

  constructor(registry: Registry, options: NotifyMetricsOptions = {}) {
    const registers = [registry];
    this.#byReceiver = options.receiverNames === true;
    const labelNames: IntegrationLabel[] = this.#byReceiver ? ['integration', 'receiver_name'] : ['integration'];
    this.notificationsTotal = new Counter({
      name: 'alertmanager_notifications_total',
      help: 'The total number of attempted notifications.',
      labelNames,
      registers,
    });
    this.notificationsFailedTotal = new Counter({
      name: 'alertmanager_notifications_failed_total',
      help: 'The total number of failed notifications.',
      labelNames: [...labelNames, 'reason'],
      registers,
    });
    this.requestsTotal = new Counter({
      name: 'alertmanager_notification_requests_total',
      help: 'The total number of attempted notification requests.',
      labelNames,
      registers,
    });
    this.requestsFailedTotal = new Counter({
      name: 'alertmanager_notification_requests_failed_total',
      help: 'The total number of failed notification requests.',
      labelNames,
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
      labelNames,
      buckets: [1, 5, 10, 15, 20],
      registers,
    });
    // Without receiver names every integration type's series exist from the start; with them,
    // only those of the receivers in use, from `initializeFor`.
    if (!this.#byReceiver) for (const integration of INTEGRATION_NAMES) this.#zero({ integration });
  }

  /**
   * Makes the series of the integrations a new configuration uses, as Alertmanager's
   * `InitializeFor` does on each (re)load: with receiver names, the series of receivers no
   * longer configured go and every count starts again from 0 (a counter reset to Prometheus).
   */
  initializeFor(integrations: readonly IntegrationOfReceiver[]): void {
    if (!this.#byReceiver) return;
    for (const metric of [this.notificationsTotal, this.notificationsFailedTotal, this.requestsTotal, this.requestsFailedTotal, this.latencySeconds]) metric.reset();
    for (const { receiver, name } of integrations) this.#zero(this.#labels(name, receiver));
  }

  /** The per-notification series of an integration of `receiver`. */
  forIntegration(integration: string, receiver: string): IntegrationCounters {
    const labels = this.#labels(integration, receiver);
    return {
      notifications: this.notificationsTotal.labels(labels),
      requests: this.requestsTotal.labels(labels),
      requestsFailed: this.requestsFailedTotal.labels(labels),
      latency: this.latencySeconds.labels(labels),
    };
  }

  /** Counts a failed notification (all retries exhausted or a final error). */
  failed(integration: string, receiver: string, reason: FailureReason): void {
    this.notificationsFailedTotal.labels({ ...this.#labels(integration, receiver), reason }).inc();
  }

  #labels(integration: string, receiver: string): Partial<Record<IntegrationLabel, string>> {
    return this.#byReceiver ? { integration, receiver_name: receiver } : { integration };
  }

  #zero(labels: Partial<Record<IntegrationLabel, string>>): void {
    this.notificationsTotal.labels(labels).inc(0);
    this.requestsTotal.labels(labels).inc(0);
    this.requestsFailedTotal.labels(labels).inc(0);
    this.latencySeconds.zero(labels);
    for (const reason of FAILURE_REASONS) this.notificationsFailedTotal.labels({ ...labels, reason }).inc(0);
  }
}
