/**
 * Compiles parse trees into closures, once per tree, so execution does no per-node dispatch.
 * Each closure does what Go's exec.go does for its node (including `s.at(node)` for error
 * context); the Go semantics themselves live in the State methods of exec.ts.
 */
import type {
  ArgNode, BoolNode, BranchNode, ChainNode, CommandNode, DotNode, ListNode, NilNode, Node, NumberNode, PipeNode,
  StringNode, TemplateNode, VariableNode,
} from './ast.ts';
import { nodeString } from './ast.ts';
import { fieldCaches } from './field-cache.ts';
import type { State } from './exec.ts';
import { isTrue } from './values.ts';

/** Control flow out of a statement: Go's walkBreak/walkContinue panics, as return codes. */
export const enum Flow {
  Normal,
  Break,
  Continue,
}

/** "No value passed from a previous pipeline stage" (Go's missingVal). */
export const MISSING: unique symbol = Symbol('missing');

/** A compiled statement (text, action, control structure). */
export type Stmt = (s: State, dot: unknown) => Flow;
/** A compiled operand, evaluated as Go's evalArg does. */
export type Expr = (s: State, dot: unknown) => unknown;
/** A compiled command: `final` is the previous pipeline stage's value, or MISSING. */
type Cmd = (s: State, dot: unknown, final: unknown) => unknown;

/** The arguments of a call site after the function itself: nodes (for errors) and compiled operands. */
export interface CallArgs {
  readonly nodes: readonly ArgNode[];
  readonly fns: readonly Expr[];
}

const NO_CALL_ARGS: CallArgs = { nodes: [], fns: [] };

/** Compiles a statement node. */
export function compileStmt(n: Node): Stmt {
  switch (n.type) {
    case 'text': {
      const text = n.text;
      return (s) => {
        s.out += text;
        return Flow.Normal;
      };
    }
    case 'list':
      return compileList(n);
    case 'action':
      return compileAction(n.pipe, n);
    case 'if':
    case 'with':
      return compileIfOrWith(n);
    case 'range': {
      const pipe = compilePipe(n.pipe);
      const body = compileList(n.list);
      const orElse = n.elseList === undefined ? undefined : compileList(n.elseList);
      return (s, dot) => s.walkRange(dot, n, pipe, body, orElse);
    }
    case 'template':
      return compileTemplate(n);
    case 'break':
      return () => Flow.Break;
    case 'continue':
      return () => Flow.Continue;
    default:
      return () => Flow.Normal;
  }
}

function compileList(n: ListNode): Stmt {
  const stmts = n.nodes.filter((x) => x.type !== 'comment').map(compileStmt);
  if (stmts.length === 1) return stmts[0] as Stmt;
  return (s, dot) => {
    for (let i = 0; i < stmts.length; i++) {
      const f = (stmts[i] as Stmt)(s, dot);
      if (f !== Flow.Normal) return f;
    }
    return Flow.Normal;
  };
}

function compileAction(pipe: PipeNode, node: Node): Stmt {
  const eval_ = compilePipe(pipe);
  if (pipe.decl.length > 0) {
    return (s, dot) => {
      s.node = node;
      eval_(s, dot);
      return Flow.Normal;
    };
  }
  return (s, dot) => {
    s.node = node;
    const v = eval_(s, dot);
    if (typeof v === 'string') s.out += v;
    else s.printValue(node, v);
    return Flow.Normal;
  };
}

function compileIfOrWith(n: BranchNode): Stmt {
  const pipe = compilePipe(n.pipe);
  const body = compileList(n.list);
  const orElse = n.elseList === undefined ? undefined : compileList(n.elseList);
  const isWith = n.type === 'with';
  return (s, dot) => {
    s.node = n;
    const mark = s.mark();
    const val = pipe(s, dot);
    let f = Flow.Normal;
    if (isTrue(val)) f = body(s, isWith ? val : dot);
    else if (orElse !== undefined) f = orElse(s, dot);
    s.pop(mark);
    return f;
  };
}

function compileTemplate(n: TemplateNode): Stmt {
  const pipe = n.pipe === undefined ? undefined : compilePipe(n.pipe);
  return (s, dot) => {
    s.walkTemplate(dot, n, pipe);
    return Flow.Normal;
  };
}

/** Compiles a pipeline: commands in order, each given the previous value, then declarations. */
function compilePipe(pipe: PipeNode): Expr {
  const cmds = pipe.cmds.map(compileCommand);
  const names = pipe.decl.map((v) => v.ident[0] as string);
  const isAssign = pipe.isAssign;
  if (cmds.length === 1 && names.length === 0) {
    const cmd = cmds[0] as Cmd;
    return (s, dot) => {
      s.node = pipe;
      const v = cmd(s, dot, MISSING);
      // A nil interface{} result becomes "no value", as Go's reflect.ValueOf(v.Interface()) does.
      return v === null ? undefined : v;
    };
  }
  return (s, dot) => {
    s.node = pipe;
    let v: unknown = MISSING;
    for (let i = 0; i < cmds.length; i++) {
      v = (cmds[i] as Cmd)(s, dot, v);
      if (v === null) v = undefined;
    }
    for (let i = 0; i < names.length; i++) {
      if (isAssign) s.setVar(names[i] as string, v);
      else s.push(names[i] as string, v);
    }
    return v;
  };
}

