/**
 * Executor runtime: the state of one execution and Go's semantics for fields, map keys, methods,
 * function calls, variables and control structures, with Go-shaped errors. Trees are compiled to
 * closures (compile.ts) that call into this state.
 */
import type { ArgNode, BranchNode, IdentifierNode, Node, TemplateNode, Tree } from './ast.ts';
import { nodeString } from './ast.ts';
import { BUILTINS, InterfaceArg, callFunction } from './builtins.ts';
import type { Builtin } from './builtins.ts';
import { Flow, MISSING } from './compile.ts';
import type { CallArgs, Expr, Stmt } from './compile.ts';
import { TemplateExecError } from './errors.ts';
import { sprint } from './fmt.ts';
import { goQuote } from './strconv.ts';
import { Resolved, remember } from './field-cache.ts';
import type { FieldCache } from './field-cache.ts';
import type { ProtoInfo } from './values.ts';
import {
  GoNumber, fixedArity, findMethod, goTypeName, hasField, isTrue, isVariadic, kindOf, mapGet, mapZero, protoInfo,
  sortedEntries, typeInfo, utf8Length,
} from './values.ts';

/** A template function as users supply it (Go FuncMap value). */
export type TemplateFunc = (...args: never[]) => unknown;

/** What to do with a missing map key (Go's `missingkey` option). */
export type MissingKey = 'default' | 'zero' | 'error';

/** Everything the executor needs besides the data. */
export interface ExecEnv {
  lookup(name: string): Tree | undefined;
  /** The compiled body of a tree (compiled once, cached by the owner). */
  compiled(tree: Tree): Stmt;
  readonly funcs: ReadonlyMap<string, TemplateFunc>;
  readonly missingKey: MissingKey;
}

/** Go's maxExecDepth: nesting limit of {{template}} calls. */
const MAX_EXEC_DEPTH = 100000;

interface Variable {
  readonly name: string;
  value: unknown;
}

/** Executes `tree` with `data` as dot and returns the output. Throws TemplateExecError. */
export function execute(env: ExecEnv, tree: Tree, data: unknown): string {
  const s = new State(env, tree, data);
  env.compiled(tree)(s, data);
  return s.out;
}

/** The state of one execution (Go's `state`), driven by compiled closures. */
export class State {
  out = '';
  /** The node being evaluated, for error context (Go's `s.at(node)`). */
  node: Node;
  private vars: Variable[];
  private depth = 0;
  /** Whether the last field evaluated was read from a map[string]interface{} (static type interface{}). */
  private fromInterfaceMap = false;

  constructor(
    private readonly env: ExecEnv,
    private tree: Tree,
    dot: unknown,
  ) {
    this.vars = [{ name: '$', value: dot }];
    this.node = tree.root;
  }

  // ---- errors ----

