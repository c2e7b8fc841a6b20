/**
 * Go `time.Time` and `time.Duration` values for templates: printing (String, Format with Go
 * layouts), arithmetic and JSON exactly as Go does.
 */
import { civilFromDays, daysFromCivil } from '../common/civil-date.ts';
import { layoutChunks } from './go-layout.ts';
import type { LayoutChunk } from './go-layout.ts';
import { UTC } from './go-zone.ts';
import type { GoLocation } from './go-zone.ts';

const NS_PER_SEC = 1_000_000_000n;
const MAX_DURATION = (1n << 63n) - 1n;
const MIN_DURATION = -(1n << 63n);
/** Unix second of Go's zero time, 0001-01-01 00:00:00 UTC. */
const ZERO_UNIX = -62135596800;

const PROCESS_START = process.hrtime.bigint();

const LONG_MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];
const LONG_DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];


/** A Go time.Duration (int64 nanoseconds). */
export class GoDuration {
  static readonly goTypeName = 'time.Duration';

  constructor(readonly ns: bigint) {}

  /** Go's Duration.String(), e.g. "1h2m3.5s", "1.5µs", "0s". */
  String(): string {
    return formatDuration(this.ns);
  }

  /** The duration as float64 seconds. */
  Seconds(): number {
    return Number(this.ns / NS_PER_SEC) + Number(this.ns % NS_PER_SEC) / 1e9;
  }

  Minutes(): number {
    return Number(this.ns / 60_000_000_000n) + Number(this.ns % 60_000_000_000n) / 6e10;
  }

  Hours(): number {
    return Number(this.ns / 3_600_000_000_000n) + Number(this.ns % 3_600_000_000_000n) / 3.6e12;
  }

  Milliseconds(): bigint {
    return this.ns / 1_000_000n;
  }

  toJSON(): number {
    return Number(this.ns);
  }
}

// Fractional digits of v / 10^prec with trailing zeros dropped (no point when the fraction is 0).
function fmtFrac(v: bigint, prec: number): [string, bigint] {
  let digits = '';
  let print = false;
  for (let i = 0; i < prec; i++) {
    const d = v % 10n;
    print ||= d !== 0n;
    if (print) digits = d.toString() + digits;
    v /= 10n;
  }
  return [print ? '.' + digits : '', v];
}

/** Go's Duration.String() of a nanosecond count. */
export function formatDuration(d: bigint): string {
  const neg = d < 0n;
  let u = neg ? -d : d;
  let out: string;
  if (u < NS_PER_SEC) {
    if (u === 0n) return '0s';
    if (u < 1000n) out = `${u}ns`;
    else if (u < 1_000_000n) {
      const [f, w] = fmtFrac(u, 3);
      out = `${w}${f}µs`;
    } else {
      const [f, w] = fmtFrac(u, 6);
      out = `${w}${f}ms`;
    }
  } else {
    const [f, w] = fmtFrac(u, 9);
    u = w;
    out = `${u % 60n}${f}s`;
    u /= 60n;
    if (u > 0n) {
      out = `${u % 60n}m` + out;
      u /= 60n;
      if (u > 0n) out = `${u}h` + out;
    }
  }
  return neg ? '-' + out : out;
}

function pad(n: number, width: number): string {
  const s = String(Math.abs(n)).padStart(width, '0');
  return n < 0 ? '-' + s : s;
}

/** A Go time.Time: an instant with nanosecond precision and a location. */
export class GoTime {
  static readonly goTypeName = 'time.Time';

  /**
   * @param unixSec whole seconds since the Unix epoch (an integer)
   * @param nsec nanoseconds within the second, 0..999999999
   * @param mono Go's monotonic clock reading (ns since process start), as `time.Now()` carries;
   *   String() then ends with ` m=+1.000000000`
   */
  constructor(
    readonly unixSec: number,
    readonly nsec: number,
    readonly loc: GoLocation = UTC,
    readonly mono?: bigint,
  ) {}

  /** Go's zero time `0001-01-01 00:00:00 +0000 UTC`. */
  static zero(): GoTime {
    return new GoTime(ZERO_UNIX, 0, UTC);
  }

  /** The time for a JS epoch-millisecond value, in UTC. */
  static fromMillis(ms: number): GoTime {
    const sec = Math.floor(ms / 1000);
    return new GoTime(sec, Math.round((ms - sec * 1000) * 1e6), UTC);
  }

