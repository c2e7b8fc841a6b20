import { isAlias, isMap, isScalar, isSeq } from 'yaml';
import type { Document, LineCounter, Node, Scalar } from 'yaml';
import { AmValidationError, ConfigError } from './errors.ts';
import { parseGoDuration } from './go-duration.ts';
import { goQuote } from '../labels/go-quote.ts';
import type { HookContext, Kind, NodeDecoder, StructDef } from './schema/kinds.ts';
import { resolvePlain, tagOf } from './yaml-resolve.ts';

/** Where a decoded struct came from, so later checks can point at the offending key. */
export interface Origin {
  node: Node;
  path: string;
  /** yaml key → the key node and value node it was read from. */
  keys: Map<string, { key: Node; value: Node | null }>;
}

interface TypeIssue {
  text: string;
  node: Node | null;
  path: string;
}

export interface DecodeResult {
  ok: boolean;
  value: unknown;
}

const NULL_WORDS = new Set(['', '~', 'null', 'Null', 'NULL']);

/**
 * Decodes a parsed YAML document into values shaped by a schema, the way yaml.v2's
 * `UnmarshalStrict` fills Go structs: coercion by target type, unknown and duplicate keys reported
 * as type errors (collected, like yaml.v2), and the first validation error aborting at once.
 */
export class YamlDecoder implements NodeDecoder {
  readonly origins = new WeakMap<object, Origin>();
  readonly #issues: TypeIssue[] = [];
  readonly #resolving = new Set<Node>();

  constructor(
    readonly doc: Document.Parsed,
    readonly lineCounter: LineCounter,
    readonly file: string,
    readonly ctx: HookContext,
  ) {}

  /** Decodes the document's root node; returns undefined for an empty document. */
  decodeRoot(kind: Kind): unknown {
    const root = this.doc.contents as Node | null;
    if (root === null) return undefined;
    const { value } = this.decode(root, kind, '');
    this.throwTypeErrors();
    return value;
  }

  /** yaml.v2 reports all type errors of a document together; this throws them if there are any. */
  throwTypeErrors(): void {
    const first = this.#issues[0];
    if (first === undefined) return;
    const text = `yaml: unmarshal errors:\n  ${this.#issues.map((i) => i.text).join('\n  ')}`;
    throw this.error(text, first.node, first.path);
  }

  get issueCount(): number {
    return this.#issues.length;
  }

  position(node: Node | null): { line: number; column: number } {
    if (node?.range == null) return { line: 0, column: 0 };
    const { line, col } = this.lineCounter.linePos(node.range[0]);
    return { line, column: col };
  }

  error(message: string, node: Node | null, path: string): ConfigError {
    return new ConfigError(message, { file: this.file, ...this.position(node), key: path });
  }

  fail(message: string, node: Node | null, path: string): never {
    throw this.error(message, node, path);
  }

  decode(node: Node | null, kind: Kind, path: string): DecodeResult {
    if (node !== null && isAlias(node)) return this.#alias(node, kind, path);
    if (kind.t === 'ptr') {
      if (this.#isNull(node)) return { ok: true, value: undefined };
      return this.decode(node, kind.elem, path);
    }
    if (this.#isNull(node)) return { ok: true, value: zeroOf(kind) };
    const n = node as Node;
    switch (kind.t) {
      case 'struct':
        return this.#struct(n, kind.def, path);
      case 'list':
        return this.#list(n, kind, path);
      case 'map':
        return this.#map(n, kind, path);
      case 'text': {
        const s = this.#string(n, kind.inner, path);
        if (!s.ok) return s;
        try {
          return { ok: true, value: kind.parse(s.value as string, this.ctx) };
        } catch (err) {
          if (err instanceof ConfigError) throw err;
          return this.fail(messageOf(err), n, path);
        }
      }
      case 'custom':
        return kind.decode(n, this, path);
      case 'any':
        return { ok: true, value: this.#any(n, path) };
      default:
        return this.#scalar(n, kind, path);
    }
  }

  #alias(node: Node, kind: Kind, path: string): DecodeResult {
    if (this.#resolving.has(node)) {
      this.fail(`yaml: anchor '${(node as unknown as { source: string }).source}' value contains itself`, node, path);
    }
    const target = (node as unknown as { resolve(doc: Document): Node | undefined }).resolve(this.doc);
    if (target === undefined) {
      this.fail(`yaml: unknown anchor '${(node as unknown as { source: string }).source}' referenced`, node, path);
    }
    this.#resolving.add(node);
    try {
      return this.decode(target, kind, path);
    } finally {
      this.#resolving.delete(node);
    }
  }

  #deref(node: Node | null): Node | null {
    let n = node;
    for (let i = 0; n !== null && isAlias(n) && i < 100; i++) {
      n = ((n as unknown as { resolve(doc: Document): Node | undefined }).resolve(this.doc) ?? null) as Node | null;
    }
    return n;
  }

  #isNull(node: Node | null): boolean {
    if (node === null) return true;
    if (!isScalar(node)) return false;
    const tag = tagOf(node);
    if (tag === '!!null') return true;
    return tag === undefined && node.type === 'PLAIN' && NULL_WORDS.has(String(node.value));
  }

