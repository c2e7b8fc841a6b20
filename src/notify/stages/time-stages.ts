import type { Alert } from '../../alerts/alert.ts';
import type { NamedTimeIntervals } from '../../timeintervals/types.ts';
import { matchingIntervalNames } from '../../timeintervals/evaluate.ts';
import type { NotifyMetrics } from '../metrics.ts';
import type { Stage, StageContext } from './stage.ts';

const NONE: readonly string[] = [];

/**
 * Drops every alert of the group while the flush time is inside one of the route's
 * `mute_time_intervals`, marking the group muted by the matching names (`TimeMuteStage`).
 */
export class TimeMuteStage implements Stage {
  readonly #intervals: () => NamedTimeIntervals;
  readonly #metrics: NotifyMetrics | undefined;

  /** `intervals` is read on every flush, so a reload can swap the definitions. */
  constructor(intervals: () => NamedTimeIntervals, metrics?: NotifyMetrics) {
    this.#intervals = intervals;
    this.#metrics = metrics;
  }

  exec(ctx: StageContext, alerts: readonly Alert[]): readonly Alert[] {
    const { flush } = ctx;
    if (flush.muteTimeIntervals.length === 0) {
      flush.marker.setGroupMuted(flush.routeId, flush.groupKey, NONE);
      return alerts;
    }
    const mutedBy = matchingIntervalNames(this.#intervals(), flush.muteTimeIntervals, new Date(flush.now));
    flush.marker.setGroupMuted(flush.routeId, flush.groupKey, mutedBy);
    if (mutedBy.length === 0) return alerts;
    this.#metrics?.suppressedTotal.labels('mute_time_interval').inc(alerts.length);
    ctx.logger.debug({ groupKey: flush.groupKey, alerts: alerts.length }, 'Notifications not sent, route is within mute time');
    return [];
  }
}

/**
 * Drops every alert of the group while the flush time is outside all of the route's
 * `active_time_intervals`, marking the group muted by all of them (`TimeActiveStage`).
 */
export class TimeActiveStage implements Stage {
  readonly #intervals: () => NamedTimeIntervals;
  readonly #metrics: NotifyMetrics | undefined;

  constructor(intervals: () => NamedTimeIntervals, metrics?: NotifyMetrics) {
    this.#intervals = intervals;
    this.#metrics = metrics;
  }

  exec(ctx: StageContext, alerts: readonly Alert[]): readonly Alert[] {
    const { flush } = ctx;
    const names = flush.activeTimeIntervals;
    if (names.length === 0) {
      flush.marker.setGroupMuted(flush.routeId, flush.groupKey, NONE);
      return alerts;
    }
    const active = matchingIntervalNames(this.#intervals(), names, new Date(flush.now)).length > 0;
    flush.marker.setGroupMuted(flush.routeId, flush.groupKey, active ? NONE : names);
    if (active) return alerts;
    this.#metrics?.suppressedTotal.labels('active_time_interval').inc(alerts.length);
    ctx.logger.debug({ groupKey: flush.groupKey, alerts: alerts.length }, 'Notifications not sent, route is not within active time');
    return [];
  }
}
