/**
 * Parser: turns the tokens of one template text into trees, one per `define`d (or `block`) name
 * plus the top-level one.
 */
import type {
  ArgNode, BranchNode, CommandNode, ListNode, Node, NumberNode, PipeNode, TemplateNode, Tree, VariableNode,
} from './ast.ts';
import { isEmptyTree, nodeString } from './ast.ts';
import { TemplateParseError } from './errors.ts';
import { lex, Tok } from './lexer.ts';
import type { Token } from './lexer.ts';
import { parseGoFloat, parseGoInt, parseGoUint } from './numbers.ts';
import { goQuote, unquote, unquoteChar } from './strconv.ts';

/** Parser options. */
export interface ParseOptions {
  readonly leftDelim?: string;
  readonly rightDelim?: string;
  /** Whether a function name is defined (Go checks this at parse time). */
  readonly hasFunction: (name: string) => boolean;
}

type EndNode = { readonly type: 'end'; readonly pos: number };
type ElseNode = { readonly type: 'else'; readonly pos: number; readonly line: number };
type ItemNode = Node | EndNode | ElseNode;

function itemNodeString(n: ItemNode): string {
  if (n.type === 'end') return '{{end}}';
  if (n.type === 'else') return '{{else}}';
  return nodeString(n);
}

/** Go's `item.String()` used in "unexpected X in Y" messages. */
function tokenString(t: Token): string {
  if (t.type === Tok.EOF) return 'EOF';
  if (t.type === Tok.Error) return t.val;
  if (t.type > Tok.Keyword) return `<${t.val}>`;
  if ([...t.val].length > 10) return goQuote([...t.val].slice(0, 10).join('')) + '...';
  return goQuote(t.val);
}

/**
 * Parses `text` (named `name`) into trees: the top-level tree under `name` and one per define/block.
 * Within one text, two non-empty definitions of the same name are an error (as in Go).
 */
export function parseText(name: string, text: string, opts: ParseOptions): Map<string, Tree> {
  const tokens = lex(text, {
    leftDelim: opts.leftDelim,
    rightDelim: opts.rightDelim,
    breakOK: !opts.hasFunction('break'),
    continueOK: !opts.hasFunction('continue'),
  });
  const treeSet = new Map<string, Tree>();
  const p = new Parser(name, text, tokens, opts, treeSet);
  p.parseTop();
  return treeSet;
}

class Parser {
  private index = 0;
  private furthest = 0;
  private vars: string[] = ['$'];
  private rangeDepth = 0;
  private actionLine = 0;

  constructor(
    private readonly parseName: string,
    private readonly text: string,
    private readonly tokens: Token[],
    private readonly opts: ParseOptions,
    private readonly treeSet: Map<string, Tree>,
  ) {}

  // ---- token cursor ----

  private tok(i: number): Token {
    if (i > this.furthest) this.furthest = Math.min(i, this.tokens.length - 1);
    return this.tokens[Math.min(i, this.tokens.length - 1)] as Token;
  }

  private next(): Token {
    const t = this.tok(this.index);
    if (this.index < this.tokens.length) this.index++;
    return t;
  }

  private backup(n = 1): void {
    this.index -= n;
  }

  private peek(): Token {
    return this.tok(this.index);
  }

  private nextNonSpace(): Token {
    let t = this.next();
    while (t.type === Tok.Space) t = this.next();
    return t;
  }

  private peekNonSpace(): Token {
    const t = this.nextNonSpace();
    this.backup();
    return t;
  }

  // ---- errors ----

  private errorf(msg: string): never {
    const line = this.tok(this.furthest).line;
    throw new TemplateParseError(`template: ${this.parseName}:${line}: ${msg}`, this.parseName, line);
  }

  private unexpected(t: Token, context: string): never {
    if (t.type === Tok.Error) {
      let extra = '';
      if (this.actionLine !== 0 && this.actionLine !== t.line) {
        extra = ` in action started at ${this.parseName}:${this.actionLine}`;
        if (t.val.endsWith(' action')) extra = extra.slice(' in action'.length);
      }
      this.errorf(t.val + extra);
    }
    this.errorf(`unexpected ${tokenString(t)} in ${context}`);
  }

  private expect(type: Tok, context: string): Token {
    const t = this.nextNonSpace();
    if (t.type !== type) this.unexpected(t, context);
    return t;
  }

  // ---- structure ----

  private newTree(name: string, root: ListNode): Tree {
    return { name, parseName: this.parseName, text: this.text, root };
  }

  private add(tree: Tree): void {
    const old = this.treeSet.get(tree.name);
    if (old === undefined || isEmptyTree(old.root)) {
      this.treeSet.set(tree.name, tree);
      return;
    }
    if (!isEmptyTree(tree.root)) this.errorf(`template: multiple definition of template ${goQuote(tree.name)}`);
  }

