/**
 * Durations with Prometheus `model.Duration` semantics, held as whole milliseconds.
 *
 * Syntax: one or more `<digits><unit>` parts with units `y w d h m s ms` in that order, each at
 * most once (`1h30m`, `2w`, `90d`); `"0"` alone is zero. A year is 365d, a week 7d, a day 24h.
 * Like Go, the total may not exceed the int64 nanosecond range (about 292 years).
 */

const MS_PER = { y: 31_536_000_000, w: 604_800_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000, ms: 1 };
type Unit = keyof typeof MS_PER;
const UNIT_ORDER: readonly Unit[] = ['y', 'w', 'd', 'h', 'm', 's', 'ms'];

const NS_PER_MS = 1_000_000n;
const MAX_NS = (1n << 63n) - 1n;
const MAX_UINT64 = (1n << 64n) - 1n;

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

function fail(s: string, reason: string): never {
  throw new SyntaxError(`Cannot parse duration ${JSON.stringify(s)}: ${reason}`);
}

/**
 * Parses a Prometheus duration such as `5m` or `1h30m` into milliseconds.
 * @throws {SyntaxError} `Cannot parse duration "5x": unknown unit "x"` and the like.
 */
export function parseDuration(s: string): number {
  if (s === '0') return 0;
  if (s === '') fail(s, 'empty duration string');
  let totalNs = 0n;
  let lastUnit = -1;
  let i = 0;
  while (i < s.length) {
    const digitsStart = i;
    while (isDigit(s[i])) i++;
    if (i === digitsStart) fail(s, 'not a valid duration string');
    const value = BigInt(s.slice(digitsStart, i));
    // Go's ParseUint rejects values beyond uint64 as a syntax error, not a range error.
    if (value > MAX_UINT64) fail(s, 'not a valid duration string');
    const unitStart = i;
    while (i < s.length && !isDigit(s[i])) i++;
    const unitText = s.slice(unitStart, i);
    if (unitText === '') fail(s, 'not a valid duration string');
    const unit = UNIT_ORDER.indexOf(unitText as Unit);
    if (unit < 0) fail(s, `unknown unit ${JSON.stringify(unitText)}`);
    if (unit <= lastUnit) fail(s, 'not a valid duration string');
    lastUnit = unit;
    totalNs += value * BigInt(MS_PER[unitText as Unit]) * NS_PER_MS;
    if (totalNs > MAX_NS) fail(s, 'duration out of range');
  }
  return Number(totalNs / NS_PER_MS);
}

/** Like {@link parseDuration} but returns `undefined` instead of throwing. */
export function tryParseDuration(s: string): number | undefined {
  try {
    return parseDuration(s);
  } catch {
    return undefined;
  }
}

/**
 * Formats milliseconds as Prometheus `Duration.String()` does: largest units first, years and
 * weeks only when they divide the rest exactly (`90d`, not `12w6d`), `0s` for zero, a leading
 * `-` for negatives. Fractions of a millisecond are truncated.
 */
export function formatDuration(ms: number): string {
  let rest = Math.trunc(Math.abs(ms));
  if (rest === 0) return '0s';
  let out = ms < 0 ? '-' : '';
  for (const unit of UNIT_ORDER) {
    const mult = MS_PER[unit];
    if ((unit === 'y' || unit === 'w') && rest % mult !== 0) continue;
    const v = Math.floor(rest / mult);
    if (v > 0) {
      out += `${v}${unit}`;
      rest -= v * mult;
    }
  }
  return out;
}