  #typeError(node: Node, goType: string, path: string): DecodeResult {
    const tag = tagOf(node) ?? (isMap(node) ? '!!map' : isSeq(node) ? '!!seq' : this.#resolve(node as Scalar).tag);
    let shown = '';
    if (tag !== '!!map' && tag !== '!!seq') {
      const v = String((node as Scalar).value);
      shown = Buffer.byteLength(v) > 10 ? ` \`${Buffer.from(v).subarray(0, 7).toString()}...\`` : ` \`${v}\``;
    }
    this.#issue(node, `cannot unmarshal ${tag}${shown} into ${goType}`, path);
    return { ok: false, value: undefined };
  }

  #issue(node: Node | null, text: string, path: string): void {
    this.#issues.push({ text: `line ${this.position(node).line}: ${text}`, node, path });
  }

  #resolve(node: Scalar): { tag: string; value: unknown } {
    const text = String(node.value);
    const tag = tagOf(node);
    if (tag === '!!str' || (tag === undefined && node.type !== 'PLAIN')) return { tag: '!!str', value: text };
    const r = resolvePlain(text);
    if (tag === undefined || tag === r.tag) return r;
    if (tag === '!!float' && r.tag === '!!int') return { tag, value: Number(r.value) };
    return this.fail(`yaml: cannot decode ${r.tag} \`${text}\` as a ${tag}`, node, '');
  }

  /** A value decoded into a Go string: any scalar keeps its text. */
  #string(node: Node, goType: string, path: string): DecodeResult {
    if (!isScalar(node)) return this.#typeError(node, goType, path);
    return { ok: true, value: String(node.value) };
  }

  #scalar(node: Node, kind: Kind, path: string): DecodeResult {
    const goType = goTypeOf(kind);
    if (!isScalar(node)) return this.#typeError(node, goType, path);
    if (kind.t === 'string') return { ok: true, value: String(node.value) };
    const { value } = this.#resolve(node);
    switch (kind.t) {
      case 'bool':
        if (typeof value === 'boolean') return { ok: true, value };
        break;
      case 'float':
        if (typeof value === 'number' || typeof value === 'bigint') return { ok: true, value: Number(value) };
        break;
      case 'int': {
        const n = toInteger(value, kind.go);
        if (n !== undefined) return { ok: true, value: n };
        break;
      }
      case 'goDuration': {
        if (typeof value === 'string') {
          try {
            return { ok: true, value: parseGoDuration(value) };
          } catch {
            break;
          }
        }
        const n = toInteger(value, 'int64');
        if (n !== undefined) return { ok: true, value: n / 1e6 };
        break;
      }
    }
    return this.#typeError(node, goType, path);
  }

  #struct(node: Node, def: StructDef, path: string): DecodeResult {
    if (!isMap(node)) return this.#typeError(node, def.go, path);
    const before = this.#issues.length;
    const value: Record<string, unknown> = def.defaults ? def.defaults() : zeroStruct(def);
    const origin: Origin = { node, path, keys: new Map() };
    this.#fillStruct(node, def, value, origin);
    this.origins.set(value, origin);
    if (this.#issues.length > before) return { ok: def.validate === undefined, value };
    if (def.validate) {
      try {
        def.validate(value, this.ctx);
      } catch (err) {
        if (err instanceof ConfigError) throw err;
        if (err instanceof AmValidationError) {
          const at = (err.target && this.origins.get(err.target)) || origin;
          const key = err.field === undefined ? undefined : at.keys.get(err.field);
          if (key) this.fail(err.message, key.key, joinPath(at.path, err.field as string));
          this.fail(err.message, at.node, at.path);
        }
        this.fail(messageOf(err), node, path);
      }
    }
    return { ok: true, value };
  }

  #fillStruct(node: Node, def: StructDef, value: Record<string, unknown>, origin: Origin): void {
    if (!isMap(node)) return;
    const done = new Set<string>();
    for (const pair of node.items) {
      const keyNode = pair.key as Node | null;
      const valueNode = pair.value as Node | null;
      if (this.#isMerge(keyNode)) {
        this.#merge(valueNode, (m) => this.#fillStruct(m, def, value, origin), origin.path);
        continue;
      }
      const key = this.#key(keyNode, origin.path);
      if (key === undefined) continue;
      const field = def.fields.find((f) => f.key === key);
      const fieldPath = joinPath(origin.path, key);
      if (field === undefined) {
        if (def.inlineMap) {
          this.#setMapEntry(value, key, valueNode, def.inlineMap, fieldPath);
          origin.keys.set(key, { key: keyNode as Node, value: valueNode });
        } else {
          this.#issue(keyNode, `field ${key} not found in type ${def.go}`, fieldPath);
        }
        continue;
      }
      if (done.has(key)) {
        this.#issue(keyNode, `field ${key} already set in type ${def.go}`, fieldPath);
        continue;
      }
      done.add(key);
      origin.keys.set(key, { key: keyNode as Node, value: valueNode });
      value[field.prop ?? key] = this.decode(valueNode, field.kind, fieldPath).value;
    }
  }

  #isMerge(node: Node | null): boolean {
    return node !== null && isScalar(node) && node.type === 'PLAIN' && node.value === '<<' && tagOf(node) === undefined;
  }

  /** yaml.v2 merge keys: a mapping, an alias of one, or a sequence of them (applied last to first). */
  #merge(node: Node | null, apply: (mapping: Node) => void, path: string): void {
    const wantMap = (): never => this.fail('yaml: map merge requires map or sequence of maps as the value', node, path);
    const target = this.#deref(node);
    if (target !== null && isMap(target)) return apply(target);
    if (target === null || !isSeq(target) || (node !== null && isAlias(node))) return wantMap();
    for (let i = target.items.length - 1; i >= 0; i--) {
      const item = this.#deref(target.items[i] as Node | null);
      if (item === null || !isMap(item)) wantMap();
      apply(item as Node);
    }
  }

  #key(node: Node | null, path: string): string | undefined {
    if (this.#isNull(node)) return '';
    const r = this.#string(node as Node, 'string', path);
    return r.ok ? (r.value as string) : undefined;
  }

  #list(node: Node, kind: Extract<Kind, { t: 'list' }>, path: string): DecodeResult {
    if (!isSeq(node)) return this.#typeError(node, kind.go, path);
    const out: unknown[] = [];
    node.items.forEach((item, i) => {
      const r = this.decode(item as Node | null, kind.elem, `${path}[${i}]`);
      if (r.ok) out.push(r.value);
    });
    return { ok: true, value: out };
  }

  #map(node: Node, kind: Extract<Kind, { t: 'map' }>, path: string): DecodeResult {
    if (!isMap(node)) return this.#typeError(node, kind.go, path);
    const out: Record<string, unknown> = {};
    const fill = (m: Node): void => {
      if (!isMap(m)) return;
      for (const pair of m.items) {
        const keyNode = pair.key as Node | null;
        if (this.#isMerge(keyNode)) {
          this.#merge(pair.value as Node | null, fill, path);
          continue;
        }
        const key = this.#key(keyNode, path);
        if (key === undefined) continue;
        this.#setMapEntry(out, key, pair.value as Node | null, kind.value, joinPath(path, key));
      }
    };
    fill(node);
    return { ok: true, value: out };
  }

  #setMapEntry(out: Record<string, unknown>, key: string, valueNode: Node | null, kind: Kind, path: string): void {
    const r = this.decode(valueNode, kind, path);
    if (!r.ok) return;
    if (Object.hasOwn(out, key)) {
      this.#issue(valueNode, `key ${goQuote(key)} already set in map`, path);
      return;
    }
    Object.defineProperty(out, key, { value: r.value, enumerable: true, writable: true, configurable: true });
  }

  /** Go `interface{}`: maps, lists and resolved scalars; timestamps keep their text. */
  #any(node: Node, path: string): unknown {
    const n = this.#deref(node);
    if (n === null || this.#isNull(n)) return null;
    if (isSeq(n)) return n.items.map((item, i) => this.#any(item as Node, `${path}[${i}]`));
    if (isMap(n)) {
      const out: Record<string, unknown> = {};
      const fill = (m: Node): void => {
        if (!isMap(m)) return;
        for (const pair of m.items) {
          const keyNode = this.#deref(pair.key as Node | null);
          if (this.#isMerge(keyNode)) {
            this.#merge(pair.value as Node | null, fill, path);
            continue;
          }
          const key = keyNode === null || this.#isNull(keyNode) ? '' : String((keyNode as Scalar).value);
          if (Object.hasOwn(out, key)) {
            this.#issue(pair.value as Node | null, `key ${goQuote(key)} already set in map`, path);
            continue;
          }
          const v = this.#any(pair.value as Node, joinPath(path, key));
          Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
        }
      };
      fill(n);
      return out;
    }
    const { tag, value } = this.#resolve(n as Scalar);
    if (tag === '!!timestamp') return String((n as Scalar).value);
    return typeof value === 'bigint' ? Number(value) : value;
  }
}

