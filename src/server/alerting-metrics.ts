/**
 * Gauges over the alerting state, computed at scrape time with Alertmanager's names:
 * `alertmanager_alerts{state}`, `alertmanager_silences{state}`,
 * `alertmanager_dispatcher_aggregation_groups`, `alertmanager_inhibition_rules`,
 * `alertmanager_receivers`, `alertmanager_integrations`. Receivers and integrations count only
 * what some route uses, as Alertmanager builds nothing else.
 */
import { Gauge } from 'prom-client';
import type { Registry } from 'prom-client';
import { registerSlicedFamily } from '../api/sliced-metrics.ts';
import type { Clock } from '../common/clock.ts';
import { TurnTimer } from '../common/turn-timer.ts';
import type { AlertState } from '../dispatch/markers.ts';
import { openMetricsEscape } from '../labels/matcher.ts';
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
const ALERTS_HELP = 'How many alerts by state.';
/** How long a scrape writes samples of `alertmanager_alerts` per group before it yields. */
const TURN_MS = 5;

export function registerAlertingMetrics(registry: Registry, sources: AlertingMetricsSources): void {
  if (sources.groupKeyInMetrics === true) {
    registerSlicedFamily(registry, { chunks: () => alertsByGroup(sources) });
  } else {
    new Gauge({
      name: 'alertmanager_alerts',
      help: ALERTS_HELP,
      labelNames: ['state'],
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
        const counts = await dispatcher.countAlertsByState(sources.clock.now());
        this.reset();
        for (const state of ALERT_STATES) this.set({ state }, counts[state]);
      },
    });
  }
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

/**
 * `alertmanager_alerts{state, group_key}`: three samples per aggregation group, counted and then
 * written in turns of the event loop, none while the dispatcher is not running.
 */
async function* alertsByGroup(sources: AlertingMetricsSources): AsyncGenerator<string> {
  let text = `# HELP alertmanager_alerts ${ALERTS_HELP}\n# TYPE alertmanager_alerts gauge\n`;
  const dispatcher = sources.current()?.dispatcher;
  if (dispatcher?.running === true) {
    const byGroup: [string, Record<AlertState, number>][] = [];
    await dispatcher.countAlertsByGroup(sources.clock.now(), (groupKey, counts) => byGroup.push([groupKey, counts]));
    const turn = new TurnTimer(TURN_MS);
    for (const [groupKey, counts] of byGroup) {
      const key = openMetricsEscape(groupKey);
      for (const state of ALERT_STATES) text += `alertmanager_alerts{state="${state}",group_key="${key}"} ${counts[state]}\n`;
      if (turn.spent()) {
        yield text;
        text = '';
        await turn.next();
      }
    }
  }
  yield text;
}
