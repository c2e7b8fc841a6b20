/**
 * Argument conversion for template functions: Go's reflect-based call checks each argument against
 * the parameter type; these helpers do the same for our JavaScript functions.
 */
import { GoNumber, goTypeName } from './engine/index.ts';
import { GoDuration, GoTime } from './go-time.ts';

function wrongType(expected: string, v: unknown): Error {
  return new Error(`wrong type for value; expected ${expected}; got ${goTypeName(v)}`);
}

/** A Go `string` parameter. */
export function argString(v: unknown): string {
  if (typeof v === 'string') return v;
  throw wrongType('string', v);
}

/** A Go `[]string` parameter: any list whose elements are all strings. */
export function argStrings(v: unknown): string[] {
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
  throw wrongType('[]string', v);
}

/** A Go `time.Time` parameter. */
export function argTime(v: unknown): GoTime {
  if (v instanceof GoTime) return v;
  throw wrongType('time.Time', v);
}

/** A Go `[]interface{}` parameter. */
export function argList(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  throw wrongType('[]interface {}', v);
}

/** prometheus/common's ConvertToFloat: float, int types, numeric strings and durations. */
export function convertToFloat(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof GoNumber && v.type !== 'float32' && ['int64', 'uint', 'uint64'].includes(v.type)) return Number(v.value);
  if (v instanceof GoDuration) return v.Seconds();
  if (typeof v === 'string') return parseGoFloatStrict(v);
  throw new Error(`can't convert ${goTypeName(v)} to float`);
}

/** Go's strconv.ParseFloat(s, 64) with its error text. */
export function parseGoFloatStrict(s: string): number {
  const t = s.replace(/_/g, '');
  let v: number | undefined;
  if (/^[+-]?(inf|infinity)$/i.test(s)) v = s.startsWith('-') ? -Infinity : Infinity;
  else if (/^[+-]?nan$/i.test(s)) v = NaN;
  else if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(s)) v = Number(s);
  else if (/^[+-]?0x(\p{Hex_Digit}+\.?\p{Hex_Digit}*|\.\p{Hex_Digit}+)p[+-]?\d+$/iu.test(t)) v = parseHexFloat(t);
  if (v === undefined) throw new Error(`strconv.ParseFloat: parsing ${JSON.stringify(s)}: invalid syntax`);
  if (!Number.isFinite(v) && !/inf|nan/i.test(s)) throw new Error(`strconv.ParseFloat: parsing ${JSON.stringify(s)}: value out of range`);
  return v;
}

function parseHexFloat(s: string): number {
  const m = /^([+-]?)0x([0-9a-f]*)\.?([0-9a-f]*)p([+-]?\d+)$/i.exec(s);
  if (m === null) return NaN;
  const mant = parseInt((m[2] ?? '') + (m[3] ?? ''), 16) / 16 ** (m[3] ?? '').length;
  const v = mant * 2 ** Number(m[4]);
  return m[1] === '-' ? -v : v;
}