  /** The time for a Unix nanosecond count, in UTC. */
  static fromUnixNano(ns: bigint): GoTime {
    let sec = ns / NS_PER_SEC;
    let rem = ns % NS_PER_SEC;
    if (rem < 0n) {
      rem += NS_PER_SEC;
      sec -= 1n;
    }
    return new GoTime(Number(sec), Number(rem), UTC);
  }

  /** The current time, with a monotonic reading like Go's time.Now() (JS clock: microsecond precision). */
  static now(): GoTime {
    const ns = BigInt(Math.round((performance.timeOrigin + performance.now()) * 1000)) * 1000n;
    const t = GoTime.fromUnixNano(ns);
    return new GoTime(t.unixSec, t.nsec, UTC, process.hrtime.bigint() - PROCESS_START);
  }

  /** Go's time.Date(year, month, day, hour, min, sec, nsec, loc); fields normalise like Go's. */
  static date(y: number, mo: number, d: number, h: number, mi: number, s: number, ns: number, loc: GoLocation): GoTime {
    const carry = Math.floor(ns / 1e9);
    const nsec = ns - carry * 1e9;
    const local = daysFromCivil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s + carry;
    // Two lookups settle the offset across a transition, as Go's Date does.
    let unix = local - loc.zoneAt(local).offset;
    const off = loc.zoneAt(unix).offset;
    unix = local - off;
    return new GoTime(unix, nsec, loc);
  }

  private abs(): { days: number; secs: number; zone: { abbr: string; offset: number } } {
    const zone = this.loc.zoneAt(this.unixSec);
    const local = this.unixSec + zone.offset;
    const days = Math.floor(local / 86400);
    return { days, secs: local - days * 86400, zone };
  }

  UTC(): GoTime {
    return new GoTime(this.unixSec, this.nsec, UTC);
  }

  /** The same instant in another location. */
  In(loc: GoLocation): GoTime {
    return new GoTime(this.unixSec, this.nsec, loc);
  }

  Location(): string {
    return this.loc.name;
  }

  IsZero(): boolean {
    return this.unixSec === ZERO_UNIX && this.nsec === 0;
  }

  Unix(): bigint {
    return BigInt(this.unixSec);
  }

  UnixMilli(): bigint {
    return BigInt(this.unixSec) * 1000n + BigInt(Math.floor(this.nsec / 1e6));
  }

  UnixNano(): bigint {
    return BigInt(this.unixSec) * NS_PER_SEC + BigInt(this.nsec);
  }

  /** t - u as a Duration (by the monotonic readings when both have one), saturating like Go. */
  Sub(u: GoTime): GoDuration {
    if (this.mono !== undefined && u.mono !== undefined) return new GoDuration(this.mono - u.mono);
    const d = (BigInt(this.unixSec) - BigInt(u.unixSec)) * NS_PER_SEC + BigInt(this.nsec - u.nsec);
    return new GoDuration(d > MAX_DURATION ? MAX_DURATION : d < MIN_DURATION ? MIN_DURATION : d);
  }

  /** t + d; the monotonic reading moves with it. */
  Add(d: GoDuration): GoTime {
    const total = BigInt(this.nsec) + d.ns;
    let sec = total / NS_PER_SEC;
    let ns = total % NS_PER_SEC;
    if (ns < 0n) {
      ns += NS_PER_SEC;
      sec -= 1n;
    }
    return new GoTime(this.unixSec + Number(sec), Number(ns), this.loc, this.mono === undefined ? undefined : this.mono + d.ns);
  }

  Equal(u: GoTime): boolean {
    return this.unixSec === u.unixSec && this.nsec === u.nsec;
  }

  Before(u: GoTime): boolean {
    return this.unixSec < u.unixSec || (this.unixSec === u.unixSec && this.nsec < u.nsec);
  }

  After(u: GoTime): boolean {
    return u.Before(this);
  }

  Year(): bigint {
    return BigInt(civilFromDays(this.abs().days).year);
  }

  Day(): bigint {
    return BigInt(civilFromDays(this.abs().days).day);
  }

  Hour(): bigint {
    return BigInt(Math.floor(this.abs().secs / 3600));
  }

  Minute(): bigint {
    return BigInt(Math.floor((this.abs().secs % 3600) / 60));
  }

  Second(): bigint {
    return BigInt(this.abs().secs % 60);
  }

  Nanosecond(): bigint {
    return BigInt(this.nsec);
  }

