import { Counter, Gauge, Histogram } from 'prom-client';
import type { Registry } from 'prom-client';
import { GO_DEFAULT_BUCKETS, SumCountSummary } from '../common/go-metrics.ts';

/**
 * The `alertmanager_silences_*` metrics with Alertmanager 0.34's names and help texts (the state
 * gauge `alertmanager_silences{state}` is computed at scrape time in `alerting-metrics.ts`).
 * A query is what Alertmanager's `Silences.Query` counts: a lookup by label set, by ids or by
 * version, from the silencer or the API. GC errors (state and index out of step, which this store
 * cannot get into) and gossip propagation stay 0, as they do on a single Alertmanager.
 */
export class SilenceMetrics {
  readonly gcDuration: SumCountSummary;
  readonly gcErrorsTotal: Counter;
  readonly snapshotDuration: SumCountSummary;
  readonly snapshotSize: Gauge;
  readonly maintenanceTotal: Counter;
  readonly maintenanceErrorsTotal: Counter;
  readonly matcherCompileErrorsTotal: Counter<'stage'>;
  readonly queriesTotal: Counter;
  readonly queryErrorsTotal: Counter;
  readonly queryDuration: Histogram;
  readonly querySilencesScannedTotal: Counter;
  readonly querySilencesSkippedTotal: Counter;
  readonly propagatedMessagesTotal: Counter;
  readonly stateSize: Gauge;
  readonly matcherIndexSize: Gauge;
  readonly versionIndexSize: Gauge;

  constructor(registry: Registry) {
    const registers = [registry];
    this.gcDuration = new SumCountSummary({
      name: 'alertmanager_silences_gc_duration_seconds',
      help: 'Duration of the last silence garbage collection cycle.',
      registers,
    });
    this.gcErrorsTotal = new Counter({
      name: 'alertmanager_silences_gc_errors_total',
      help: 'How many silence GC errors were encountered.',
      registers,
    });
    this.snapshotDuration = new SumCountSummary({
      name: 'alertmanager_silences_snapshot_duration_seconds',
      help: 'Duration of the last silence snapshot.',
      registers,
    });
    this.snapshotSize = new Gauge({
      name: 'alertmanager_silences_snapshot_size_bytes',
      help: 'Size of the last silence snapshot in bytes.',
      registers,
    });
    this.maintenanceTotal = new Counter({
      name: 'alertmanager_silences_maintenance_total',
      help: 'How many maintenances were executed for silences.',
      registers,
    });
    this.maintenanceErrorsTotal = new Counter({
      name: 'alertmanager_silences_maintenance_errors_total',
      help: 'How many maintenances were executed for silences that failed.',
      registers,
    });
    this.matcherCompileErrorsTotal = new Counter({
      name: 'alertmanager_silences_matcher_compile_errors_total',
      help: 'How many silence matcher compilations failed.',
      labelNames: ['stage'] as const,
      registers,
    });
    for (const stage of ['index', 'load_snapshot']) this.matcherCompileErrorsTotal.labels(stage).inc(0);
    this.queriesTotal = new Counter({
      name: 'alertmanager_silences_queries_total',
      help: 'How many silence queries were received.',
      registers,
    });
    this.queryErrorsTotal = new Counter({
      name: 'alertmanager_silences_query_errors_total',
      help: 'How many silence received queries did not succeed.',
      registers,
    });
    this.queryDuration = new Histogram({
      name: 'alertmanager_silences_query_duration_seconds',
      help: 'Duration of silence query evaluation.',
      buckets: [...GO_DEFAULT_BUCKETS],
      registers,
    });
    this.querySilencesScannedTotal = new Counter({
      name: 'alertmanager_silences_query_silences_scanned_total',
      help: 'How many silences were scanned during query evaluation.',
      registers,
    });
    this.querySilencesSkippedTotal = new Counter({
      name: 'alertmanager_silences_query_silences_skipped_total',
      help: 'How many silences were skipped during query evaluation using the version index.',
      registers,
    });
    this.propagatedMessagesTotal = new Counter({
      name: 'alertmanager_silences_gossip_messages_propagated_total',
      help: 'Number of received gossip messages that have been further gossiped.',
      registers,
    });
    this.stateSize = new Gauge({
      name: 'alertmanager_silences_state_size',
      help: 'The number of silences in the state map.',
      registers,
    });
    this.matcherIndexSize = new Gauge({
      name: 'alertmanager_silences_matcher_index_size',
      help: 'The number of entries in the matcher cache index.',
      registers,
    });
    this.versionIndexSize = new Gauge({
      name: 'alertmanager_silences_version_index_size',
      help: 'The number of entries in the version index.',
      registers,
    });
  }

  /** Counts one query that looked at `scanned` silences and skipped `skipped` by version. */
  query(startedAt: number, scanned: number, skipped = 0): void {
    this.queriesTotal.inc();
    this.querySilencesScannedTotal.inc(scanned);
    if (skipped > 0) this.querySilencesSkippedTotal.inc(skipped);
    this.queryDuration.observe((performance.now() - startedAt) / 1000);
  }
}
