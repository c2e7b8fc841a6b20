/**
 * The `time_intervals` model of Alertmanager (`timeinterval.TimeInterval`).
 *
 * A field that is absent places no constraint; a present field matches when any of its ranges
 * does, and every present field must match. An empty array is present and so matches nothing,
 * as in Alertmanager, where `weekdays: []` yields a non-nil empty list.
 */

/** Minutes of the day, `startMinute` inclusive and `endMinute` exclusive (0..1440). */
export interface TimeRange {
  readonly startMinute: number;
  readonly endMinute: number;
}

/** An inclusive range of integers. */
export interface Range {
  readonly begin: number;
  readonly end: number;
}

export interface TimeInterval {
  readonly times?: readonly TimeRange[];
  /** 0 = Sunday .. 6 = Saturday. */
  readonly weekdays?: readonly Range[];
  /** 1..31, or -31..-1 counting back from the month's last day (-1). */
  readonly daysOfMonth?: readonly Range[];
  /** 1 = January .. 12 = December. */
  readonly months?: readonly Range[];
  readonly years?: readonly Range[];
  /** An IANA zone name, `UTC` or `Local` (the process's zone); absent means UTC. */
  readonly location?: string;
}

/** The config's `time_intervals` (and legacy `mute_time_intervals`): name to its interval list. */
export type NamedTimeIntervals = ReadonlyMap<string, readonly TimeInterval[]>;
