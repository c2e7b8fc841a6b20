/**
 * Go `*time.Location`: UTC, fixed zones and IANA zones read from the system zoneinfo files
 * (the same files Go's time.LoadLocation reads), so abbreviations such as "CEST" match Go.
 */
import { readFileSync } from 'node:fs';

/** The zone in effect at an instant: its abbreviation and offset east of UTC in seconds. */
export interface ZoneAt {
  readonly abbr: string;
  readonly offset: number;
}

/** A Go time zone location. */
export interface GoLocation {
  /** Go's Location.String(): "UTC", "Local", "Europe/Paris" or a fixed zone's name. */
  readonly name: string;
  /** The zone at a Unix second. */
  zoneAt(unixSec: number): ZoneAt;
}

class FixedLocation implements GoLocation {
  constructor(
    readonly name: string,
    private readonly zone: ZoneAt,
  ) {}

  zoneAt(): ZoneAt {
    return this.zone;
  }
}

/** Go's time.UTC. */
export const UTC: GoLocation = new FixedLocation('UTC', { abbr: 'UTC', offset: 0 });

/** Go's time.FixedZone(name, offset). */
export function fixedZone(name: string, offsetSec: number): GoLocation {
  return new FixedLocation(name, { abbr: name, offset: offsetSec });
}

interface TzData {
  readonly transitions: number[];
  readonly types: number[];
  readonly infos: ZoneAt[];
}

class ZoneFileLocation implements GoLocation {
  private readonly formatter: Intl.DateTimeFormat | undefined;

  constructor(
    readonly name: string,
    private readonly data: TzData,
  ) {
    try {
      this.formatter = new Intl.DateTimeFormat('en-US', { timeZone: name, timeZoneName: 'longOffset' });
    } catch {
      this.formatter = undefined;
    }
  }

  zoneAt(unixSec: number): ZoneAt {
    const { transitions, types, infos } = this.data;
    if (transitions.length === 0) return infos[0] ?? { abbr: 'UTC', offset: 0 };
    const last = transitions[transitions.length - 1] as number;
    if (unixSec < (transitions[0] as number)) return infos[0] as ZoneAt;
    if (unixSec < last || this.formatter === undefined) {
      let lo = 0;
      let hi = transitions.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if ((transitions[mid] as number) <= unixSec) lo = mid;
        else hi = mid - 1;
      }
      return infos[types[lo] as number] as ZoneAt;
    }
    // Past the table (the TZ footer rule applies): take the offset from Intl and the abbreviation
    // of the most recent zone type with that offset.
    const offset = intlOffset(this.formatter, unixSec);
    for (let i = types.length - 1; i >= 0; i--) {
      const z = infos[types[i] as number] as ZoneAt;
      if (z.offset === offset) return z;
    }
    return { abbr: offsetName(offset), offset };
  }
}

function intlOffset(fmt: Intl.DateTimeFormat, unixSec: number): number {
  const part = fmt.formatToParts(new Date(unixSec * 1000)).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d\d):(\d\d)(?::(\d\d))?/.exec(part);
  if (m === null) return 0;
  const secs = Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4] ?? 0);
  return m[1] === '-' ? -secs : secs;
}

function offsetName(offset: number): string {
  const sign = offset < 0 ? '-' : '+';
  const a = Math.abs(offset);
  const h = Math.floor(a / 3600);
  const m = Math.floor((a % 3600) / 60);
  return sign + String(h).padStart(2, '0') + (m === 0 ? '' : String(m).padStart(2, '0'));
}

/** Parses a TZif file (RFC 8536), preferring the 64-bit v2+ body. */
function parseTzif(buf: Buffer): TzData {
  if (buf.toString('latin1', 0, 4) !== 'TZif') throw new Error('malformed time zone information');
  const version = buf[4] ?? 0;
  const counts = (off: number): number[] => [0, 1, 2, 3, 4, 5].map((i) => buf.readUInt32BE(off + 20 + i * 4));
  let off = 0;
  let [isutc, isstd, leap, timecnt, typecnt, charcnt] = counts(0) as [number, number, number, number, number, number];
  let timeSize = 4;
  if (version >= 0x32) {
    off = 44 + timecnt * 5 + typecnt * 6 + charcnt + leap * 8 + isstd + isutc;
    [isutc, isstd, leap, timecnt, typecnt, charcnt] = counts(off) as [number, number, number, number, number, number];
    timeSize = 8;
  }
  let p = off + 44;
  const transitions: number[] = [];
  for (let i = 0; i < timecnt; i++, p += timeSize) {
    transitions.push(timeSize === 8 ? Number(buf.readBigInt64BE(p)) : buf.readInt32BE(p));
  }
  const types: number[] = [];
  for (let i = 0; i < timecnt; i++, p++) types.push(buf[p] as number);
  const raw: Array<{ offset: number; abbrIdx: number }> = [];
  for (let i = 0; i < typecnt; i++, p += 6) raw.push({ offset: buf.readInt32BE(p), abbrIdx: buf[p + 5] as number });
  const chars = buf.toString('latin1', p, p + charcnt);
  const infos = raw.map((r) => ({ offset: r.offset, abbr: chars.slice(r.abbrIdx, chars.indexOf('\0', r.abbrIdx)) }));
  return { transitions, types, infos };
}

const ZONEINFO_DIRS = ['/usr/share/zoneinfo/', '/usr/lib/zoneinfo/', '/usr/share/lib/zoneinfo/'];
const cache = new Map<string, GoLocation>();

/**
 * Go's time.LoadLocation: "" and "UTC" give UTC, other names are read from the zoneinfo database.
 * Throws `unknown time zone NAME` like Go.
 */
export function loadLocation(name: string): GoLocation {
  if (name === '' || name === 'UTC') return UTC;
  const cached = cache.get(name);
  if (cached !== undefined) return cached;
  if (name.includes('..') || name.startsWith('/') || name.includes('\\')) throw new Error('time: invalid location name');
  const lookup = name === 'Local' ? 'localtime' : name;
  for (const dir of name === 'Local' ? ['/etc/'] : ZONEINFO_DIRS) {
    let buf: Buffer;
    try {
      buf = readFileSync(dir + lookup);
    } catch {
      continue;
    }
    const loc = new ZoneFileLocation(name === 'Local' ? 'Local' : name, parseTzif(buf));
    cache.set(name, loc);
    return loc;
  }
  if (name === 'Local') return UTC;
  throw new Error(`unknown time zone ${name}`);
}
