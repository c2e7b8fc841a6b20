import { Counter } from 'prom-client';
import type { Registry } from 'prom-client';

/** The alert-ingest counters of API v2, with Alertmanager's names, labels and help texts. */
export interface ApiMetrics {
  /** `alertmanager_alerts_received_total{status,version="v2"}`. */
  readonly received: Counter<'status' | 'version'>;
  /** `alertmanager_alerts_invalid_total{version="v2"}`. */
  readonly invalid: Counter<'version'>;
}

/** Creates the API v2 counters in `registry` (once per registry) for `ApiDeps.metrics`. */
export function createApiMetrics(registry: Registry): ApiMetrics {
  const received = new Counter({
    name: 'alertmanager_alerts_received_total',
    help: 'The total number of received alerts.',
    labelNames: ['status', 'version'] as const,
    registers: [registry],
  });
  // Alertmanager exports these series at zero from the start, so rates and sums see them before any alert.
  received.labels('firing', 'v2').inc(0);
  received.labels('resolved', 'v2').inc(0);
  const invalid = new Counter({
    name: 'alertmanager_alerts_invalid_total',
    help: 'The total number of received alerts that were invalid.',
    labelNames: ['version'] as const,
    registers: [registry],
  });
  invalid.labels('v2').inc(0);
  return { received, invalid };
}