  /** Go's Time.String(): `2006-01-02 15:04:05.999999999 -0700 MST`. */
  String(): string {
    const s = this.Format('2006-01-02 15:04:05.999999999 -0700 MST');
    if (this.mono === undefined) return s;
    const m = this.mono < 0n ? -this.mono : this.mono;
    return `${s} m=${this.mono < 0n ? '-' : '+'}${m / NS_PER_SEC}.${(m % NS_PER_SEC).toString().padStart(9, '0')}`;
  }

  /** Go's Time.Format with a reference-time layout. */
  Format(layout: string): string {
    return formatChunks(this, layoutChunks(layout));
  }

  /** Go's MarshalJSON text (without quotes): RFC 3339 with trailing-zero-trimmed nanoseconds. */
  toJSON(): string {
    const y = civilFromDays(this.abs().days).year;
    if (y < 0 || y > 9999) throw new RangeError('Time.MarshalJSON: year outside of range [0,9999]');
    return this.Format('2006-01-02T15:04:05.999999999Z07:00');
  }

  /** Fields used by the formatter. */
  parts(): {
    year: number; month: number; day: number; yday: number; wday: number;
    hour: number; min: number; sec: number; nsec: number; abbr: string; offset: number;
  } {
    const { days, secs, zone } = this.abs();
    const { year, month, day } = civilFromDays(days);
    const yday = days - daysFromCivil(year, 1, 1) + 1;
    const wday = (((days + 4) % 7) + 7) % 7;
    return {
      year, month, day, yday, wday,
      hour: Math.floor(secs / 3600), min: Math.floor((secs % 3600) / 60), sec: secs % 60,
      nsec: this.nsec, abbr: zone.abbr, offset: zone.offset,
    };
  }
}

function formatZone(offset: number, elem: string): string {
  if (elem.startsWith('Z') && offset === 0) return 'Z';
  const colon = elem.includes(':');
  const zone = Math.trunc(offset / 60);
  let abs = Math.abs(zone);
  const sign = offset < 0 ? '-' : '+';
  let s = sign + pad(Math.floor(abs / 60), 2);
  abs %= 60;
  const short = elem === '-07' || elem === 'Z07';
  if (!short) s += (colon ? ':' : '') + pad(abs, 2);
  if (elem.endsWith('0000') || elem.endsWith(':00:00')) s += (colon ? ':' : '') + pad(Math.abs(offset) % 60, 2);
  return s;
}

function formatChunks(t: GoTime, chunks: LayoutChunk[]): string {
  const p = t.parts();
  let out = '';
  for (const c of chunks) {
    if ('lit' in c) {
      out += c.lit;
      continue;
    }
    switch (c.std) {
      case 'January': out += LONG_MONTHS[p.month - 1]; break;
      case 'Jan': out += (LONG_MONTHS[p.month - 1] as string).slice(0, 3); break;
      case '1': out += String(p.month); break;
      case '01': out += pad(p.month, 2); break;
      case 'Monday': out += LONG_DAYS[p.wday]; break;
      case 'Mon': out += (LONG_DAYS[p.wday] as string).slice(0, 3); break;
      case '2': out += String(p.day); break;
      case '_2': out += String(p.day).padStart(2, ' '); break;
      case '02': out += pad(p.day, 2); break;
      case '__2': out += String(p.yday).padStart(3, ' '); break;
      case '002': out += pad(p.yday, 3); break;
      case '15': out += pad(p.hour, 2); break;
      case '3': out += String(p.hour % 12 === 0 ? 12 : p.hour % 12); break;
      case '03': out += pad(p.hour % 12 === 0 ? 12 : p.hour % 12, 2); break;
      case '4': out += String(p.min); break;
      case '04': out += pad(p.min, 2); break;
      case '5': out += String(p.sec); break;
      case '05': out += pad(p.sec, 2); break;
      case '2006': out += pad(p.year, 4); break;
      case '06': out += pad(((p.year % 100) + 100) % 100, 2); break;
      case 'PM': out += p.hour >= 12 ? 'PM' : 'AM'; break;
      case 'pm': out += p.hour >= 12 ? 'pm' : 'am'; break;
      case 'MST':
        out += p.abbr !== '' ? p.abbr : formatZone(p.offset, '-0700');
        break;
      case 'frac0':
      case 'frac9': {
        let digits = pad(p.nsec, 9).slice(0, Math.min(c.digits, 9));
        if (c.std === 'frac9') {
          digits = digits.replace(/0+$/, '');
          if (digits === '') break;
        }
        out += c.sep + digits;
        break;
      }
      default:
        out += formatZone(p.offset, c.std);
    }
  }
  return out;
}

export { LONG_DAYS, LONG_MONTHS };
