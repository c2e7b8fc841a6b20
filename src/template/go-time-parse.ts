/**
 * Go's time.Parse / time.ParseInLocation: reading a time with a reference-time layout, with Go's
 * error messages (`parsing time "x" as "2006-01-02": cannot parse "x" as "2006"`).
 */
import { layoutChunks } from './go-layout.ts';
import { daysFromCivil, isLeap } from '../common/civil-date.ts';
import { GoTime, LONG_DAYS, LONG_MONTHS } from './go-time.ts';
import { UTC, fixedZone } from './go-zone.ts';
import type { GoLocation } from './go-zone.ts';

/** The time package's quote: `"` and `\` escaped, control and non-ASCII bytes as `\xNN`. */
function quote(s: string): string {
  let out = '"';
  for (const c of s) {
    const cp = c.codePointAt(0) as number;
    if (cp < 0x20 || cp >= 0x80) {
      for (const b of Buffer.from(c, 'utf8')) out += '\\x' + b.toString(16).padStart(2, '0');
    } else out += c === '"' || c === '\\' ? '\\' + c : c;
  }
  return out + '"';
}

const isDigit = (s: string, i: number): boolean => i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57;
const BAD = 'bad';

class ParseFailure extends Error {
  /** What Go names in the error when it had taken the element's text before finding it bad. */
  readonly rest: string | undefined;

  constructor(message: string, rest?: string) {
    super(message);
    this.rest = rest;
  }
}

function getnum(s: string, fixed: boolean): [number, string] {
  if (!isDigit(s, 0)) throw new ParseFailure(BAD);
  if (!isDigit(s, 1)) {
    if (fixed) throw new ParseFailure(BAD);
    return [s.charCodeAt(0) - 48, s.slice(1)];
  }
  return [Number(s.slice(0, 2)), s.slice(2)];
}

function getnum3(s: string, fixed: boolean): [number, string] {
  let n = 0;
  let i = 0;
  for (; i < 3 && isDigit(s, i); i++) n = n * 10 + s.charCodeAt(i) - 48;
  if (i === 0 || (fixed && i !== 3)) throw new ParseFailure(BAD);
  return [n, s.slice(i)];
}

function lookupName(names: readonly string[], s: string): [number, string] {
  for (let i = 0; i < names.length; i++) {
    const n = names[i] as string;
    if (s.length >= n.length && s.slice(0, n.length).toLowerCase() === n.toLowerCase()) return [i, s.slice(n.length)];
  }
  throw new ParseFailure(BAD);
}

// Go reads the digits with its atoi, which takes a sign: the caller finds a negative fraction out of range.
function parseNanos(value: string, nbytes: number): number {
  if (value[0] !== '.' && value[0] !== ',') throw new ParseFailure(BAD);
  const n = Math.min(nbytes, 10);
  const digits = value.slice(1, n);
  if (!/^[+-]?\d*$/.test(digits)) throw new ParseFailure(BAD);
  // A lone sign reads as 0 too.
  return (/\d/.test(digits) ? Number(digits) : 0) * 10 ** (10 - n);
}

function timeZoneLength(v: string): number {
  if (v.length < 3) return 0;
  if (v.startsWith('ChST') || v.startsWith('MeST')) return 4;
  if (v.startsWith('GMT')) {
    const m = /^GMT[+-]\d{1,2}/.exec(v);
    return m !== null && Number(m[0].slice(4)) <= 23 ? m[0].length : 3;
  }
  if (v[0] === '+' || v[0] === '-') {
    const m = /^[+-]\d{1,2}/.exec(v);
    return m !== null ? m[0].length : 0;
  }
  let n = 0;
  while (n < 6 && n < v.length && v[n] !== undefined && (v[n] as string) >= 'A' && (v[n] as string) <= 'Z') n++;
  if (n === 3) return 3;
  if (n === 4 && (v[3] === 'T' || v.startsWith('WITA'))) return 4;
  if (n === 5 && v[4] === 'T') return 5;
  return 0;
}

function skipLiteral(value: string, prefix: string): string {
  while (prefix.length > 0) {
    if (prefix[0] === ' ') {
      if (value.length > 0 && value[0] !== ' ') throw new ParseFailure(BAD);
      prefix = prefix.replace(/^ +/, '');
      value = value.replace(/^ +/, '');
      continue;
    }
    if (value.length === 0 || value[0] !== prefix[0]) throw new ParseFailure(BAD);
    value = value.slice(1);
    prefix = prefix.slice(1);
  }
  return value;
}

