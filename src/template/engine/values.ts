/**
 * The value model: how JavaScript values stand for Go values (see VALUES.md).
 */

/** Symbol under which a class prototype carries its Go type description. */
export const GO_TYPE: unique symbol = Symbol.for('tocsin.template.goType');

/** Go type description attached to a class by the `declare*` helpers. */
export type GoTypeInfo =
  | { readonly kind: 'struct'; readonly name: string; readonly fields: readonly string[] }
  | { readonly kind: 'map'; readonly name: string; readonly zero: unknown }
  | { readonly kind: 'slice'; readonly name: string };

/** Numeric Go types other than `int` (bigint) and `float64` (number). */
export type GoNumericType =
  | 'int8' | 'int16' | 'int32' | 'int64'
  | 'uint' | 'uint8' | 'uint16' | 'uint32' | 'uint64' | 'uintptr'
  | 'float32';

/** A Go number of a type other than `int` or `float64`, e.g. the `uint8` that `index "abc" 0` yields. */
export class GoNumber {
  constructor(
    readonly type: GoNumericType,
    readonly value: bigint | number,
  ) {}
}

/** The basic kinds the executor distinguishes. */
export type Kind =
  | 'invalid' | 'nil' | 'string' | 'bool' | 'int' | 'uint' | 'float'
  | 'slice' | 'map' | 'struct' | 'func';

// Abstract constructor so the helpers accept classes with any constructor signature.
type Ctor = abstract new (...args: never[]) => object;

function attach(ctor: Ctor, info: GoTypeInfo): void {
  Object.defineProperty(ctor.prototype, GO_TYPE, { value: info, enumerable: false, configurable: true });
  delete (ctor.prototype as Record<symbol, unknown>)[PROTO_INFO];
}

/** Declares `ctor` as a Go struct type with a name (for `%T`) and field order (for `%v`). */
export function declareStruct(ctor: Ctor, name: string, fields: readonly string[]): void {
  attach(ctor, { kind: 'struct', name, fields });
}

/**
 * Declares `ctor` as a Go map type whose own enumerable properties are its entries.
 * `zero` is the element type's zero value (used by `missingKey: 'zero'` and `index`).
 */
export function declareMap(ctor: Ctor, name: string, zero: unknown = null): void {
  attach(ctor, { kind: 'map', name, zero });
}

/** Declares an `Array` subclass as a named Go slice type (e.g. `template.Alerts`). */
export function declareSlice(ctor: Ctor, name: string): void {
  attach(ctor, { kind: 'slice', name });
}

const VARIADIC = Symbol.for('tocsin.template.variadic');
const ARITY = Symbol.for('tocsin.template.arity');

type AnyFn = (...args: never[]) => unknown;

/** Marks a method whose last parameter is a rest parameter (Go `...T`). */
export function variadic<F extends AnyFn>(fn: F): F {
  Object.defineProperty(fn, VARIADIC, { value: true });
  return fn;
}

/** Marks a template function as taking exactly `n` arguments (checked before the call, as Go does). */
export function arity<F extends AnyFn>(fn: F, n: number): F {
  Object.defineProperty(fn, ARITY, { value: n });
  return fn;
}

/** Fixed arity of a function, or undefined when any number of arguments is accepted. */
export function fixedArity(fn: AnyFn, isMethod: boolean): number | undefined {
  const declared = (fn as unknown as Record<symbol, unknown>)[ARITY];
  if (typeof declared === 'number') return declared;
  if (!isMethod || (fn as unknown as Record<symbol, unknown>)[VARIADIC] === true) return undefined;
  return fn.length;
}

/** Whether `fn` was marked with `variadic`. */
export function isVariadic(fn: AnyFn): boolean {
  return (fn as unknown as Record<symbol, unknown>)[VARIADIC] === true;
}

/** Go type description attached to the value's class, if any. */
export function typeInfo(v: object): GoTypeInfo | undefined {
  return protoInfo(v).info;
}

function isPlainObject(v: object): boolean {
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

const UNSIGNED = new Set<string>(['uint', 'uint8', 'uint16', 'uint32', 'uint64', 'uintptr']);

/** The Go kind of a value. */
export function kindOf(v: unknown): Kind {
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'bigint':
      return 'int';
    case 'number':
      return 'float';
    case 'boolean':
      return 'bool';
    case 'undefined':
      return 'invalid';
    case 'function':
      return 'func';
    case 'object':
      break;
    default:
      return 'struct';
  }
  if (v === null) return 'nil';
  if (Array.isArray(v)) return 'slice';
  if (v instanceof GoNumber) return v.type === 'float32' ? 'float' : UNSIGNED.has(v.type) ? 'uint' : 'int';
  return protoInfo(v).kind;
}

/** What the executor needs to know about objects sharing one prototype, computed once. */
export interface ProtoInfo {
  readonly proto: object | null;
  readonly kind: Kind;
  readonly info: GoTypeInfo | undefined;
  readonly fields: ReadonlySet<string> | undefined;
  readonly methods: Map<string, AnyFn | null>;
}

// Cached on the prototype itself (checked against `proto` so subclasses get their own entry).
const PROTO_INFO = Symbol('tocsin.template.protoInfo');
const PLAIN: ProtoInfo = { proto: null, kind: 'map', info: undefined, fields: undefined, methods: new Map() };