  parseTop(): void {
    const root: ListNode = { type: 'list', pos: this.peek().pos, nodes: [] };
    while (this.peek().type !== Tok.EOF) {
      if (this.peek().type === Tok.LeftDelim) {
        const delimIndex = this.index;
        this.next();
        if (this.nextNonSpace().type === Tok.Define) {
          this.parseDefinition();
          continue;
        }
        this.index = delimIndex;
      }
      const n = this.textOrAction();
      if (n.type === 'end' || n.type === 'else') this.errorf(`unexpected ${itemNodeString(n)}`);
      root.nodes.push(n);
    }
    this.add(this.newTree(this.parseName, root));
  }

  private parseDefinition(): void {
    const context = 'define clause';
    const nameTok = this.nextNonSpace();
    if (nameTok.type !== Tok.String && nameTok.type !== Tok.RawString) this.unexpected(nameTok, context);
    const name = this.unquoteOrFail(nameTok.val);
    this.expect(Tok.RightDelim, context);
    const savedVars = this.vars;
    this.vars = ['$'];
    const [list, end] = this.itemList();
    if (end.type !== 'end') this.errorf(`unexpected ${itemNodeString(end)} in ${context}`);
    this.vars = savedVars;
    this.add(this.newTree(name, list));
  }

  private unquoteOrFail(lit: string): string {
    try {
      return unquote(lit);
    } catch (e) {
      return this.errorf((e as Error).message);
    }
  }

  private itemList(): [ListNode, EndNode | ElseNode] {
    const list: ListNode = { type: 'list', pos: this.peekNonSpace().pos, nodes: [] };
    while (this.peekNonSpace().type !== Tok.EOF) {
      const n = this.textOrAction();
      if (n.type === 'end' || n.type === 'else') return [list, n];
      list.nodes.push(n);
    }
    return this.errorf('unexpected EOF');
  }

  private textOrAction(): ItemNode {
    const t = this.nextNonSpace();
    switch (t.type) {
      case Tok.Text:
        return { type: 'text', pos: t.pos, text: t.val };
      case Tok.LeftDelim: {
        this.actionLine = t.line;
        try {
          return this.action();
        } finally {
          this.actionLine = 0;
        }
      }
      case Tok.Comment:
        return { type: 'comment', pos: t.pos, text: t.val };
      default:
        return this.unexpected(t, 'input');
    }
  }

  private action(): ItemNode {
    const t = this.nextNonSpace();
    switch (t.type) {
      case Tok.Block:
        return this.blockControl();
      case Tok.Break:
      case Tok.Continue:
        return this.loopControl(t);
      case Tok.Else:
        return this.elseControl();
      case Tok.End:
        return { type: 'end', pos: this.expect(Tok.RightDelim, 'end').pos };
      case Tok.If:
        return this.control('if');
      case Tok.Range:
        return this.control('range');
      case Tok.Template:
        return this.templateControl();
      case Tok.With:
        return this.control('with');
      default:
        break;
    }
    this.backup();
    const start = this.peek();
    return { type: 'action', pos: start.pos, line: start.line, pipe: this.pipeline('command', Tok.RightDelim) };
  }

  private loopControl(t: Token): Node {
    const word = t.type === Tok.Break ? 'break' : 'continue';
    const next = this.nextNonSpace();
    if (next.type !== Tok.RightDelim) this.unexpected(next, `{{${word}}}`);
    if (this.rangeDepth === 0) this.errorf(`{{${word}}} outside {{range}}`);
    return { type: word, pos: t.pos, line: t.line };
  }

  private elseControl(): ElseNode {
    const peek = this.peekNonSpace();
    // "{{else if" and "{{else with" leave the keyword pending for the enclosing control.
    if (peek.type === Tok.If || peek.type === Tok.With) return { type: 'else', pos: peek.pos, line: peek.line };
    const t = this.expect(Tok.RightDelim, 'else');
    return { type: 'else', pos: t.pos, line: t.line };
  }

  private control(context: 'if' | 'range' | 'with'): BranchNode {
    const mark = this.vars.length;
    const pipe = this.pipeline(context, Tok.RightDelim);
    if (context === 'range') this.rangeDepth++;
    const [list, next] = this.itemList();
    if (context === 'range') this.rangeDepth--;
    let elseList: ListNode | undefined;
    if (next.type === 'else') {
      const chained = this.peek().type;
      if ((context === 'if' && chained === Tok.If) || (context === 'with' && chained === Tok.With)) {
        // {{else if b}}…{{end}} is {{else}}{{if b}}…{{end}}{{end}} with the outer end implied.
        this.next();
        elseList = { type: 'list', pos: next.pos, nodes: [this.control(context)] };
      } else {
        const [l, end] = this.itemList();
        if (end.type !== 'end') this.errorf(`expected end; found ${itemNodeString(end)}`);
        elseList = l;
      }
    }
    this.vars.length = mark;
    return { type: context, pos: pipe.pos, line: pipe.line, pipe, list, elseList };
  }

