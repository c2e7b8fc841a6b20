/**
 * Go text/template's predefined functions (`and`, `or`, `not`, `len`, `index`, `slice`, `print`,
 * `printf`, `println`, `html`, `js`, `urlquery`, `eq`, `ne`, `lt`, `le`, `gt`, `ge`, `call`).
 * `and` and `or` short-circuit, so the executor evaluates them itself.
 */
import { sprint, sprintf, sprintln } from './fmt.ts';
import { isGoPrint } from './strconv.ts';
import {
  GoNumber, compareStrings, fixedArity, goTypeName, isTrue, isVariadic, kindOf, mapGet, mapSize, mapZero, structFields,
  utf8Length,
} from './values.ts';

/** A predefined function: its Go parameter count (`params`, the last one variadic when `variadic`). */
export interface Builtin {
  readonly params: number;
  readonly variadic: boolean;
  /** The first parameter is a Go `string` (printf's format). */
  readonly firstIsString?: boolean;
  /**
   * Parameters are `...any` (so a `nil` argument is a nil interface); otherwise they are
   * reflect.Value and `nil` arrives as an invalid value.
   */
  readonly anyArgs?: boolean;
  /**
   * Arguments arrive as evaluated: `undefined` is an invalid value, `null` a nil interface.
   * Absent for `and`, `or` (short-circuit) and `call` (needs the callee's source text): the
   * executor handles those.
   */
  readonly call?: (args: unknown[]) => unknown;
}

/** Error from a reflect-level panic inside a builtin, reported by Go with this text. */
const ZERO_VALUE_TYPE = 'reflect: call of reflect.Value.Type on zero Value';

function basicKind(v: unknown): 'bool' | 'int' | 'uint' | 'float' | 'string' | 'invalid' {
  const k = kindOf(v);
  return k === 'bool' || k === 'int' || k === 'uint' || k === 'float' || k === 'string' ? k : 'invalid';
}

function intValue(v: unknown): bigint {
  if (typeof v === 'bigint') return v;
  if (v instanceof GoNumber) return typeof v.value === 'bigint' ? v.value : BigInt(Math.trunc(v.value));
  return 0n;
}

function floatValue(v: unknown): number {
  if (typeof v === 'number') return v;
  if (v instanceof GoNumber) return Number(v.value);
  return 0;
}

function typeOfForError(v: unknown): string {
  if (v === undefined) throw new Error(ZERO_VALUE_TYPE);
  return goTypeName(v);
}

function isNilish(v: unknown): boolean {
  return v === undefined || v === null;
}

// Go 1.21+ names both types (Go 1.19 said only "incompatible types for comparison").
function incompatible(a: unknown, b: unknown): Error {
  return new Error(`incompatible types for comparison: ${goTypeName(a)} and ${goTypeName(b)}`);
}

function eqPair(a: unknown, b: unknown): boolean {
  const k1 = basicKind(a);
  const k2 = basicKind(b);
  if (k1 !== k2) {
    if (k1 === 'int' && k2 === 'uint') return intValue(a) >= 0n && intValue(a) === intValue(b);
    if (k1 === 'uint' && k2 === 'int') return intValue(b) >= 0n && intValue(a) === intValue(b);
    if (!isNilish(a) && !isNilish(b)) throw incompatible(a, b);
    return false;
  }
  switch (k1) {
    case 'bool':
    case 'string':
      return a === b;
    case 'float':
      return floatValue(a) === floatValue(b);
    case 'int':
    case 'uint':
      return intValue(a) === intValue(b);
    default:
      break;
  }
  const ka = kindOf(a);
  const kb = kindOf(b);
  const nilA = isNilish(a);
  const nilB = isNilish(b);
  if (ka !== kb && !nilA && !nilB) {
    throw new Error(
      `non-comparable types ${sprintf('%s', [a])}: ${goTypeName(a)}, ${goTypeName(b)}: ${sprint([b])}`,
    );
  }
  if (nilA || nilB) return nilA === nilB;
  if (!comparable(b)) throw new Error(`non-comparable type ${sprintf('%s', [b])}: ${goTypeName(b)}`);
  return kb === 'struct' ? structEqual(a as object, b as object) : a === b;
}

// Go's Type.Comparable, judged on the value: slices, maps and funcs (also inside structs) are not.
function comparable(v: unknown): boolean {
  const k = kindOf(v);
  if (k === 'slice' || k === 'map' || k === 'func') return false;
  if (k !== 'struct') return true;
  const obj = v as Record<string, unknown>;
  return structFields(obj).every((f) => obj[f] === null || obj[f] === undefined || comparable(obj[f]));
}

