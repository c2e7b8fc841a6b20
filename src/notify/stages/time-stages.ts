import type { Alert } from '../../alerts/alert.ts';
import type { NamedTimeIntervals } from '../../timeintervals/types.ts';
import { matchingIntervalNames } from '../../timeintervals/evaluate.ts';
import type { NotifyMetrics } from '../metrics.ts';
import type { FlushContext } from '../flush.ts';
import type { Stage, StageContext } from './stage.ts';

const NONE: readonly string[] = [];

/** What tells the mute and active stages apart. */
interface TimeRule {
  /** The route's interval names the stage checks. */
  names(flush: FlushContext): readonly string[];
  /** The names the group is muted by, given those of `names` the flush time is inside. */
  mutedBy(names: readonly string[], matching: readonly string[]): readonly string[];
  /** The `reason` label of the suppressed-notifications counter. */
  readonly reason: string;
  readonly logMessage: string;
}

/**
 * Marks the group muted by what its rule says (by none when the route names no intervals) and,
 * when muted, drops every alert of the group.
 */
abstract class TimeIntervalStage implements Stage {
  readonly #rule: TimeRule;
  readonly #intervals: () => NamedTimeIntervals;
  readonly #metrics: NotifyMetrics | undefined;

  /** `intervals` is read on every flush, so a reload can swap the definitions. */
  constructor(rule: TimeRule, intervals: () => NamedTimeIntervals, metrics?: NotifyMetrics) {
    this.#rule = rule;
    this.#intervals = intervals;
    this.#metrics = metrics;
  }

  exec(ctx: StageContext, alerts: readonly Alert[]): readonly Alert[] {
    const { flush } = ctx;
    const names = this.#rule.names(flush);
    if (names.length === 0) {
      flush.marker.setGroupMuted(flush.routeId, flush.groupKey, NONE);
      return alerts;
    }
    const mutedBy = this.#rule.mutedBy(names, matchingIntervalNames(this.#intervals(), names, new Date(flush.now)));
    flush.marker.setGroupMuted(flush.routeId, flush.groupKey, mutedBy);
    if (mutedBy.length === 0) return alerts;
    this.#metrics?.suppressedTotal.labels(this.#rule.reason).inc(alerts.length);
    ctx.logger.debug({ groupKey: flush.groupKey, alerts: alerts.length }, this.#rule.logMessage);
    return [];
  }
}

const MUTE: TimeRule = {
  names: (flush) => flush.muteTimeIntervals,
  mutedBy: (_names, matching) => matching,
  reason: 'mute_time_interval',
  logMessage: 'Notifications not sent, route is within mute time',
};

const ACTIVE: TimeRule = {
  names: (flush) => flush.activeTimeIntervals,
  mutedBy: (names, matching) => (matching.length > 0 ? NONE : names),
  reason: 'active_time_interval',
  logMessage: 'Notifications not sent, route is not within active time',
};

/**
 * Drops every alert of the group while the flush time is inside one of the route's
 * `mute_time_intervals`, marking the group muted by the matching names (`TimeMuteStage`).
 */
export class TimeMuteStage extends TimeIntervalStage {
  constructor(intervals: () => NamedTimeIntervals, metrics?: NotifyMetrics) {
    super(MUTE, intervals, metrics);
  }
}

/**
 * Drops every alert of the group while the flush time is outside all of the route's
 * `active_time_intervals`, marking the group muted by all of them (`TimeActiveStage`).
 */
export class TimeActiveStage extends TimeIntervalStage {
  constructor(intervals: () => NamedTimeIntervals, metrics?: NotifyMetrics) {
    super(ACTIVE, intervals, metrics);
  }
}