/** The cached description of a non-array object's prototype. */
export function protoInfo(v: object): ProtoInfo {
  const proto = Object.getPrototypeOf(v) as Record<symbol, ProtoInfo | undefined> | null;
  if (proto === null || proto === Object.prototype) return PLAIN;
  const cached = proto[PROTO_INFO];
  if (cached !== undefined && cached.proto === proto) return cached;
  const info = (proto as Record<symbol, GoTypeInfo | undefined>)[GO_TYPE];
  const kind: Kind = Array.isArray(v) ? 'slice' : info !== undefined ? info.kind : v instanceof Map ? 'map' : 'struct';
  const fields = info !== undefined && info.kind === 'struct' ? new Set(info.fields) : undefined;
  const pi: ProtoInfo = { proto, kind, info, fields, methods: new Map() };
  Object.defineProperty(proto, PROTO_INFO, { value: pi, enumerable: false, configurable: true, writable: true });
  return pi;
}

/** The Go `%T` name of a value. */
export function goTypeName(v: unknown): string {
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'bigint':
      return 'int';
    case 'number':
      return 'float64';
    case 'boolean':
      return 'bool';
    case 'undefined':
      return '<nil>';
    case 'function':
      return 'func';
    default:
      break;
  }
  if (v === null) return '<nil>';
  if (v instanceof GoNumber) return v.type;
  const obj = v as object;
  const info = typeInfo(obj);
  if (info !== undefined) return info.name;
  const ctor = (obj as { constructor?: { goTypeName?: unknown; name?: string } }).constructor;
  if (ctor !== undefined && typeof ctor.goTypeName === 'string') return ctor.goTypeName;
  if (Array.isArray(v)) return '[]interface {}';
  if (v instanceof Map || isPlainObject(obj)) return 'map[string]interface {}';
  if (v instanceof Error) return '*errors.errorString';
  return ctor?.name ?? 'struct';
}

/** The struct fields of an object, in Go declaration order. */
export function structFields(v: object): readonly string[] {
  const info = typeInfo(v);
  if (info !== undefined && info.kind === 'struct') return info.fields;
  return Object.keys(v);
}

/** Whether a struct value has a field of that name. */
export function hasField(v: object, pi: ProtoInfo, name: string): boolean {
  return pi.fields !== undefined ? pi.fields.has(name) : Object.prototype.hasOwnProperty.call(v, name);
}

/**
 * Looks up a Go method: an upper-case function on the prototype chain. Own properties (struct
 * fields, map entries) are never methods, and a map entry does not hide a method of the same name.
 */
export function findMethod(v: object, name: string, pi: ProtoInfo = protoInfo(v)): AnyFn | undefined {
  const proto = pi.proto;
  if (proto === null) return undefined;
  let m = pi.methods.get(name);
  if (m === undefined) {
    const code = name.charCodeAt(0);
    const f = (proto as Record<string, unknown>)[name];
    m = code >= 65 && code <= 90 && typeof f === 'function' && !isBuiltinProto(proto, name) ? (f as AnyFn) : null;
    pi.methods.set(name, m);
  }
  return m ?? undefined;
}

// Methods inherited from Object/Array/Map/Error prototypes are never Go methods.
function isBuiltinProto(v: object, name: string): boolean {
  for (const proto of [Object.prototype, Array.prototype, Map.prototype, Error.prototype]) {
    if (name in proto && (v as Record<string, unknown>)[name] === (proto as unknown as Record<string, unknown>)[name]) {
      return true;
    }
  }
  return false;
}

/** Result of reading a map key: found value, or undefined when missing. */
export function mapGet(m: object, key: unknown): { found: boolean; value: unknown } {
  if (m instanceof Map) {
    return m.has(key) ? { found: true, value: m.get(key) as unknown } : { found: false, value: undefined };
  }
  const k = typeof key === 'string' ? key : String(key);
  if (Object.prototype.hasOwnProperty.call(m, k)) return { found: true, value: (m as Record<string, unknown>)[k] };
  return { found: false, value: undefined };
}

/** The zero value of a map's element type (nil unless declared). */
export function mapZero(m: object): unknown {
  const info = typeInfo(m);
  return info !== undefined && info.kind === 'map' ? info.zero : null;
}

/** Number of entries of a map value. */
export function mapSize(m: object): number {
  if (m instanceof Map) return m.size;
  let n = 0;
  for (const k in m) if (Object.prototype.hasOwnProperty.call(m, k)) n++;
  return n;
}

/** Compares strings by UTF-8 byte order (= code point order), as Go sorts them. */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i) ?? 0;
    const y = b.codePointAt(i) ?? 0;
    if (x !== y) return x < y ? -1 : 1;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

function compareKeys(a: unknown, b: unknown): number {
  if (typeof a === 'string' && typeof b === 'string') return compareStrings(a, b);
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a ? 1 : -1;
  return compareStrings(String(a), String(b));
}

/** Map entries sorted by key, as Go's `range` and `fmt` order them. */
export function sortedEntries(m: object): Array<[unknown, unknown]> {
  const out: Array<[unknown, unknown]> = [];
  if (m instanceof Map) {
    for (const [k, v] of m) out.push([k, v]);
  } else {
    for (const k of Object.keys(m)) out.push([k, (m as Record<string, unknown>)[k]]);
  }
  return out.sort((x, y) => compareKeys(x[0], y[0]));
}

/** Go's template truthiness (`if`, `with`, `and`, `or`, `not`). */
export function isTrue(v: unknown): boolean {
  switch (typeof v) {
    case 'string':
      return v.length > 0;
    case 'boolean':
      return v;
    case 'bigint':
      return v !== 0n;
    case 'number':
      return v !== 0;
    case 'undefined':
      return false;
    case 'function':
      return true;
    default:
      break;
  }
  if (v === null) return false;
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof GoNumber) return v.value !== 0 && v.value !== 0n;
  const kind = kindOf(v);
  if (kind === 'map') return mapSize(v as object) > 0;
  return true;
}

/** Byte length of the UTF-8 encoding of a string. */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}