  private templateName(t: Token, context: string): string {
    if (t.type !== Tok.String && t.type !== Tok.RawString) this.unexpected(t, context);
    return this.unquoteOrFail(t.val);
  }

  private blockControl(): TemplateNode {
    const context = 'block clause';
    const t = this.nextNonSpace();
    const name = this.templateName(t, context);
    const pipe = this.pipeline(context, Tok.RightDelim);
    const savedVars = this.vars;
    const savedDepth = this.rangeDepth;
    this.vars = ['$'];
    this.rangeDepth = 0;
    const [list, end] = this.itemList();
    if (end.type !== 'end') this.errorf(`unexpected ${itemNodeString(end)} in ${context}`);
    this.vars = savedVars;
    this.rangeDepth = savedDepth;
    this.add(this.newTree(name, list));
    return { type: 'template', pos: t.pos, line: t.line, name, pipe };
  }

  private templateControl(): TemplateNode {
    const context = 'template clause';
    const t = this.nextNonSpace();
    const name = this.templateName(t, context);
    let pipe: PipeNode | undefined;
    if (this.nextNonSpace().type !== Tok.RightDelim) {
      this.backup();
      pipe = this.pipeline(context, Tok.RightDelim);
    }
    return { type: 'template', pos: t.pos, line: t.line, name, pipe };
  }

  // ---- pipelines ----

  private pipeline(context: string, end: Tok): PipeNode {
    const start = this.peekNonSpace();
    const pipe: PipeNode = { type: 'pipe', pos: start.pos, line: start.line, isAssign: false, decl: [], cmds: [] };
    this.declarations(pipe, context);
    for (;;) {
      const t = this.nextNonSpace();
      if (t.type === end) {
        this.checkPipeline(pipe, context);
        return pipe;
      }
      switch (t.type) {
        case Tok.Bool:
        case Tok.CharConstant:
        case Tok.Complex:
        case Tok.Dot:
        case Tok.Field:
        case Tok.Identifier:
        case Tok.Number:
        case Tok.Nil:
        case Tok.RawString:
        case Tok.String:
        case Tok.Variable:
        case Tok.LeftParen:
          this.backup();
          pipe.cmds.push(this.command());
          break;
        default:
          this.unexpected(t, context);
      }
    }
  }

  private declarations(pipe: PipeNode, context: string): void {
    for (;;) {
      const v = this.peekNonSpace();
      if (v.type !== Tok.Variable) return;
      const vIndex = this.index;
      this.next();
      const next = this.peekNonSpace();
      if (next.type === Tok.Assign || next.type === Tok.Declare) {
        pipe.isAssign = next.type === Tok.Assign;
        this.nextNonSpace();
        pipe.decl.push({ type: 'variable', pos: v.pos, ident: [v.val] });
        this.vars.push(v.val);
        return;
      }
      if (next.type === Tok.Char && next.val === ',') {
        this.nextNonSpace();
        pipe.decl.push({ type: 'variable', pos: v.pos, ident: [v.val] });
        this.vars.push(v.val);
        if (context === 'range' && pipe.decl.length < 2) {
          const k = this.peekNonSpace().type;
          if (k === Tok.Variable || k === Tok.RightDelim || k === Tok.RightParen) continue;
          this.errorf('range can only initialize variables');
        }
        this.errorf(`too many declarations in ${context}`);
      }
      // Not a declaration: put the variable (and any space after it) back.
      this.index = vIndex;
      return;
    }
  }

  private checkPipeline(pipe: PipeNode, context: string): void {
    if (pipe.cmds.length === 0) this.errorf(`missing value for ${context}`);
    pipe.cmds.slice(1).forEach((c, i) => {
      const t = c.args[0]?.type;
      if (t === 'bool' || t === 'dot' || t === 'nil' || t === 'number' || t === 'string') {
        this.errorf(`non executable command in pipeline stage ${i + 2}`);
      }
    });
  }

  private command(): CommandNode {
    const cmd: CommandNode = { type: 'command', pos: this.peekNonSpace().pos, args: [] };
    for (;;) {
      this.peekNonSpace();
      const operand = this.operand();
      if (operand !== undefined) cmd.args.push(operand);
      const t = this.next();
      if (t.type === Tok.Space) continue;
      if (t.type === Tok.RightDelim || t.type === Tok.RightParen) this.backup();
      else if (t.type !== Tok.Pipe) this.unexpected(t, 'operand');
      break;
    }
    if (cmd.args.length === 0) this.errorf('empty command');
    return cmd;
  }