// Go's == on struct values: same type and equal fields.
function structEqual(a: object, b: object): boolean {
  if (a === b) return true;
  if (goTypeName(a) !== goTypeName(b)) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  return structFields(a).every((f) => {
    const u = x[f] ?? null;
    const w = y[f] ?? null;
    if (u === null || w === null) return u === w;
    if (basicKind(u) !== 'invalid' || basicKind(w) !== 'invalid') return basicKind(u) === basicKind(w) && eqPair(u, w);
    return kindOf(u) === 'struct' && kindOf(w) === 'struct' ? structEqual(u as object, w as object) : u === w;
  });
}

function eq(args: unknown[]): boolean {
  const [a, ...rest] = args;
  if (rest.length === 0) throw new Error('missing argument for comparison');
  for (const b of rest) if (eqPair(a, b)) return true;
  return false;
}

function lt(a: unknown, b: unknown): boolean {
  const k1 = basicKind(a);
  const k2 = basicKind(b);
  if (k1 === 'invalid' || k2 === 'invalid') throw new Error('invalid type for comparison');
  if (k1 !== k2) {
    if (k1 === 'int' && k2 === 'uint') return intValue(a) < 0n || intValue(a) < intValue(b);
    if (k1 === 'uint' && k2 === 'int') return intValue(b) >= 0n && intValue(a) < intValue(b);
    throw incompatible(a, b);
  }
  switch (k1) {
    case 'bool':
      throw new Error('invalid type for comparison');
    case 'float':
      return floatValue(a) < floatValue(b);
    case 'string':
      return compareStrings(a as string, b as string) < 0;
    default:
      return intValue(a) < intValue(b);
  }
}

function length(v: unknown): bigint {
  if (v === null) throw new Error('len of nil pointer');
  switch (kindOf(v)) {
    case 'string':
      return BigInt(utf8Length(v as string));
    case 'slice':
      return BigInt((v as unknown[]).length);
    case 'map':
      return BigInt(mapSize(v as object));
    default:
      throw new Error(`len of type ${typeOfForError(v)}`);
  }
}

/**
 * An argument whose static Go type is interface{} (read from a map[string]interface{}): Go's
 * `slice` does not unwrap such indexes and rejects them.
 */
export class InterfaceArg {
  constructor(readonly value: unknown) {}
}

function indexArg(index: unknown, cap: number): number {
  if (index instanceof InterfaceArg) throw new Error('cannot index slice/array with type interface {}');
  const k = kindOf(index);
  if (k === 'int' || k === 'uint') {
    const x = intValue(index);
    if (x < 0n || x > BigInt(cap)) throw new Error(`index out of range: ${x}`);
    return Number(x);
  }
  if (index === undefined || index === null) throw new Error('cannot index slice/array with nil');
  throw new Error(`cannot index slice/array with type ${goTypeName(index)}`);
}

const utf8 = new TextEncoder();
const utf8Decoder = new TextDecoder();

function index(args: unknown[]): unknown {
  let item = args[0];
  if (isNilish(item)) throw new Error('index of untyped nil');
  for (const idx of args.slice(1)) {
    switch (kindOf(item)) {
      case 'slice': {
        const arr = item as unknown[];
        const x = indexArg(idx, arr.length);
        if (x === arr.length) throw new Error('reflect: slice index out of range');
        item = arr[x] ?? null;
        break;
      }
      case 'string': {
        const bytes = utf8.encode(item as string);
        const x = indexArg(idx, bytes.length);
        if (x === bytes.length) throw new Error('reflect: string index out of range');
        item = new GoNumber('uint8', BigInt(bytes[x] ?? 0));
        break;
      }
      case 'map': {
        const m = item as object;
        if (typeof idx !== 'string' && !(m instanceof Map)) {
          if (isNilish(idx)) throw new Error('value is nil; should be of type string');
          throw new Error(`value has type ${goTypeName(idx)}; should be string`);
        }
        const r = mapGet(m, idx);
        item = r.found ? (r.value ?? null) : mapZero(m);
        break;
      }
      default:
        if (item === null) throw new Error('index of nil pointer');
        throw new Error(`can't index item of type ${goTypeName(item)}`);
    }
  }
  return item;
}

function slice(args: unknown[]): unknown {
  const item = args[0];
  const idxs = args.slice(1);
  if (isNilish(item)) throw new Error('slice of untyped nil');
  if (idxs.length > 3) throw new Error(`too many slice indexes: ${idxs.length}`);
  const kind = kindOf(item);
  let len: number;
  let bytes: Uint8Array | undefined;
  if (kind === 'string') {
    if (idxs.length === 3) throw new Error('cannot 3-index slice a string');
    bytes = utf8.encode(item as string);
    len = bytes.length;
  } else if (kind === 'slice') {
    len = (item as unknown[]).length;
  } else {
    throw new Error(`can't slice item of type ${goTypeName(item)}`);
  }
  const idx = [0, len, len];
  idxs.forEach((x, i) => {
    idx[i] = indexArg(x, len);
  });
  const [lo, hi, max] = idx as [number, number, number];
  if (lo > hi) throw new Error(`invalid slice index: ${lo} > ${hi}`);
  if (idxs.length === 3 && hi > max) throw new Error(`invalid slice index: ${hi} > ${max}`);
  if (bytes !== undefined) return utf8Decoder.decode(bytes.subarray(lo, hi));
  return (item as unknown[]).slice(lo, hi);
}

