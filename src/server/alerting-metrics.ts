/**
 * Gauges over the alerting state, computed at scrape time with Alertmanager's names:
 * `alertmanager_alerts{state}`, `alertmanager_silences{state}`,
 * `alertmanager_dispatcher_aggregation_groups`, `alertmanager_inhibition_rules`,
 * `alertmanager_receivers`, `alertmanager_integrations`. Receivers and integrations count only
 * what some route uses, as Alertmanager builds nothing else.
 */
import { Gauge } from 'prom-client';
import type { Registry } from 'prom-client';
import type { Clock } from '../common/clock.ts';
import type { AlertState } from '../dispatch/markers.ts';
import type { SilenceStore } from '../silences/silence-store.ts';
import type { Generation } from './generation.ts';

export interface AlertingMetricsSources {
  readonly clock: Clock;
  readonly silences: SilenceStore;
  current(): Generation | undefined;
  /** `--enable-feature=group-key-in-metrics`: `alertmanager_alerts` per aggregation group. */
  readonly groupKeyInMetrics?: boolean;
}

const ALERT_STATES = ['active', 'suppressed', 'unprocessed'] as const;

export function registerAlertingMetrics(registry: Registry, sources: AlertingMetricsSources): void {
  const byGroup = sources.groupKeyInMetrics === true;
  new Gauge({
    name: 'alertmanager_alerts',
    help: 'How many alerts by state.',
    labelNames: byGroup ? ['state', 'group_key'] : ['state'],
    registers: [registry],
    async collect() {
      // As in Alertmanager 0.34: the states the pipeline marked at each group's last flush,
      // and no samples at all while the dispatcher is not running.
      // The counts yield to the event loop, so the samples are replaced only once all are known:
      // a scrape that overlaps this one then never reads a partial set.
      const dispatcher = sources.current()?.dispatcher;
      if (dispatcher?.running !== true) {
        this.reset();
        return;
      }
      const now = sources.clock.now();
      if (byGroup) {
        const byKey: [string, Record<AlertState, number>][] = [];
        await dispatcher.countAlertsByGroup(now, (groupKey, counts) => byKey.push([groupKey, counts]));
        this.reset();
        for (const [groupKey, counts] of byKey) for (const state of ALERT_STATES) this.set({ state, group_key: groupKey }, counts[state]);
        return;
      }
      const counts = await dispatcher.countAlertsByState(now);
      this.reset();
      for (const state of ALERT_STATES) this.set({ state }, counts[state]);
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
      this.set(sources.current()?.receivers.length ?? 0);
    },
  });
  new Gauge({
    name: 'alertmanager_integrations',
    help: 'Number of configured integrations.',
    registers: [registry],
    collect() {
      const generation = sources.current();
      let count = 0;
      if (generation !== undefined) for (const receiver of generation.receivers) count += generation.integrations(receiver.name)?.length ?? 0;
      this.set(count);
    },
  });
}
