/**
 * Date-times as go-openapi's `strfmt.DateTime` reads and writes them: parsing accepts the ten
 * layouts of `strfmt.DateTimeFormats` (RFC 3339 with or without fraction, offsets with or without
 * a colon, local times read as UTC, minute precision, a space instead of `T`); writing uses
 * `RFC3339Millis` (`2006-01-02T15:04:05.000Z`).
 */

import { daysFromCivil, isLeap } from '../../common/civil-date.ts';
import { parseTime } from '../../template/go-time-parse.ts';

// The forms of those layouts that clients send, read at once; the rest (and every error) is left
// to the port of Go's time.Parse, which is exact but slow (tens of microseconds).
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d\d?):(\d{2})(?::(\d{2})([.,]\d+)?)?(Z|[+-]\d{2}:\d{2}|[+-]\d{4})?|\x20(\d\d?):(\d{2}):(\d{2})([.,]\d+)?)$/;

// strfmt.DateTimeFormats, in the order ParseDateTime tries them.
const DATE_TIME_FORMATS = [
  '2006-01-02T15:04:05.000000Z07:00',
  '2006-01-02T15:04:05.000000Z0700',
  '2006-01-02T15:04:05.000Z07:00',
  '2006-01-02T15:04:05.000Z0700',
  '2006-01-02T15:04:05Z07:00',
  '2006-01-02T15:04:05.999999999Z07:00',
  '2006-01-02T15:04:05',
  '2006-01-02T15:04Z',
  '2006-01-02T15:04',
  '2006-01-02 15:04:05',
];

const MS_PER_DAY = 86_400_000;

function daysIn(month: number, year: number): number {
  if (month === 2) return isLeap(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Epoch milliseconds of a UTC calendar time; fractions below a millisecond are dropped. */
export function utcMillis(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number): number {
  return daysFromCivil(y, mo, d) * MS_PER_DAY + ((h * 60 + mi) * 60 + s) * 1000 + ms;
}

function offsetMinutes(zone: string | undefined): number | undefined {
  if (zone === undefined || zone === 'Z') return 0;
  const digits = zone.replace(':', '');
  const hours = Number(digits.slice(1, 3));
  const minutes = Number(digits.slice(3, 5));
  if (hours > 23 || minutes > 59) return undefined;
  return (zone[0] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

// The last two date-times parsed and their values: the alerts of one batch mostly share their
// startsAt and endsAt. A typed array holds the values, which module variables would box anew at
// every store.
const lastTexts = ['', ''];
const lastValues = new Float64Array(2);
let replaceNext = 0;

/**
 * Parses a date-time as `strfmt.ParseDateTime`; returns epoch milliseconds, or Go's error text
 * (that of the last layout tried, `2006-01-02 15:04:05`). The empty string is the Unix epoch.
 */
export function parseSwaggerDateTime(text: string): number | { error: string } {
  if (text === '') return 0;
  if (text === lastTexts[0]) return lastValues[0] as number;
  if (text === lastTexts[1]) return lastValues[1] as number;
  const parsed = parseLayouts(text);
  if (typeof parsed === 'number') {
    lastTexts[replaceNext] = text;
    lastValues[replaceNext] = parsed;
    replaceNext ^= 1;
  }
  return parsed;
}

function parseLayouts(text: string): number | { error: string } {
  const utc = parseUtc(text);
  if (utc !== undefined) return utc;
  const m = DATE_TIME.exec(text);
  if (m !== null) {
    const spaced = m[9] !== undefined;
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const h = Number(spaced ? m[9] : m[4]);
    const mi = Number(spaced ? m[10] : m[5]);
    const secText = spaced ? m[11] : m[6];
    const fraction = spaced ? m[12] : m[7];
    const zone = spaced ? undefined : m[8];
    // Only the RFC 3339 layouts take an offset; minute-precision ones allow a literal Z only,
    // and offsets without a colon need a 3- or 6-digit fraction.
    const layoutOk =
      (secText !== undefined || zone === undefined || zone === 'Z') &&
      (zone === undefined || zone === 'Z' || zone.includes(':') || fraction?.length === 4 || fraction?.length === 7);
    const offset = offsetMinutes(zone);
    const ms = fraction === undefined ? 0 : fractionMillis(fraction, 1, fraction.length);
    const at = layoutOk ? validMillis(y, mo, d, h, mi, Number(secText ?? 0), ms) : undefined;
    if (at !== undefined && offset !== undefined) return at - offset * 60_000;
  }
  return parseAsGo(text);
}

function parseAsGo(text: string): number | { error: string } {
  let error = '';
  for (const layout of DATE_TIME_FORMATS) {
    try {
      const time = parseTime(layout, text);
      return time.unixSec * 1000 + Math.floor(time.nsec / 1e6);
    } catch (err) {
      error = (err as Error).message;
    }
  }
  return { error };
}

function validMillis(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number): number | undefined {
  if (mo < 1 || mo > 12 || d < 1 || d > daysIn(mo, y) || h > 23 || mi > 59 || s > 59) return undefined;
  return utcMillis(y, mo, d, h, mi, s, ms);
}

/**
 * `2006-01-02T15:04:05[.fraction]Z`, the form clients almost always send, read without the
 * regular expression; undefined for anything else, which the general path then decides.
 */
function parseUtc(t: string): number | undefined {
  const n = t.length;
  if (n < 20 || t.charCodeAt(n - 1) !== 0x5a || t.charCodeAt(4) !== 0x2d || t.charCodeAt(7) !== 0x2d || t.charCodeAt(10) !== 0x54) return undefined;
  if (t.charCodeAt(13) !== 0x3a || t.charCodeAt(16) !== 0x3a) return undefined;
  if (n > 20 && (n === 21 || t.charCodeAt(19) !== 0x2e)) return undefined;
  for (let i = 20; i < n - 1; i++) {
    const digit = t.charCodeAt(i) - 0x30;
    if (digit < 0 || digit > 9) return undefined;
  }
  const ms = fractionMillis(t, 20, n - 1);
  const y = digitsAt(t, 0, 4);
  const mo = digitsAt(t, 5, 2);
  const d = digitsAt(t, 8, 2);
  const h = digitsAt(t, 11, 2);
  const mi = digitsAt(t, 14, 2);
  const s = digitsAt(t, 17, 2);
  if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || s < 0) return undefined;
  return validMillis(y, mo, d, h, mi, s, ms);
}

// Milliseconds of the fraction digits t[from, to): the first three, as Go keeps nanoseconds and
// we drop the rest.
function fractionMillis(t: string, from: number, to: number): number {
  let ms = 0;
  for (let i = from; i < from + 3; i++) ms = ms * 10 + (i < to ? t.charCodeAt(i) - 0x30 : 0);
  return ms;
}

// The decimal value of `count` digits at `at`, or -1 when one is not a digit.
function digitsAt(t: string, at: number, count: number): number {
  let v = 0;
  for (let i = at; i < at + count; i++) {
    const digit = t.charCodeAt(i) - 0x30;
    if (digit < 0 || digit > 9) return -1;
    v = v * 10 + digit;
  }
  return v;
}

/** Formats epoch milliseconds as `strfmt.DateTime` marshals a UTC time: `2006-01-02T15:04:05.000Z`. */
export function formatSwaggerDateTime(ms: number): string {
  return new Date(ms).toISOString();
}
