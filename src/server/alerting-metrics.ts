/**
 * Gauges over the alerting state, computed at scrape time with Alertmanager's names:
 * `alertmanager_alerts{state}`, `alertmanager_silences{state}`,
 * `alertmanager_dispatcher_aggregation_groups`, `alertmanager_inhibition_rules`,
 * `alertmanager_receivers`, `alertmanager_integrations`.
 */
import { Gauge } from 'prom-client';
import type { Registry } from 'prom-client';
import { isResolved } from '../alerts/alert.ts';
import type { AlertStore } from '../alerts/alert-store.ts';
import type { Clock } from '../common/clock.ts';
import type { SilenceStore } from '../silences/silence-store.ts';
import type { Silencer } from '../silences/silencer.ts';
import type { Generation } from './generation.ts';

export interface AlertingMetricsSources {
  readonly clock: Clock;
  readonly alerts: AlertStore;
  readonly silences: SilenceStore;
  readonly silencer: Silencer;
  current(): Generation | undefined;
}

// A scrape over 100k alerts must not hold the event loop: count in slices.
const SLICE = 2_000;

export function registerAlertingMetrics(registry: Registry, sources: AlertingMetricsSources): void {
  new Gauge({
    name: 'alertmanager_alerts',
    help: 'How many alerts by state.',
    labelNames: ['state'] as const,
    registers: [registry],
    async collect() {
      const counts = await countAlertStates(sources);
      this.set({ state: 'active' }, counts.active);
      this.set({ state: 'suppressed' }, counts.suppressed);
      this.set({ state: 'unprocessed' }, counts.unprocessed);
    },
  });
  new Gauge({
    name: 'alertmanager_silences',
    help: 'How many silences by state.',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const counts = sources.silences.countByState();
      for (const state of ['active', 'pending', 'expired'] as const) this.set({ state }, counts[state]);
    },
  });
  new Gauge({
    name: 'alertmanager_dispatcher_aggregation_groups',
    help: 'Number of active aggregation groups',
    registers: [registry],
    collect() {
      this.set(sources.current()?.dispatcher.groupCount ?? 0);
    },
  });
  new Gauge({
    name: 'alertmanager_inhibition_rules',
    help: 'Number of configured inhibition rules.',
    registers: [registry],
    collect() {
      this.set(sources.current()?.inhibitor.stats().rules ?? 0);
    },
  });
  new Gauge({
    name: 'alertmanager_receivers',
    help: 'Number of configured receivers.',
    registers: [registry],
    collect() {
      this.set(sources.current()?.config.receivers?.length ?? 0);
    },
  });
  new Gauge({
    name: 'alertmanager_integrations',
    help: 'Number of configured integrations.',
    registers: [registry],
    collect() {
      let count = 0;
      for (const receiver of sources.current()?.config.receivers ?? []) {
        for (const [key, value] of Object.entries(receiver)) {
          if (key.endsWith('_configs') && Array.isArray(value)) count += value.length;
        }
      }
      this.set(count);
    },
  });
}

interface AlertStateCounts {
  active: number;
  suppressed: number;
  unprocessed: number;
}

/** Firing alerts by state, muting evaluated now as the API predicts it. */
async function countAlertStates(sources: AlertingMetricsSources): Promise<AlertStateCounts> {
  const counts: AlertStateCounts = { active: 0, suppressed: 0, unprocessed: 0 };
  const generation = sources.current();
  const now = sources.clock.now();
  let seen = 0;
  for (const alert of sources.alerts.values()) {
    if (++seen % SLICE === 0) await new Promise((resolve) => setImmediate(resolve));
    if (isResolved(alert, now)) continue;
    if (generation === undefined) {
      counts.unprocessed++;
      continue;
    }
    const muted =
      sources.silencer.mutes(alert.labels, alert.fingerprint).length > 0 ||
      generation.inhibitor.mutes(alert.labels, alert.fingerprint).length > 0;
    if (muted) counts.suppressed++;
    else counts.active++;
  }
  return counts;
}
