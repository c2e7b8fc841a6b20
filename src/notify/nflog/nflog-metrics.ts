import { Counter, Gauge, Histogram } from 'prom-client';
import type { Registry } from 'prom-client';
import { GO_DEFAULT_BUCKETS, SumCountSummary } from '../../common/go-metrics.ts';

/**
 * The `alertmanager_nflog_*` metrics with Alertmanager's names and help texts (0.25 set plus the
 * 0.34 maintenance counters). Gossip propagation stays 0 until replication exists.
 */
export class NflogMetrics {
  readonly gcDuration: SumCountSummary;
  readonly snapshotDuration: SumCountSummary;
  readonly snapshotSize: Gauge;
  readonly queriesTotal: Counter;
  readonly queryErrorsTotal: Counter;
  readonly queryDuration: Histogram;
  readonly propagatedMessagesTotal: Counter;
  readonly maintenanceTotal: Counter;
  readonly maintenanceErrorsTotal: Counter;

  constructor(registry: Registry) {
    const registers = [registry];
    this.gcDuration = new SumCountSummary({
      name: 'alertmanager_nflog_gc_duration_seconds',
      help: 'Duration of the last notification log garbage collection cycle.',
      registers,
    });
    this.snapshotDuration = new SumCountSummary({
      name: 'alertmanager_nflog_snapshot_duration_seconds',
      help: 'Duration of the last notification log snapshot.',
      registers,
    });
    this.snapshotSize = new Gauge({
      name: 'alertmanager_nflog_snapshot_size_bytes',
      help: 'Size of the last notification log snapshot in bytes.',
      registers,
    });
    this.maintenanceTotal = new Counter({
      name: 'alertmanager_nflog_maintenance_total',
      help: 'How many maintenances were executed for the notification log.',
      registers,
    });
    this.maintenanceErrorsTotal = new Counter({
      name: 'alertmanager_nflog_maintenance_errors_total',
      help: 'How many maintenances were executed for the notification log that failed.',
      registers,
    });
    this.queriesTotal = new Counter({
      name: 'alertmanager_nflog_queries_total',
      help: 'Number of notification log queries were received.',
      registers,
    });
    this.queryErrorsTotal = new Counter({
      name: 'alertmanager_nflog_query_errors_total',
      help: 'Number notification log received queries that failed.',
      registers,
    });
    this.queryDuration = new Histogram({
      name: 'alertmanager_nflog_query_duration_seconds',
      help: 'Duration of notification log query evaluation.',
      buckets: [...GO_DEFAULT_BUCKETS],
      registers,
    });
    this.propagatedMessagesTotal = new Counter({
      name: 'alertmanager_nflog_gossip_messages_propagated_total',
      help: 'Number of received gossip messages that have been further gossiped.',
      registers,
    });
  }
}
