/**
 * Evaluates time intervals at an instant, with Alertmanager 0.34 semantics
 * (`TimeInterval.ContainsTime`, `Intervener.Mutes`).
 */

import type { NamedTimeIntervals, Range, TimeInterval } from './types.ts';

/** Wall-clock fields of an instant in some zone. */
interface LocalTime {
  readonly year: number;
  /** 1..12 */
  readonly month: number;
  /** 1..31 */
  readonly day: number;
  /** 0 = Sunday */
  readonly weekday: number;
  readonly minuteOfDay: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

const WEEKDAY_OFFSETS = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4];

// Day of the week of a proleptic Gregorian date, 0 = Sunday (Sakamoto's method).
function weekdayOf(year: number, month: number, day: number): number {
  const y = month < 3 ? year - 1 : year;
  const w = y + Math.floor(y / 4) - Math.floor(y / 100) + Math.floor(y / 400) + (WEEKDAY_OFFSETS[month - 1] as number) + day;
  return ((w % 7) + 7) % 7;
}

function localTime(at: Date, zone: string): LocalTime {
  if (zone === 'UTC') {
    return {
      year: at.getUTCFullYear(),
      month: at.getUTCMonth() + 1,
      day: at.getUTCDate(),
      weekday: at.getUTCDay(),
      minuteOfDay: at.getUTCHours() * 60 + at.getUTCMinutes(),
    };
  }
  if (zone === 'Local') {
    return {
      year: at.getFullYear(),
      month: at.getMonth() + 1,
      day: at.getDate(),
      weekday: at.getDay(),
      minuteOfDay: at.getHours() * 60 + at.getMinutes(),
    };
  }
  let year = 0;
  let month = 0;
  let day = 0;
  let minuteOfDay = 0;
  for (const part of formatterFor(zone).formatToParts(at)) {
    switch (part.type) {
      case 'year':
        year = Number(part.value);
        break;
      case 'month':
        month = Number(part.value);
        break;
      case 'day':
        day = Number(part.value);
        break;
      case 'hour':
        minuteOfDay += Number(part.value) * 60;
        break;
      case 'minute':
        minuteOfDay += Number(part.value);
        break;
    }
  }
  return { year, month, day, weekday: weekdayOf(year, month, day), minuteOfDay };
}

// Calendar length of the month, independent of DST (the 0.34 fix #5447).
function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function inRanges(ranges: readonly Range[], v: number): boolean {
  return ranges.some((r) => v >= r.begin && v <= r.end);
}

function clamp(n: number, min: number, max: number): number {
  return n <= min ? min : n >= max ? max : n;
}

function inDaysOfMonth(ranges: readonly Range[], t: LocalTime): boolean {
  const days = daysInMonth(t.year, t.month);
  for (const r of ranges) {
    const begin = r.begin < 0 ? days + r.begin + 1 : r.begin;
    const end = r.end < 0 ? days + r.end + 1 : r.end;
    // A range starting after the end of this month does not apply to it.
    if (begin > days) continue;
    if (t.day >= clamp(begin, -days, days) && t.day <= clamp(end, -days, days)) return true;
  }
  return false;
}

/**
 * Whether the instant falls inside the interval, read as wall-clock time in its location (UTC
 * when none). Time ranges exclude their end minute; negative days count back from the month end.
 */
export function intervalContains(ti: TimeInterval, at: Date): boolean {
  const t = localTime(at, ti.location ?? 'UTC');
  if (ti.times !== undefined && !ti.times.some((r) => t.minuteOfDay >= r.startMinute && t.minuteOfDay < r.endMinute)) {
    return false;
  }
  if (ti.daysOfMonth !== undefined && !inDaysOfMonth(ti.daysOfMonth, t)) return false;
  if (ti.months !== undefined && !inRanges(ti.months, t.month)) return false;
  if (ti.weekdays !== undefined && !inRanges(ti.weekdays, t.weekday)) return false;
  if (ti.years !== undefined && !inRanges(ti.years, t.year)) return false;
  return true;
}

/** Whether any interval of the list contains the instant. */
export function anyIntervalContains(list: readonly TimeInterval[], at: Date): boolean {
  return list.some((ti) => intervalContains(ti, at));
}

/**
 * The names among `names` whose intervals contain the instant, as `Intervener.Mutes` reports
 * them: a name appears once per matching entry of its list.
 * @throws {Error} `time interval NAME doesn't exist in config` for an unknown name.
 */
export function matchingIntervalNames(intervals: NamedTimeIntervals, names: readonly string[], at: Date): string[] {
  const matched: string[] = [];
  for (const name of names) {
    const list = intervals.get(name);
    if (list === undefined) throw new Error(`time interval ${name} doesn't exist in config`);
    for (const ti of list) if (intervalContains(ti, at)) matched.push(name);
  }
  return matched;
}