  /** Throws Go's exec error for the current node. */
  fail(msg: string): never {
    const n = this.node;
    const text = this.tree.text.slice(0, n.pos);
    const nl = text.lastIndexOf('\n');
    let line = 1;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) line++;
    const col = utf8Length(nl < 0 ? text : text.slice(nl + 1));
    throw new TemplateExecError(
      `template: ${this.tree.parseName}:${line}:${col}: executing ${goQuote(this.tree.name)} at <${nodeString(n)}>: ${msg}`,
      this.tree.name,
    );
  }

  failAt(n: Node, msg: string): never {
    this.node = n;
    return this.fail(msg);
  }

  // ---- variables ----

  mark(): number {
    return this.vars.length;
  }

  pop(mark: number): void {
    if (this.vars.length !== mark) this.vars.length = mark;
  }

  push(name: string, value: unknown): void {
    this.vars.push({ name, value });
  }

  varValue(name: string): unknown {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      const v = this.vars[i] as Variable;
      if (v.name === name) return v.value;
    }
    return this.fail(`undefined variable: ${name}`);
  }

  setVar(name: string, value: unknown): void {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      const v = this.vars[i] as Variable;
      if (v.name === name) {
        v.value = value;
        return;
      }
    }
    this.fail(`undefined variable: ${name}`);
  }

  private setTopVar(n: number, value: unknown): void {
    (this.vars[this.vars.length - n] as Variable).value = value;
  }

  // ---- statements ----

  printValue(node: Node, v: unknown): void {
    if (typeof v === 'string') {
      this.out += v;
      return;
    }
    this.node = node;
    if (v === undefined) {
      this.out += '<no value>';
      return;
    }
    if (typeof v === 'function') this.fail(`can't print ${nodeString(node)} of type ${goTypeName(v)}`);
    this.out += sprint([v]);
  }

  walkRange(dot: unknown, r: BranchNode, pipe: Expr, body: Stmt, orElse: Stmt | undefined): Flow {
    this.node = r;
    const mark = this.vars.length;
    const val = pipe(this, dot);
    const bodyMark = this.vars.length;
    const wantIndex = r.pipe.decl.length > 1;
    let ran = false;
    switch (kindOf(val)) {
      case 'slice': {
        const arr = val as unknown[];
        for (let i = 0; i < arr.length; i++) {
          ran = true;
          if (this.iteration(r, body, bodyMark, wantIndex ? BigInt(i) : undefined, arr[i] ?? null)) break;
        }
        break;
      }
      case 'map':
        for (const [k, v] of sortedEntries(val as object)) {
          ran = true;
          if (this.iteration(r, body, bodyMark, k, v ?? null)) break;
        }
        break;
      case 'int':
      case 'uint': {
        // Go 1.22: range over an integer n yields 0..n-1.
        if (wantIndex) this.fail(`can't use ${sprint([val])} to iterate over more than one variable`);
        const n = typeof val === 'bigint' ? val : BigInt((val as { value: bigint }).value);
        for (let i = 0n; i < n; i++) {
          ran = true;
          if (this.iteration(r, body, bodyMark, undefined, i)) break;
        }
        break;
      }
      case 'invalid':
      case 'nil':
        break;
      default:
        this.fail(`range can't iterate over ${sprint([val])}`);
    }
    let f = Flow.Normal;
    if (!ran && orElse !== undefined) f = orElse(this, dot);
    this.pop(mark);
    // Go recovers walkBreak around the whole range, so a {{break}} in the else list ends only this range.
    return f === Flow.Continue ? Flow.Continue : Flow.Normal;
  }

  /** One range iteration (Go's oneIteration); returns true on {{break}}. */
  private iteration(r: BranchNode, body: Stmt, bodyMark: number, index: unknown, elem: unknown): boolean {
    const decl = r.pipe.decl;
    if (decl.length > 0) {
      if (r.pipe.isAssign) this.setVar(decl[0]?.ident[0] as string, decl.length > 1 ? index : elem);
      else this.setTopVar(1, elem);
    }
    if (decl.length > 1) {
      if (r.pipe.isAssign) this.setVar(decl[1]?.ident[0] as string, elem);
      else this.setTopVar(2, index);
    }
    const f = body(this, elem);
    if (this.vars.length !== bodyMark) this.vars.length = bodyMark;
    return f === Flow.Break;
  }

  walkTemplate(dot: unknown, t: TemplateNode, pipe: Expr | undefined): void {
    this.node = t;
    const tree = this.env.lookup(t.name);
    if (tree === undefined) this.fail(`template ${goQuote(t.name)} not defined`);
    if (this.depth === MAX_EXEC_DEPTH) this.fail(`exceeded maximum template depth (${MAX_EXEC_DEPTH})`);
    const newDot = pipe === undefined ? undefined : pipe(this, dot);
    const body = this.env.compiled(tree);
    const saved = { tree: this.tree, vars: this.vars };
    this.tree = tree;
    this.vars = [{ name: '$', value: newDot }];
    this.depth++;
    try {
      body(this, newDot);
    } catch (e) {
      if (!isStackOverflow(e)) throw e;
      // JS stacks are shallower than Go's: report runaway recursion at the call, as Go does at its limit.
      this.tree = saved.tree;
      this.node = t;
      this.fail(`exceeded maximum template depth (${MAX_EXEC_DEPTH})`);
    } finally {
      this.depth--;
      this.tree = saved.tree;
      this.vars = saved.vars;
    }
  }

  // ---- evaluation ----

  /** Go's notAFunction: a non-function operand given arguments or a piped value. */
  notAFunction(hasArgs: boolean, final: unknown, first: Node): void {
    if (hasArgs || final !== MISSING) this.fail(`can't give argument to non-function ${nodeString(first)}`);
  }

  /**
   * Evaluates `receiver.ident[start]…ident[last]`; only the last field gets the call's arguments.
   * `caches[i]` is the inline cache of `ident[i]` at this call site.
   */
  evalFieldChain(
    dot: unknown, receiver: unknown, node: Node, ident: readonly string[], start: number, call: CallArgs, final: unknown,
    caches: readonly FieldCache[],
  ): unknown {
    const last = ident.length - 1;
    if (last === start) {
      return this.evalField(dot, ident[last] as string, node, call, final, receiver, false, caches[last] as FieldCache);
    }
    let r = receiver;
    // Values read from an undeclared map (map[string]interface{}) have static type interface{}.
    let iface = false;
    for (let i = start; i < last; i++) {
      const next = this.evalField(dot, ident[i] as string, node, NO_CALL, MISSING, r, iface, caches[i] as FieldCache);
      iface = isInterfaceMap(r);
      r = next;
    }
    return this.evalField(dot, ident[last] as string, node, call, final, r, iface, caches[last] as FieldCache);
  }

  private evalField(
    dot: unknown, name: string, node: Node, call: CallArgs, final: unknown, receiver: unknown, iface: boolean,
    cache: FieldCache,
  ): unknown {
    this.fromInterfaceMap = false;
    if (typeof receiver === 'object' && receiver !== null && Object.getPrototypeOf(receiver) === cache.proto) {
      const hit = this.cachedField(dot, name, node, call, final, receiver, cache);
      if (hit !== MISS) return hit;
    }
    if (receiver === undefined) {
      if (this.env.missingKey === 'error') this.fail(`nil data; no entry for key ${goQuote(name)}`);
      return undefined;
    }
    if (receiver === null) return this.fail(`nil pointer evaluating interface {}.${name}`);
    const pi = typeof receiver === 'object' && !(receiver instanceof GoNumber) ? protoInfo(receiver) : undefined;
    if (pi !== undefined) {
      const method = findMethod(receiver as object, name, pi);
      if (method !== undefined) {
        remember(cache, receiver as object, Resolved.Method, method);
        return this.evalCall(dot, method, receiver as object, undefined, node, name, call, final);
      }
    }
    const hasArgs = call.nodes.length > 0 || final !== MISSING;
    const kind = pi !== undefined ? pi.kind : kindOf(receiver);
    if (kind === 'struct') {
      const obj = receiver as Record<string, unknown>;
      if (hasField(obj, pi as ProtoInfo, name)) {
        const c = name.charCodeAt(0);
        if (!(c >= 65 && c <= 90) && !/^\p{Lu}/u.test(name)) {
          this.fail(`${name} is an unexported field of struct type ${goTypeName(receiver)}`);
        }
        if (hasArgs) this.fail(`${name} has arguments but cannot be invoked as function`);
        remember(cache, obj, pi?.fields !== undefined ? Resolved.DeclaredField : Resolved.OwnField, undefined);
        const v = obj[name];
        return v === undefined ? null : v;
      }
    } else if (kind === 'map') {
      if (hasArgs) this.fail(`${name} is not a method but has arguments`);
      const m = receiver as object;
      this.fromInterfaceMap = isInterfaceMap(m);
      if (!(m instanceof Map)) remember(cache, m, this.fromInterfaceMap ? Resolved.InterfaceMapKey : Resolved.MapKey, undefined);
      const r = mapGet(m, name);
      if (r.found) return r.value === undefined ? null : r.value;
      switch (this.env.missingKey) {
        case 'zero':
          return mapZero(m);
        case 'error':
          return this.fail(`map has no entry for key ${goQuote(name)}`);
        default:
          return undefined;
      }
    }
    return this.fail(`can't evaluate field ${name} in type ${iface ? 'interface {}' : goTypeName(receiver)}`);
  }

  /** The inline-cache fast path of evalField; MISS sends the lookup down the general path. */
  private cachedField(
    dot: unknown, name: string, node: Node, call: CallArgs, final: unknown, receiver: object, cache: FieldCache,
  ): unknown {
    if (cache.kind === Resolved.Method) {
      return this.evalCall(dot, cache.method as TemplateFunc, receiver, undefined, node, name, call, final);
    }
    if (call.nodes.length > 0 || final !== MISSING) return MISS;
    const obj = receiver as Record<string, unknown>;
    switch (cache.kind) {
      case Resolved.DeclaredField:
        break;
      case Resolved.OwnField:
      case Resolved.MapKey:
      case Resolved.InterfaceMapKey:
        if (!Object.prototype.hasOwnProperty.call(obj, name)) return MISS;
        this.fromInterfaceMap = cache.kind === Resolved.InterfaceMapKey;
        break;
      default:
        return MISS;
    }
    const v = obj[name];
    return v === undefined ? null : v;
  }

  evalFunction(dot: unknown, node: IdentifierNode, cmd: Node, call: CallArgs, final: unknown): unknown {
    this.node = node;
    const name = node.name;
    const fn = this.env.funcs.get(name);
    if (fn !== undefined) return this.evalCall(dot, fn, undefined, undefined, cmd, name, call, final);
    const builtin = BUILTINS.get(name);
    if (builtin === undefined) return this.fail(`${goQuote(name)} is not a defined function`);
    return this.evalCall(dot, undefined, undefined, builtin, cmd, name, call, final);
  }

  /** Calls a user function or method (`fn`, with `receiver` bound for methods) or a builtin. */
  private evalCall(
    dot: unknown, fn: TemplateFunc | undefined, receiver: object | undefined, builtin: Builtin | undefined,
    node: Node, name: string, call: CallArgs, final: unknown,
  ): unknown {
    const argNodes = call.nodes;
    const numIn = argNodes.length + (final !== MISSING ? 1 : 0);
    let params: number | undefined;
    let variadic: boolean;
    if (builtin !== undefined) {
      params = builtin.params;
      variadic = builtin.variadic;
    } else {
      const f = fn as TemplateFunc;
      params = fixedArity(f, receiver !== undefined);
      variadic = receiver !== undefined && isVariadic(f);
      if (variadic) params = f.length + 1;
    }
    if (params !== undefined) {
      if (variadic) {
        if (numIn < params - 1) {
          this.fail(`wrong number of args for ${name}: want at least ${params - 1} got ${argNodes.length}`);
        }
      } else if (numIn !== params) {
        this.fail(`wrong number of args for ${name}: want ${params} got ${numIn}`);
      }
    }

    if (builtin !== undefined && (name === 'and' || name === 'or')) {
      let v: unknown;
      for (let i = 0; i < argNodes.length; i++) {
        // reflect.Value parameters: a nil literal is an invalid value.
        v = argNodes[i]?.type === 'nil' ? undefined : (call.fns[i] as Expr)(this, dot);
        if (isTrue(v) === (name === 'or')) return v;
      }
      if (final !== MISSING) v = final;
      return v;
    }

    const argv: unknown[] = numIn === 0 ? NO_VALUES : new Array<unknown>(numIn);
    for (let i = 0; i < argNodes.length; i++) {
      const a = argNodes[i] as ArgNode;
      let v: unknown;
      if (i === 0 && builtin?.firstIsString === true) v = this.evalStringArg(dot, a, call.fns[0] as Expr);
      else if (a.type === 'nil' && builtin !== undefined && builtin.anyArgs !== true) v = undefined;
      else {
        this.fromInterfaceMap = false;
        v = (call.fns[i] as Expr)(this, dot);
        if (i > 0 && name === 'slice' && builtin !== undefined && this.fromInterfaceMap && isFieldPath(a) && v != null) {
          v = new InterfaceArg(v);
        }
      }
      argv[i] = builtin === undefined && v === undefined ? null : v;
    }
    if (final !== MISSING) {
      if (builtin?.firstIsString === true && argNodes.length === 0 && typeof final !== 'string') {
        this.fail(`wrong type for value; expected string; got ${goTypeName(final)}`);
      }
      argv[argNodes.length] = builtin === undefined && final === undefined ? null : final;
    }
    let result: unknown;
    try {
      if (builtin !== undefined && name === 'call') {
        const callee = argNodes.length > 0 ? nodeString(argNodes[0] as ArgNode) : sprint([final]);
        result = callFunction(callee, argv);
      } else if (builtin !== undefined) result = (builtin.call as (a: unknown[]) => unknown)(argv);
      else result = (fn as (...a: unknown[]) => unknown).apply(receiver, argv);
    } catch (e) {
      if (isStackOverflow(e)) throw e;
      this.node = node;
      this.fail(`error calling ${name}: ${e instanceof Error ? e.message : String(e)}`);
    }
    return result === undefined && builtin === undefined ? null : result;
  }

  /** Evaluates an argument for a Go `string` parameter (printf's format). */
  private evalStringArg(dot: unknown, n: ArgNode, fn: Expr): unknown {
    this.node = n;
    switch (n.type) {
      case 'string':
        return n.text;
      case 'bool':
      case 'number':
        return this.fail(`expected string; found ${nodeString(n)}`);
      case 'nil':
        return this.fail('cannot assign nil to string');
      default:
        break;
    }
    const v = fn(this, dot);
    if (typeof v === 'string') return v;
    if (v === undefined || v === null) return this.fail('invalid value; expected string');
    return this.fail(`wrong type for value; expected string; got ${goTypeName(v)}`);
  }
}

const NO_CALL: CallArgs = { nodes: [], fns: [] };
// Shared argument list of niladic calls (callees get a copy through apply/spread).
const NO_VALUES: unknown[] = [];

const MISS: unique symbol = Symbol('miss');


function isInterfaceMap(v: unknown): boolean {
  if (typeof v !== 'object' || v === null) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null || (v instanceof Map && typeInfo(v) === undefined);
}

function isStackOverflow(e: unknown): boolean {
  return e instanceof RangeError && e.message.includes('call stack');
}

// A field, chain or $var.field operand: its value keeps the static type of where it was read from.
function isFieldPath(n: ArgNode): boolean {
  return n.type === 'field' || n.type === 'chain' || (n.type === 'variable' && n.ident.length > 1);
}
