import { Summary } from 'prom-client';
import type { LabelValues, MetricObjectWithValues, MetricValueWithName, SummaryConfiguration } from 'prom-client';

/** client_golang's `prometheus.DefBuckets`, which Alertmanager's histograms use. */
export const GO_DEFAULT_BUCKETS: readonly number[] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

type SumCountConfiguration = Pick<SummaryConfiguration<string>, 'name' | 'help' | 'registers'>;

/**
 * A summary without quantiles, as client_golang exposes one whose `Objectives` are empty: only
 * `_sum` and `_count`. Observations can be added in bulk, so a hot path that handles items in
 * batches (the dispatcher routing alerts) times the batch once instead of each item; prom-client's
 * own Summary feeds every observation into a quantile digest even when no quantile is shown.
 */
export class SumCountSummary extends Summary {
  readonly #name: string;
  readonly #help: string;
  #sum = 0;
  #count = 0;

  constructor(configuration: SumCountConfiguration) {
    super({ ...configuration, percentiles: [] });
    this.#name = configuration.name;
    this.#help = configuration.help;
  }

  /** Adds `count` observations whose values total `sum`. */
  add(sum: number, count: number): void {
    this.#sum += sum;
    this.#count += count;
  }

  override observe(value: number): void;
  override observe(labels: LabelValues<string>, value: number): void;
  override observe(valueOrLabels: number | LabelValues<string>, value?: number): void {
    if (typeof valueOrLabels !== 'number' || value !== undefined) throw new TypeError(`${this.#name} has no labels`);
    this.add(valueOrLabels, 1);
  }

  override reset(): void {
    // prom-client's constructor resets the metric before this class's fields exist.
    if (!(#sum in this)) return;
    this.#sum = 0;
    this.#count = 0;
  }

  override get(): Promise<MetricObjectWithValues<MetricValueWithName<string>>> {
    const exported = {
      name: this.#name,
      help: this.#help,
      type: 'summary',
      aggregator: 'sum',
      values: [
        { labels: {}, metricName: `${this.#name}_sum`, value: this.#sum },
        { labels: {}, metricName: `${this.#name}_count`, value: this.#count },
      ],
    };
    // The shape prom-client's registry reads at run time: its published typings declare `type`
    // as a numeric enum, and a `collect` member that its own metrics do not return either.
    return Promise.resolve(exported as unknown as MetricObjectWithValues<MetricValueWithName<string>>);
  }
}