  private operand(): ArgNode | undefined {
    const node = this.term();
    if (node === undefined) return undefined;
    if (this.peek().type !== Tok.Field) return node;
    const pos = this.peek().pos;
    const fields: string[] = [];
    while (this.peek().type === Tok.Field) fields.push(this.next().val.slice(1));
    switch (node.type) {
      case 'field':
        return { type: 'field', pos, ident: [...node.ident, ...fields] };
      case 'variable':
        return { type: 'variable', pos, ident: [...node.ident, ...fields] };
      case 'bool':
      case 'string':
      case 'number':
      case 'nil':
      case 'dot':
        return this.errorf(`unexpected . after term ${goQuote(nodeString(node))}`);
      default:
        return { type: 'chain', pos, node, fields };
    }
  }

  private term(): ArgNode | undefined {
    const t = this.nextNonSpace();
    switch (t.type) {
      case Tok.Identifier:
        if (!this.opts.hasFunction(t.val)) this.errorf(`function ${goQuote(t.val)} not defined`);
        return { type: 'identifier', pos: t.pos, name: t.val };
      case Tok.Dot:
        return { type: 'dot', pos: t.pos };
      case Tok.Nil:
        return { type: 'nil', pos: t.pos };
      case Tok.Variable:
        return this.useVar(t);
      case Tok.Field:
        return { type: 'field', pos: t.pos, ident: [t.val.slice(1)] };
      case Tok.Bool:
        return { type: 'bool', pos: t.pos, value: t.val === 'true' };
      case Tok.CharConstant:
      case Tok.Complex:
      case Tok.Number:
        return this.number(t);
      case Tok.LeftParen:
        return this.pipeline('parenthesized pipeline', Tok.RightParen);
      case Tok.String:
      case Tok.RawString:
        return { type: 'string', pos: t.pos, quoted: t.val, text: this.unquoteOrFail(t.val) };
      default:
        this.backup();
        return undefined;
    }
  }

  private useVar(t: Token): VariableNode {
    const ident = t.val.split('.');
    const name = ident[0] as string;
    if (!this.vars.includes(name)) this.errorf(`undefined variable ${goQuote(name)}`);
    return { type: 'variable', pos: t.pos, ident };
  }

  private number(t: Token): NumberNode {
    const r = numberNode(t);
    if (typeof r === 'string') this.errorf(r);
    return r;
  }
}

/** Builds a number node as Go's `newNumber` does, or returns the error message. */
function numberNode(t: Token): NumberNode | string {
  const text = t.val;
  const base = { type: 'number' as const, pos: t.pos, text };
  if (t.type === Tok.CharConstant) {
    const r = unquoteChar(text, 1, "'");
    if (r === undefined) return 'invalid syntax';
    if (text.slice(r.next) !== "'") return `malformed character constant: ${text}`;
    const v = BigInt(r.cp);
    return { ...base, value: v, isInt: true, isUint: true, isFloat: true, int: v, float: r.cp };
  }
  if (t.type === Tok.Complex || text.endsWith('i')) {
    return { ...base, value: { error: `complex constant ${text} is not supported` }, isInt: false, isUint: false, isFloat: false, int: 0n, float: 0 };
  }
  const u = parseGoUint(text);
  let i = parseGoInt(text);
  let isInt = i !== undefined;
  let isUint = u !== undefined || i === 0n;
  let isFloat = false;
  let f = 0;
  if (i !== undefined) {
    isFloat = true;
    f = Number(i);
  } else if (u !== undefined) {
    isFloat = true;
    f = Number(u);
  } else {
    const parsed = parseGoFloat(text);
    if (parsed !== undefined) {
      if (!/[.eEpP]/.test(text)) return `integer overflow: ${goQuote(text)}`;
      isFloat = true;
      f = parsed;
      if (Number.isInteger(f) && Math.abs(f) < 2 ** 63) {
        isInt = true;
        i = BigInt(f);
      }
      if (Number.isInteger(f) && f >= 0 && f < 2 ** 64) isUint = true;
    }
  }
  if (!isInt && !isUint && !isFloat) return `illegal number syntax: ${goQuote(text)}`;
  return { ...base, value: idealConstant(text, isInt, isUint, isFloat, i ?? 0n, f), isInt, isUint, isFloat, int: i ?? 0n, float: f };
}

// Go's exec idealConstant: the syntax of an untyped constant decides int vs float64.
function idealConstant(text: string, isInt: boolean, isUint: boolean, isFloat: boolean, i: bigint, f: number): NumberNode['value'] {
  const isHexInt = text.length > 2 && text[0] === '0' && (text[1] === 'x' || text[1] === 'X') && !/[pP]/.test(text);
  if (isFloat && !isHexInt && text[0] !== "'" && /[.eEpP]/.test(text)) return f;
  if (isInt) return i;
  if (isUint) return { error: `${text} overflows int` };
  return 0n;
}