// Go's evalArgs for html/js/urlquery: a nil argument prints as "<no value>" (a string operand).
function evalArgs(args: unknown[]): string {
  if (args.length === 1 && typeof args[0] === 'string') return args[0];
  return sprint(args.map((a) => (a === undefined || a === null ? '<no value>' : a)));
}

/** Go's template.HTMLEscapeString. */
export function htmlEscape(s: string): string {
  return s.replace(/[&'<>"\0]/g, (c) => HTML_ESCAPES[c] ?? c);
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;', "'": '&#39;', '<': '&lt;', '>': '&gt;', '"': '&#34;', '\0': '\uFFFD',
};

const JS_ESCAPES: Record<string, string> = {
  '\\': '\\\\', "'": "\\'", '"': '\\"', '<': '\\u003C', '>': '\\u003E', '&': '\\u0026', '=': '\\u003D',
};

/** Go's template.JSEscapeString. */
export function jsEscape(s: string): string {
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    const esc = JS_ESCAPES[ch];
    if (esc !== undefined) out += esc;
    else if (cp < 0x20) out += '\\u00' + cp.toString(16).toUpperCase().padStart(2, '0');
    else if (cp < 0x80 || isGoPrint(cp)) out += ch;
    else out += '\\u' + cp.toString(16).toUpperCase().padStart(4, '0');
  }
  return out;
}

/** Go's url.QueryEscape. */
export function queryEscape(s: string): string {
  let out = '';
  for (const b of utf8.encode(s)) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

/** Go's `call`; `name` is the source text of the function operand (Go 1.21+ messages name it). */
export function callFunction(name: string, args: unknown[]): unknown {
  const [fn, ...rest] = args;
  if (isNilish(fn)) throw new Error('call of nil');
  if (typeof fn !== 'function') throw new Error(`non-function ${name} of type ${goTypeName(fn)}`);
  const f = fn as (...a: unknown[]) => unknown;
  const n = fixedArity(f, !isVariadic(f));
  if (n !== undefined && rest.length !== n) throw new Error(`wrong number of args for ${name}: got ${rest.length} want ${n}`);
  const r = f(...rest.map((a) => (a === undefined ? null : a)));
  return r === undefined ? null : r;
}

/** The predefined functions by name. */
export const BUILTINS: ReadonlyMap<string, Builtin> = new Map<string, Builtin>([
  ['and', { params: 2, variadic: true }],
  ['or', { params: 2, variadic: true }],
  ['not', { params: 1, variadic: false, call: (a) => !isTrue(a[0]) }],
  ['len', { params: 1, variadic: false, call: (a) => length(a[0]) }],
  ['index', { params: 2, variadic: true, call: index }],
  ['slice', { params: 2, variadic: true, call: slice }],
  ['print', { params: 1, variadic: true, anyArgs: true, call: (a) => sprint(a.map(nilArg)) }],
  [
    'printf',
    { params: 2, variadic: true, anyArgs: true, firstIsString: true, call: (a) => sprintf(a[0] as string, a.slice(1).map(nilArg)) },
  ],
  ['println', { params: 1, variadic: true, anyArgs: true, call: (a) => sprintln(a.map(nilArg)) }],
  ['html', { params: 1, variadic: true, anyArgs: true, call: (a) => htmlEscape(evalArgs(a)) }],
  ['js', { params: 1, variadic: true, anyArgs: true, call: (a) => jsEscape(evalArgs(a)) }],
  ['urlquery', { params: 1, variadic: true, anyArgs: true, call: (a) => queryEscape(evalArgs(a)) }],
  ['eq', { params: 2, variadic: true, call: eq }],
  ['ne', { params: 2, variadic: false, call: (a) => !eq(a) }],
  ['lt', { params: 2, variadic: false, call: (a) => lt(a[0], a[1]) }],
  ['le', { params: 2, variadic: false, call: (a) => lt(a[0], a[1]) || eq(a) }],
  ['gt', { params: 2, variadic: false, call: (a) => !(lt(a[0], a[1]) || eq(a)) }],
  ['ge', { params: 2, variadic: false, call: (a) => !lt(a[0], a[1]) }],
  ['call', { params: 2, variadic: true }],
]);

// `...any` parameters turn an invalid value into nil.
function nilArg(v: unknown): unknown {
  return v === undefined ? null : v;
}
