/**
 * Turns the string values of a `time_intervals` entry into the model, with Alertmanager's
 * validation and exact error messages (`timeinterval.go` UnmarshalYAML methods), so that
 * configuration errors read as they do with amtool check-config.
 */

import { goQuote } from '../labels/go-quote.ts';
import type { Range, TimeRange } from './types.ts';

const WEEKDAYS: Readonly<Record<string, number>> = {
  sunday: 0,
  monday: 1,
  tuesday: 2,
  wednesday: 3,
  thursday: 4,
  friday: 5,
  saturday: 6,
};

const MONTH_NAMES = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
] as const;

const MIN_INT64 = -(1n << 63n);
const MAX_INT64 = (1n << 63n) - 1n;

// Go's strconv.Atoi on a 64-bit platform, with its error text.
function atoi(s: string): bigint {
  if (!/^[+-]?[0-9]+$/.test(s)) throw new Error(`strconv.Atoi: parsing ${goQuote(s)}: invalid syntax`);
  const n = BigInt(s);
  if (n < MIN_INT64 || n > MAX_INT64) throw new Error(`strconv.Atoi: parsing ${goQuote(s)}: value out of range`);
  return n;
}

// stringableRangeFromString: lower-cases the input, then reads `a:b` or a single member.
function parseRange(input: string, member: (s: string) => bigint): [begin: bigint, end: bigint] {
  const s = input.toLowerCase();
  if (!s.includes(':')) {
    const v = member(s);
    return [v, v];
  }
  const parts = s.split(':');
  if (parts.length !== 2) throw new Error(`couldn't parse range ${s}, invalid format`);
  return [member(parts[0] as string), member(parts[1] as string)];
}

function range(begin: bigint, end: bigint): Range {
  return { begin: Number(begin), end: Number(end) };
}

const TIME = /^((([01][0-9])|(2[0-3])):[0-5][0-9])$|(^24:00$)/;

function parseTime(s: string): number {
  if (!TIME.test(s)) throw new Error(`couldn't parse timestamp ${s}, invalid format`);
  const [hours, minutes] = s.split(':').map(Number) as [number, number];
  return hours * 60 + minutes;
}

/**
 * Parses `start_time`/`end_time` (`HH:MM`, `24:00` allowed as an end) into minutes of the day.
 * @throws {Error} e.g. `start time cannot be equal or greater than end time`.
 */
export function parseTimeRange(start: string, end: string): TimeRange {
  if (start === '' || end === '') throw new Error('both start and end times must be provided');
  const startMinute = parseTime(start);
  const endMinute = parseTime(end);
  if (startMinute >= endMinute) throw new Error('start time cannot be equal or greater than end time');
  return { startMinute, endMinute };
}

/**
 * Parses a `weekdays` entry such as `monday:friday` or `Sunday` (0 = Sunday).
 * @throws {Error} e.g. `funday is not a valid weekday`.
 */
export function parseWeekdayRange(s: string): Range {
  const [begin, end] = parseRange(s, (day) => {
    const n = WEEKDAYS[day];
    if (n === undefined) throw new Error(`${day} is not a valid weekday`);
    return BigInt(n);
  });
  if (begin > end) throw new Error('start day cannot be before end day');
  return range(begin, end);
}

/**
 * Parses a `days_of_month` entry such as `1:5`, `-3:-1` or `15`.
 * @throws {Error} e.g. `0 is not a valid day of the month: out of range`.
 */
export function parseDayOfMonthRange(s: string): Range {
  const [begin, end] = parseRange(s, atoi);
  for (const day of [begin, end]) {
    if (day === 0n || day < -31n || day > 31n) throw new Error(`${day} is not a valid day of the month: out of range`);
  }
  if (begin < 0n && end > 0n) throw new Error('end day must be negative if start day is negative');
  // Negative days are checked against the shortest month (28 days) to catch ranges that are always empty.
  const checkBegin = begin < 0n ? 28n + begin : begin;
  const checkEnd = end < 0n ? 28n + end : end;
  if (checkBegin > checkEnd) throw new Error(`end day ${end} is always before start day ${begin}`);
  return range(begin, end);
}

/**
 * Parses a `months` entry such as `may:august`, `1:3` or `december`. Like Alertmanager, numbers
 * are not range-checked.
 * @throws {Error} e.g. `end month march is before start month may`.
 */
export function parseMonthRange(s: string): Range {
  const [begin, end] = parseRange(s, (month) => {
    const index = (MONTH_NAMES as readonly string[]).indexOf(month);
    if (index >= 0) return BigInt(index + 1);
    try {
      return atoi(month);
    } catch {
      throw new Error(`${month} is not a valid month`);
    }
  });
  if (begin > end) {
    const name = (n: bigint): string => (n >= 1n && n <= 12n ? MONTH_NAMES[Number(n) - 1] : undefined) ?? '';
    throw new Error(`end month ${name(end)} is before start month ${name(begin)}`);
  }
  return range(begin, end);
}

/**
 * Parses a `years` entry such as `2020:2022` or `2030`.
 * @throws {Error} e.g. `end year 2020 is before start year 2022`.
 */
export function parseYearRange(s: string): Range {
  const [begin, end] = parseRange(s, atoi);
  if (begin > end) throw new Error(`end year ${end} is before start year ${begin}`);
  return range(begin, end);
}

function isKnownZone(name: string): string | undefined {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/**
 * Validates a `location` as Go's `time.LoadLocation` would and returns the name to evaluate in:
 * `UTC` for `""` or `UTC`, `Local` for `Local`, otherwise the IANA name as given.
 *
 * Zones are checked against the runtime's ICU database. Go reads the system's zoneinfo files,
 * whose names are case-sensitive; ICU's are not. So a name that differs from ICU's canonical
 * spelling only in case is rejected, and so is one with a part that does not start with a capital
 * letter, as every IANA name's parts do (`europe/berlin` and `us/eastern` fail like in Go;
 * `US/EASTERN` is accepted, unlike in Go).
 * @throws {Error} `unknown time zone Foo/Bar` or `time: invalid location name`.
 */
export function parseLocation(name: string): string {
  if (name === '' || name === 'UTC') return 'UTC';
  if (name === 'Local') return 'Local';
  if (name.includes('..') || name.startsWith('/') || name.startsWith('\\')) {
    throw new Error('time: invalid location name');
  }
  const resolved = isKnownZone(name);
  const caseVariant = resolved !== undefined && resolved !== name && resolved.toLowerCase() === name.toLowerCase();
  // This also rules out offsets such as "+01:00", which newer Intl versions accept.
  const capitalised = name.split('/').every((part) => /^[A-Z]/.test(part));
  if (resolved === undefined || caseVariant || !capitalised) throw new Error(`unknown time zone ${name}`);
  return name;
}
