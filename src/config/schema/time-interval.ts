import {
  parseDayOfMonthRange,
  parseLocation,
  parseMonthRange,
  parseTimeRange,
  parseWeekdayRange,
  parseYearRange,
} from '../../timeintervals/parse.ts';
import type { Range, TimeRange } from '../../timeintervals/types.ts';
import { AmValidationError } from '../errors.ts';
import { list, opt, req, str, struct } from './kinds.ts';
import type { Emit, Kind, StructDef, TextKind } from './kinds.ts';

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

/** A range type of package timeinterval, parsed by src/timeintervals and printed as Go's MarshalText (months as numbers). */
function range(parse: (s: string) => Range, name: (n: number) => string = String): TextKind {
  return {
    t: 'text',
    inner: 'string',
    parse: (text) => parse(text),
    marshal: (v) => {
      const r = v as Range;
      return { e: 'str', v: r.begin === r.end ? name(r.begin) : `${name(r.begin)}:${name(r.end)}` };
    },
    isZero: (v) => v === undefined,
  };
}

const hhmm = (minutes: number): string =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** `timeinterval.TimeRange`: read through a `{start_time, end_time}` struct, kept in minutes. */
const timeRange: Kind = {
  t: 'custom',
  decode(node, dec, path) {
    const before = dec.issueCount;
    const raw = dec.decode(
      node,
      struct({ go: 'timeinterval.yamlTimeRange', fields: [req('start_time', str), req('end_time', str)] }),
      path,
    );
    // Like Go's TimeRange.UnmarshalYAML: type errors in the struct skip the checks.
    if (!raw.ok || dec.issueCount > before) return { ok: false, value: undefined };
    const { start_time: start, end_time: end } = raw.value as { start_time: string; end_time: string };
    try {
      return { ok: true, value: parseTimeRange(start, end) };
    } catch (err) {
      return dec.fail((err as Error).message, node, path);
    }
  },
  marshal: (v): Emit => {
    const t = v as TimeRange;
    return {
      e: 'map',
      entries: [
        ['start_time', { e: 'str', v: hhmm(t.startMinute) }],
        ['end_time', { e: 'str', v: hhmm(t.endMinute) }],
      ],
    };
  },
  isZero: () => false,
};

const timeIntervalSpecDef: StructDef = {
  go: 'timeinterval.TimeInterval',
  fields: [
    opt('times', list(timeRange, '[]timeinterval.TimeRange')),
    opt('weekdays', list(range(parseWeekdayRange, (n) => WEEKDAYS[n] ?? String(n)), '[]timeinterval.WeekdayRange', true)),
    { ...opt('days_of_month', list(range(parseDayOfMonthRange), '[]timeinterval.DayOfMonthRange', true)), prop: 'daysOfMonth' },
    opt('months', list(range(parseMonthRange), '[]timeinterval.MonthRange', true)),
    opt('years', list(range(parseYearRange), '[]timeinterval.YearRange', true)),
    opt('location', {
      t: 'text',
      inner: 'string',
      parse: (text) => parseLocation(text),
      marshal: (v) => ({ e: 'str', v: v as string }),
      isZero: (v) => v === undefined,
    }),
  ],
};

function namedIntervals(missingName: string): Kind {
  return struct({
    go: 'config.plain',
    fields: [req('name', str), req('time_intervals', list(struct(timeIntervalSpecDef), '[]timeinterval.TimeInterval'))],
    validate: (v) => {
      if (v.name === '') throw new AmValidationError(missingName);
    },
  });
}

export const muteTimeInterval = namedIntervals('missing name in mute time interval');
export const timeInterval = namedIntervals('missing name in time interval');
