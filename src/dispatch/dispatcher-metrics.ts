import type { Registry } from 'prom-client';
import { SumCountSummary } from '../common/go-metrics.ts';

/**
 * `alertmanager_dispatcher_alert_processing_duration_seconds`: the time the dispatcher spends
 * routing each alert into its groups, as Alertmanager's summary without quantiles. Alerts arrive
 * in batches, so a batch is timed once and counted as that many alerts. Kept across reloads, as
 * the registry holds it while dispatchers come and go.
 */
export class DispatcherMetrics {
  readonly processingDuration: SumCountSummary;

  constructor(registry: Registry) {
    this.processingDuration = new SumCountSummary({
      name: 'alertmanager_dispatcher_alert_processing_duration_seconds',
      help: 'Summary of latencies for the processing of alerts.',
      registers: [registry],
    });
  }
}
