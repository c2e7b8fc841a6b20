import type { Node } from 'yaml';
import type { MatcherMode } from '../../labels/parse.ts';

/** What a schema hook may use besides the value it checks. */
export interface HookContext {
  matcherMode: MatcherMode;
  warn(message: string): void;
}

/** A value ready for the YAML emitter: scalars by their Go kind, or nested structures. */
export type Emit =
  | { e: 'str'; v: string }
  | { e: 'raw'; v: string } // bool, int, float: printed as is, plain
  | { e: 'null' }
  | { e: 'seq'; items: Emit[]; flow?: boolean }
  | { e: 'map'; entries: [string, Emit][] };

/**
 * One Go field type, described well enough to decode it as yaml.v2 does (`UnmarshalStrict`) and to
 * marshal it back as `yaml.Marshal` does.
 */
export type Kind =
  | { t: 'string' }
  | { t: 'bool' }
  | { t: 'int'; go: 'int' | 'int64' | 'uint64' }
  | { t: 'float' }
  /** Go `time.Duration`: an integer (nanoseconds) or a `time.ParseDuration` string; kept in ms. */
  | { t: 'goDuration' }
  | { t: 'ptr'; elem: Kind }
  | { t: 'list'; elem: Kind; go: string; flow?: boolean }
  | { t: 'map'; value: Kind; go: string }
  | { t: 'struct'; def: StructDef }
  /** A type with its own UnmarshalYAML that first unmarshals a string (URL, Secret, Duration...). */
  | TextKind
  /** Go `interface{}`: any YAML value. */
  | { t: 'any' }
  /** A type with an UnmarshalYAML that needs the node itself (matchers, Jira field config). */
  | CustomKind;

export interface TextKind {
  t: 'text';
  /** Go type named when the value is not a scalar (the target of the inner `unmarshal(&s)`). */
  inner: string;
  parse(text: string, ctx: HookContext): unknown;
  marshal(value: unknown): Emit;
  isZero(value: unknown): boolean;
  /** Go's zero value of the type when not a pointer (a nil pointer is `undefined`). */
  zero?: unknown;
}

export interface CustomKind {
  t: 'custom';
  decode(node: Node, dec: NodeDecoder, path: string): { ok: boolean; value: unknown };
  marshal(value: unknown): Emit;
  isZero(value: unknown): boolean;
}

/** The decoder as seen by custom kinds. */
export interface NodeDecoder {
  decode(node: Node | null, kind: Kind, path: string): { ok: boolean; value: unknown };
  ctx: HookContext;
  /** How many yaml.v2 type errors have been collected so far. */
  readonly issueCount: number;
  fail(message: string, node: Node | null, path: string): never;
}

export interface FieldDef {
  /** The YAML key. */
  key: string;
  kind: Kind;
  omitempty?: boolean;
  /** The property in the decoded object when it differs from the key. */
  prop?: string;
}

export interface StructDef {
  /** Go type name printed by yaml.v2 errors (`config.plain` for types with their own UnmarshalYAML). */
  go: string;
  fields: FieldDef[];
  /** Values set before decoding (Go's `*c = DefaultXConfig`); absent means Go's zero value. */
  defaults?: () => Record<string, unknown>;
  /** Go's checks after the plain unmarshal; throw AmValidationError. Present iff Go has UnmarshalYAML. */
  validate?: (value: Record<string, unknown>, ctx: HookContext) => void;
  /** Keys not in `fields` go to this map (yaml `,inline` map), e.g. http_headers. */
  inlineMap?: Kind;
}

export const str: Kind = { t: 'string' };
export const bool: Kind = { t: 'bool' };
export const int: Kind = { t: 'int', go: 'int' };
export const int64: Kind = { t: 'int', go: 'int64' };
export const uint64: Kind = { t: 'int', go: 'uint64' };
export const float: Kind = { t: 'float' };
export const goDuration: Kind = { t: 'goDuration' };
export const any: Kind = { t: 'any' };
export const strList: Kind = { t: 'list', elem: str, go: '[]string' };
export const strMap: Kind = { t: 'map', value: str, go: 'map[string]string' };

export function ptr(elem: Kind): Kind {
  return { t: 'ptr', elem };
}

export function struct(def: StructDef): Kind {
  return { t: 'struct', def };
}

export function list(elem: Kind, go: string, flow = false): Kind {
  return { t: 'list', elem, go, flow };
}

/** A field with `omitempty`. */
export function opt(key: string, kind: Kind): FieldDef {
  return { key, kind, omitempty: true };
}

/** A field without `omitempty`: always marshalled. */
export function req(key: string, kind: Kind): FieldDef {
  return { key, kind };
}
