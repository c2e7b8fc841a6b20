import { goQuote } from '../labels/go-quote.ts';

/**
 * Go's `time.ParseDuration` and `time.Duration.String()`, for the fields typed `time.Duration`
 * (timeouts) and Pushover's retry/expire/ttl. Prometheus-style durations (`model.Duration`) live in
 * src/common/duration.ts. Values are milliseconds; sub-millisecond parts are kept as fractions.
 */
const UNIT_NS: Record<string, number> = {
  ns: 1,
  us: 1e3,
  µs: 1e3,
  μs: 1e3,
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};

export function parseGoDuration(text: string): number {
  const invalid = (): never => {
    throw new Error(`time: invalid duration ${goQuote(text)}`);
  };
  let s = text;
  let negative = false;
  if (s.startsWith('-') || s.startsWith('+')) {
    negative = s.startsWith('-');
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (s === '') invalid();
  let totalNs = 0;
  while (s !== '') {
    const num = /^([0-9]*)(\.([0-9]*))?/.exec(s) as RegExpExecArray;
    const intPart = num[1] as string;
    const fracPart = num[3] ?? '';
    if (intPart === '' && fracPart === '') invalid();
    s = s.slice(num[0].length);
    const unit = /^[^0-9.]*/.exec(s)?.[0] ?? '';
    if (unit === '') throw new Error(`time: missing unit in duration ${goQuote(text)}`);
    const scale = UNIT_NS[unit];
    if (scale === undefined) {
      throw new Error(`time: unknown unit ${goQuote(unit)} in duration ${goQuote(text)}`);
    }
    s = s.slice(unit.length);
    totalNs += Number(`${intPart === '' ? '0' : intPart}.${fracPart === '' ? '0' : fracPart}`) * scale;
  }
  if (totalNs > 2 ** 63) invalid();
  return ((negative ? -1 : 1) * totalNs) / 1e6;
}

/** Go's `time.Duration.String()` for a value in milliseconds. */
export function formatGoDuration(ms: number): string {
  let ns = Math.round(ms * 1e6);
  if (ns === 0) return '0s';
  const sign = ns < 0 ? '-' : '';
  ns = Math.abs(ns);
  if (ns < 1e9) {
    if (ns < 1e3) return `${sign}${ns}ns`;
    if (ns < 1e6) return `${sign}${trimFraction(ns / 1e3)}µs`;
    return `${sign}${trimFraction(ns / 1e6)}ms`;
  }
  const h = Math.floor(ns / 3600e9);
  ns -= h * 3600e9;
  const m = Math.floor(ns / 60e9);
  ns -= m * 60e9;
  const sec = `${trimFraction(ns / 1e9)}s`;
  if (h > 0) return `${sign}${h}h${m}m${sec}`;
  if (m > 0) return `${sign}${m}m${sec}`;
  return `${sign}${sec}`;
}

function trimFraction(n: number): string {
  return String(Number(n.toFixed(9)));
}