function compileCallArgs(args: readonly ArgNode[]): CallArgs {
  if (args.length <= 1) return NO_CALL_ARGS;
  const nodes = args.slice(1);
  return { nodes, fns: nodes.map(compileArg) };
}

function compileCommand(cmd: CommandNode): Cmd {
  const first = cmd.args[0] as ArgNode;
  const call = compileCallArgs(cmd.args);
  const hasArgs = cmd.args.length > 1;
  switch (first.type) {
    case 'field': {
      const ident = first.ident;
      const caches = fieldCaches(ident.length);
      return (s, dot, final) => {
        s.node = first;
        return s.evalFieldChain(dot, dot, first, ident, 0, call, final, caches);
      };
    }
    case 'chain': {
      const recv = compileChainReceiver(first);
      const caches = fieldCaches(first.fields.length);
      return (s, dot, final) => {
        s.node = first;
        return s.evalFieldChain(dot, recv(s, dot), first, first.fields, 0, call, final, caches);
      };
    }
    case 'identifier':
      return (s, dot, final) => {
        s.node = first;
        return s.evalFunction(dot, first, cmd, call, final);
      };
    case 'pipe': {
      const inner = compilePipe(first);
      return (s, dot, final) => {
        s.notAFunction(hasArgs, final, first);
        return inner(s, dot);
      };
    }
    case 'variable':
      return compileVariable(first, call, hasArgs);
    default: {
      const constant = compileConstant(first);
      return (s, dot, final) => {
        s.node = first;
        s.notAFunction(hasArgs, final, first);
        return constant(s, dot);
      };
    }
  }
}

function compileVariable(v: VariableNode, call: CallArgs, hasArgs: boolean): Cmd {
  const name = v.ident[0] as string;
  if (v.ident.length === 1) {
    return (s, _dot, final) => {
      s.node = v;
      const value = s.varValue(name);
      s.notAFunction(hasArgs, final, v);
      return value;
    };
  }
  const caches = fieldCaches(v.ident.length);
  return (s, dot, final) => {
    s.node = v;
    return s.evalFieldChain(dot, s.varValue(name), v, v.ident, 1, call, final, caches);
  };
}

function compileChainReceiver(chain: ChainNode): Expr {
  if (chain.node.type === 'nil') {
    return (s) => s.failAt(chain, `indirection through explicit nil in ${nodeString(chain)}`);
  }
  return compileArg(chain.node);
}

// The value of a literal or dot when it is the whole command (Go's evalCommand tail).
function compileConstant(n: BoolNode | DotNode | NilNode | NumberNode | StringNode): Expr {
  switch (n.type) {
    case 'bool': {
      const b = n.value;
      return () => b;
    }
    case 'dot':
      return (_s, dot) => dot;
    case 'nil':
      return (s) => s.failAt(n, 'nil is not a command');
    case 'number':
      return compileNumber(n);
    case 'string': {
      const text = n.text;
      return () => text;
    }
  }
}

function compileNumber(n: NumberNode): Expr {
  const v = n.value;
  if (typeof v === 'object') return (s) => s.failAt(n, v.error);
  return (s) => {
    s.node = n;
    return v;
  };
}

/** Compiles an operand as Go's evalArg does for an interface{} (or reflect.Value) parameter. */
function compileArg(n: ArgNode): Expr {
  switch (n.type) {
    case 'dot':
      return (s, dot) => {
        s.node = n;
        return dot;
      };
    case 'nil':
      return (s) => {
        s.node = n;
        return null;
      };
    case 'field': {
      const ident = n.ident;
      const caches = fieldCaches(ident.length);
      return (s, dot) => {
        s.node = n;
        return s.evalFieldChain(dot, dot, n, ident, 0, NO_CALL_ARGS, MISSING, caches);
      };
    }
    case 'variable': {
      const name = n.ident[0] as string;
      if (n.ident.length === 1) {
        return (s) => {
          s.node = n;
          return s.varValue(name);
        };
      }
      const caches = fieldCaches(n.ident.length);
      return (s, dot) => {
        s.node = n;
        return s.evalFieldChain(dot, s.varValue(name), n, n.ident, 1, NO_CALL_ARGS, MISSING, caches);
      };
    }
    case 'pipe':
      return compilePipe(n);
    case 'identifier':
      return (s, dot) => {
        s.node = n;
        return s.evalFunction(dot, n, n, NO_CALL_ARGS, MISSING);
      };
    case 'chain': {
      const recv = compileChainReceiver(n);
      const caches = fieldCaches(n.fields.length);
      return (s, dot) => {
        s.node = n;
        return s.evalFieldChain(dot, recv(s, dot), n, n.fields, 0, NO_CALL_ARGS, MISSING, caches);
      };
    }
    case 'bool': {
      const b = n.value;
      return (s) => {
        s.node = n;
        return b;
      };
    }
    case 'number':
      return compileNumber(n);
    case 'string': {
      const text = n.text;
      return (s) => {
        s.node = n;
        return text;
      };
    }
  }
}