const DAYS_IN = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Go's time.ParseInLocation(layout, value, loc); `local` is also Go's Local for time.Parse.
 * Throws an Error with Go's message.
 */
export function parseTime(layout: string, value: string, loc: GoLocation = UTC): GoTime {
  const avalue = value;
  let year = 0;
  let month = -1;
  let day = -1;
  let yday = -1;
  let hour = 0;
  let min = 0;
  let sec = 0;
  let nsec = 0;
  let pm = false;
  let am = false;
  let zone: GoLocation | undefined;
  let zoneOffset = -1;
  let zoneName = '';
  let rangeErr = '';
  const chunks = layoutChunks(layout);
  for (let ci = 0; ci < chunks.length; ci++) {
    const c = chunks[ci];
    if (c === undefined) break;
    if ('lit' in c) {
      try {
        value = skipLiteral(value, c.lit);
      } catch {
        throw new Error(`parsing time ${quote(avalue)} as ${quote(layout)}: cannot parse ${quote(value)} as ${quote(c.lit)}`);
      }
      continue;
    }
    const hold = value;
    try {
      switch (c.std) {
        case '2006':
          if (value.length < 4 || !isDigit(value, 0)) throw new ParseFailure(BAD);
          if (!/^\d{4}/.test(value)) throw new ParseFailure(BAD, value.slice(4));
          year = Number(value.slice(0, 4));
          value = value.slice(4);
          break;
        case '06': {
          const [y, rest] = getnum(value, true);
          year = y >= 69 ? y + 1900 : y + 2000;
          value = rest;
          break;
        }
        case 'January':
          [month, value] = lookupName(LONG_MONTHS, value);
          month++;
          break;
        case 'Jan':
          [month, value] = lookupName(LONG_MONTHS.map((m) => m.slice(0, 3)), value);
          month++;
          break;
        case '1':
        case '01':
          [month, value] = getnum(value, c.std === '01');
          if (month <= 0 || month > 12) rangeErr = 'month';
          break;
        case 'Monday':
          value = lookupName(LONG_DAYS, value)[1];
          break;
        case 'Mon':
          value = lookupName(LONG_DAYS.map((d) => d.slice(0, 3)), value)[1];
          break;
        case '2':
        case '_2':
        case '02':
          if (c.std === '_2' && value[0] === ' ') value = value.slice(1);
          [day, value] = getnum(value, c.std === '02');
          break;
        case '__2':
        case '002':
          if (c.std === '__2') value = value.replace(/^ {1,2}/, '');
          [yday, value] = getnum3(value, c.std === '002');
          if (yday < 1 || yday > 366) rangeErr = 'day-of-year';
          break;
        case '15':
          [hour, value] = getnum(value, false);
          if (hour < 0 || hour >= 24) rangeErr = 'hour';
          break;
        case '3':
        case '03':
          [hour, value] = getnum(value, c.std === '03');
          if (hour < 0 || hour > 12) rangeErr = 'hour';
          break;
        case '4':
        case '04':
          [min, value] = getnum(value, c.std === '04');
          if (min < 0 || min >= 60) rangeErr = 'minute';
          break;
        case '5':
        case '05': {
          [sec, value] = getnum(value, c.std === '05');
          if (sec < 0 || sec >= 60) {
            rangeErr = 'second';
            break;
          }
          // A fraction after the seconds is accepted even when the layout has none.
          const next = chunks[ci + 1];
          if (value.length >= 2 && (value[0] === '.' || value[0] === ',') && isDigit(value, 1)) {
            if (next !== undefined && 'std' in next && (next.std === 'frac0' || next.std === 'frac9')) break;
            let n = 2;
            while (isDigit(value, n)) n++;
            nsec = parseNanos(value, n);
            value = value.slice(n);
          }
          break;
        }
        case 'PM':
        case 'pm': {
          const p = value.slice(0, 2);
          const want = c.std === 'PM' ? ['PM', 'AM'] : ['pm', 'am'];
          if (p === want[0]) pm = true;
          else if (p === want[1]) am = true;
          else throw new ParseFailure(BAD);
          value = value.slice(2);
          break;
        }
        case 'MST': {
          if (value.startsWith('UTC')) {
            zone = UTC;
            value = value.slice(3);
            break;
          }
          const n = timeZoneLength(value);
          if (n === 0) throw new ParseFailure(BAD);
          zoneName = value.slice(0, n);
          value = value.slice(n);
          break;
        }
        case 'frac0': {
          const nd = 1 + c.digits;
          if (value.length < nd) throw new ParseFailure(BAD);
          try {
            nsec = parseNanos(value, nd);
          } catch {
            throw new ParseFailure(BAD, value.slice(nd));
          }
          value = value.slice(nd);
          if (nsec < 0) rangeErr = 'fractional second';
          break;
        }
        case 'frac9': {
          if (value.length < 2 || (value[0] !== '.' && value[0] !== ',') || !isDigit(value, 1)) break;
          let i = 0;
          while (isDigit(value, i + 1)) i++;
          nsec = parseNanos(value, 1 + i);
          value = value.slice(1 + i);
          break;
        }
        default: {
          if (c.std.startsWith('Z') && value[0] === 'Z') {
            value = value.slice(1);
            zone = UTC;
            break;
          }
          const body = c.std.slice(1);
          const colon = body.includes(':');
          const withSecs = body.length === 6 || body.length === 8;
          const short = body === '07';
          const re = short ? /^([+-])(\d\d)/ : colon ? (withSecs ? /^([+-])(\d\d):(\d\d):(\d\d)/ : /^([+-])(\d\d):(\d\d)/)
            : withSecs ? /^([+-])(\d\d)(\d\d)(\d\d)/ : /^([+-])(\d\d)(\d\d)/;
          const m = re.exec(value);
          if (m === null) throw new ParseFailure(BAD);
          const hh = Number(m[2]);
          const mm = Number(m[3] ?? 0);
          const ss = Number(m[4] ?? 0);
          if (hh > 24) rangeErr = 'time zone offset hour';
          if (mm > 60) rangeErr = 'time zone offset minute';
          if (ss > 60) rangeErr = 'time zone offset second';
          zoneOffset = (hh * 60 + mm) * 60 + ss;
          if (m[1] === '-') zoneOffset = -zoneOffset;
          value = value.slice(m[0].length);
        }
      }
    } catch (e) {
      if (!(e instanceof ParseFailure)) throw e;
      throw new Error(`parsing time ${quote(avalue)} as ${quote(layout)}: cannot parse ${quote(e.rest ?? hold)} as ${quote(c.text)}`);
    }
    if (rangeErr !== '') throw new Error(`parsing time ${quote(avalue)}: ${rangeErr} out of range`);
  }
  if (value.length > 0) throw new Error(`parsing time ${quote(avalue)}: extra text: ${quote(value)}`);
  if (pm && hour < 12) hour += 12;
  else if (am && hour === 12) hour = 0;
  if (yday >= 0) {
    const leap = isLeap(year) ? 1 : 0;
    if (yday > 365 + leap) throw new Error(`parsing time ${quote(avalue)}: day-of-year out of range`);
    let m = 1;
    let left = yday;
    while (m < 12 && left > (DAYS_IN[m - 1] as number) + (m === 2 ? leap : 0)) {
      left -= (DAYS_IN[m - 1] as number) + (m === 2 ? leap : 0);
      m++;
    }
    if (month >= 0 && month !== m) throw new Error(`parsing time ${quote(avalue)}: day-of-year does not match month`);
    if (day >= 0 && day !== left) throw new Error(`parsing time ${quote(avalue)}: day-of-year does not match day`);
    month = m;
    day = left;
  }
  if (month < 0) month = 1;
  if (day < 0) day = 1;
  const dim = (DAYS_IN[month - 1] as number) + (month === 2 && isLeap(year) ? 1 : 0);
  if (day < 1 || day > dim) throw new Error(`parsing time ${quote(avalue)}: day out of range`);
  if (zone !== undefined) return GoTime.date(year, month, day, hour, min, sec, nsec, zone);
  if (zoneOffset !== -1) {
    const utc = daysFromCivil(year, month, day) * 86400 + hour * 3600 + min * 60 + sec - zoneOffset;
    if (loc.zoneAt(utc).offset === zoneOffset) return new GoTime(utc, nsec, loc);
    return new GoTime(utc, nsec, fixedZone('', zoneOffset));
  }
  if (zoneName !== '') {
    const local = daysFromCivil(year, month, day) * 86400 + hour * 3600 + min * 60 + sec;
    const z = loc.zoneAt(local);
    if (z.abbr === zoneName) return new GoTime(local - z.offset, nsec, loc);
    const offset = zoneName.length > 3 && zoneName.startsWith('GMT') ? Number(zoneName.slice(3)) * 3600 : 0;
    return new GoTime(local - offset, nsec, fixedZone(zoneName, offset));
  }
  return GoTime.date(year, month, day, hour, min, sec, nsec, loc);
}
