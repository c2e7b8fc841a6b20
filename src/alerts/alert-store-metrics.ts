import { Counter, Gauge } from 'prom-client';
import type { Registry } from 'prom-client';

export interface AlertStoreMetricsOptions {
  /** `--alerts.per-alertname-limit` as given (0 or negative: unlimited), which the gauge shows. */
  readonly perAlertNameLimit: number;
  /** `--enable-feature=alert-names-in-metrics`: count refused alerts per alertname. */
  readonly alertNamesInMetrics: boolean;
}

/**
 * Alertmanager 0.34's metrics of the per-alertname limit: `alertmanager_alerts_per_alert_limit`
 * and `alertmanager_alerts_limited_total` (with an `alertname` label only under the feature flag).
 */
export class AlertStoreMetrics {
  readonly #limitedTotal: Counter<'alertname'>;
  readonly #byName: boolean;

  constructor(registry: Registry, options: AlertStoreMetricsOptions) {
    const registers = [registry];
    new Gauge({
      name: 'alertmanager_alerts_per_alert_limit',
      help: 'Current limit on number of alerts per alert name',
      registers,
    }).set(options.perAlertNameLimit);
    this.#byName = options.alertNamesInMetrics;
    this.#limitedTotal = new Counter({
      name: 'alertmanager_alerts_limited_total',
      help: 'Total number of alerts that were dropped due to per alert name limit',
      labelNames: this.#byName ? ['alertname'] : [],
      registers,
    });
  }

  /** Counts an alert the limit refused. */
  limited(alertname: string): void {
    if (this.#byName) this.#limitedTotal.labels(alertname).inc();
    else this.#limitedTotal.inc();
  }
}