function toInteger(value: unknown, go: 'int' | 'int64' | 'uint64'): number | undefined {
  let n: bigint;
  if (typeof value === 'bigint') n = value;
  else if (typeof value === 'number') {
    if (!Number.isFinite(value)) return undefined;
    n = BigInt(Math.trunc(value));
  } else return undefined;
  const [min, max] = go === 'uint64' ? [0n, 18446744073709551615n] : [-9223372036854775808n, 9223372036854775807n];
  return n < min || n > max ? undefined : Number(n);
}

function goTypeOf(kind: Kind): string {
  switch (kind.t) {
    case 'string':
      return 'string';
    case 'bool':
      return 'bool';
    case 'int':
      return kind.go;
    case 'float':
      return 'float64';
    case 'goDuration':
      return 'time.Duration';
    case 'ptr':
      return `*${goTypeOf(kind.elem)}`;
    case 'list':
    case 'map':
      return kind.go;
    case 'struct':
      return kind.def.go;
    case 'text':
      return kind.inner;
    default:
      return 'interface {}';
  }
}

/** Go's zero value of a type, as the decoder and the marshaller represent it. */
export function zeroOf(kind: Kind): unknown {
  switch (kind.t) {
    case 'string':
      return '';
    case 'bool':
      return false;
    case 'int':
    case 'float':
    case 'goDuration':
      return 0;
    case 'struct':
      return zeroStruct(kind.def);
    case 'any':
      return null;
    case 'text':
      return kind.zero;
    default:
      return undefined;
  }
}

export function zeroStruct(def: StructDef): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of def.fields) {
    const z = zeroOf(f.kind);
    if (z !== undefined) out[f.prop ?? f.key] = z;
  }
  return out;
}

function joinPath(path: string, key: string): string {
  if (path === '') return key;
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
