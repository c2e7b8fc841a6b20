/**
 * html/template's contextual auto-escaping as a tree rewrite: walks a template (and the templates
 * it calls) through the HTML context machine, inserts escaper commands into every output action,
 * derives per-context copies of called templates, and elides comments from template text.
 */
import type {
  ActionNode, BranchNode, CommandNode, IdentifierNode, ListNode, Node, PipeNode, TemplateNode, TextNode, Tree,
} from '../ast.ts';
import { nodeString } from '../ast.ts';
import type { TemplateSet } from '../template-set.ts';
import { utf8Length } from '../values.ts';
import { TEXT, ctx, ctxEq, ctxString, errorCtx, isComment, join, mangle, nudge } from './context.ts';
import type { Context } from './context.ts';
import { contextAfterText } from './transition.ts';

interface RangeContext {
  readonly outer: RangeContext | undefined;
  readonly breaks: Context[];
  continues: Context[];
}

const PREDEFINED_ESCAPERS = new Set(['html', 'urlquery']);
const EQUIV_ESCAPERS: Readonly<Record<string, string>> = {
  _html_template_attrescaper: 'html',
  _html_template_htmlescaper: 'html',
  _html_template_rcdataescaper: 'html',
  _html_template_urlescaper: 'urlquery',
  _html_template_urlnormalizer: 'urlquery',
};
const REDUNDANT: Readonly<Record<string, ReadonlySet<string>>> = {
  _html_template_commentescaper: new Set(['_html_template_attrescaper', '_html_template_nospaceescaper', '_html_template_htmlescaper']),
  _html_template_cssescaper: new Set(['_html_template_attrescaper']),
  _html_template_jsregexpescaper: new Set(['_html_template_attrescaper']),
  _html_template_jsstrescaper: new Set(['_html_template_attrescaper']),
  _html_template_urlescaper: new Set(['_html_template_urlnormalizer']),
};

const normalizeEsc = (e: string): string => EQUIV_ESCAPERS[e] ?? e;

function identCmd(name: string, pos: number): CommandNode {
  const id: IdentifierNode = { type: 'identifier', pos, name };
  return { type: 'command', pos, args: [id] };
}

const firstIdent = (cmd: CommandNode): string | undefined => (cmd.args[0]?.type === 'identifier' ? cmd.args[0].name : undefined);

function appendCmd(cmds: CommandNode[], cmd: CommandNode): void {
  const last = cmds.length > 0 ? firstIdent(cmds[cmds.length - 1] as CommandNode) : undefined;
  const next = firstIdent(cmd);
  if (last !== undefined && next !== undefined && REDUNDANT[last]?.has(next) === true) return;
  cmds.push(cmd);
}

/** Appends the escapers `s` to a pipeline, merging with a trailing `html` / `urlquery` as Go does. */
function ensurePipelineContains(p: PipeNode, s: string[]): void {
  if (s.length === 0) return;
  const cmds = p.cmds;
  let pipelineLen = cmds.length;
  if (pipelineLen > 0) {
    const lastCmd = cmds[pipelineLen - 1] as CommandNode;
    const esc = firstIdent(lastCmd);
    if (esc !== undefined && PREDEFINED_ESCAPERS.has(esc)) {
      if (cmds.length === 1 && lastCmd.args.length > 1) {
        // {{ esc a b }} becomes {{ _eval_args_ a b | esc }} so that esc can merge with s.
        const first = lastCmd.args[0] as IdentifierNode;
        (lastCmd.args as unknown[])[0] = { type: 'identifier', pos: first.pos, name: '_eval_args_' } satisfies IdentifierNode;
        cmds.push(identCmd(esc, p.pos));
        pipelineLen++;
      }
      let dup = false;
      for (let i = 0; i < s.length; i++) {
        if (normalizeEsc(esc) === normalizeEsc(s[i] as string)) {
          s[i] = esc;
          dup = true;
        }
      }
      if (dup) pipelineLen--;
    }
  }
  const out: CommandNode[] = cmds.slice(0, pipelineLen);
  const inserted = new Set<string>();
  for (const cmd of out) {
    const id = firstIdent(cmd);
    if (id !== undefined) inserted.add(normalizeEsc(id));
  }
  for (const name of s) if (!inserted.has(normalizeEsc(name))) appendCmd(out, identCmd(name, p.pos));
  cmds.length = 0;
  cmds.push(...out);
}

class Escaper {
  readonly output = new Map<string, Context>();
  readonly derived = new Map<string, Tree>();
  readonly called = new Set<string>();
  readonly actionEdits = new Map<ActionNode, string[]>();
  readonly templateEdits = new Map<TemplateNode, string>();
  readonly textEdits = new Map<TextNode, string>();
  rangeContext: RangeContext | undefined;
  /** The tree being escaped, for error locations. */
  tree: Tree | undefined;

  constructor(private readonly set: TemplateSet) {}

  /** Go's ErrorContext location of a node: `parseName:line:byteColumn`. */
  private loc(n: Node): string | undefined {
    const t = this.tree;
    if (t === undefined) return undefined;
    const before = t.text.slice(0, n.pos);
    const nl = before.lastIndexOf('\n');
    const line = before.split('\n').length;
    return `${t.parseName}:${line}:${utf8Length(nl < 0 ? before : before.slice(nl + 1))}`;
  }

  private template(name: string): Tree | undefined {
    return this.set.lookup(name) ?? this.derived.get(name);
  }

  escape(c: Context, n: Node): Context {
    switch (n.type) {
      case 'action':
        return this.escapeAction(c, n);
      case 'break':
        this.rangeContext?.breaks.push({ ...c, node: n });
        return ctx({ state: 'stateDead' });
      case 'continue':
        // Go collects continue contexts after the break contexts (its append starts from breaks).
        if (this.rangeContext !== undefined) this.rangeContext.continues = [...this.rangeContext.breaks, { ...c, node: n }];
        return ctx({ state: 'stateDead' });
      case 'comment':
        return c;
      case 'if':
      case 'with':
      case 'range':
        return this.escapeBranch(c, n, n.type);
      case 'list':
        return this.escapeList(c, n);
      case 'template':
        return this.escapeTemplateNode(c, n);
      case 'text':
        return this.escapeText(c, n);
      default:
        return errorCtx(`escaping ${n.type} is unimplemented`);
    }
  }

  private escapeAction(c: Context, n: ActionNode): Context {
    if (n.pipe.decl.length !== 0) return c;
    c = nudge(c);
    for (let pos = 0; pos < n.pipe.cmds.length; pos++) {
      const ident = firstIdent(n.pipe.cmds[pos] as CommandNode);
      if (ident === undefined || !PREDEFINED_ESCAPERS.has(ident)) continue;
      if (pos < n.pipe.cmds.length - 1 || (c.state === 'stateAttr' && c.delim === 'delimSpaceOrTagEnd' && ident === 'html')) {
        return errorCtx(`predefined escaper ${JSON.stringify(ident)} disallowed in template`, this.loc(n));
      }
    }
    const s: string[] = [];
    switch (c.state) {
      case 'stateError':
        return c;
      case 'stateURL':
      case 'stateCSSDqStr':
      case 'stateCSSSqStr':
      case 'stateCSSDqURL':
      case 'stateCSSSqURL':
      case 'stateCSSURL':
        switch (c.urlPart) {
          case 'urlPartNone':
            s.push('_html_template_urlfilter');
            s.push(c.state === 'stateCSSDqStr' || c.state === 'stateCSSSqStr' ? '_html_template_cssescaper' : '_html_template_urlnormalizer');
            break;
          case 'urlPartPreQuery':
            s.push(c.state === 'stateCSSDqStr' || c.state === 'stateCSSSqStr' ? '_html_template_cssescaper' : '_html_template_urlnormalizer');
            break;
          case 'urlPartQueryOrFrag':
            s.push('_html_template_urlescaper');
            break;
          default:
            return errorCtx(`${nodeString(n)} appears in an ambiguous context within a URL`, this.loc(n));
        }
        break;
      case 'stateJS':
        s.push('_html_template_jsvalescaper');
        c = { ...c, jsCtx: 'jsCtxDivOp' };
        break;
      case 'stateJSDqStr':
      case 'stateJSSqStr':
        s.push('_html_template_jsstrescaper');
        break;
      case 'stateJSBqStr':
        return errorCtx(`${nodeString(n)} appears in a JS template literal`, this.loc(n));
      case 'stateJSRegexp':
        s.push('_html_template_jsregexpescaper');
        break;
      case 'stateCSS':
        s.push('_html_template_cssvaluefilter');
        break;
      case 'stateText':
        s.push('_html_template_htmlescaper');
        break;
      case 'stateRCDATA':
        s.push('_html_template_rcdataescaper');
        break;
      case 'stateAttr':
        break;
      case 'stateAttrName':
      case 'stateTag':
        c = { ...c, state: 'stateAttrName' };
        s.push('_html_template_htmlnamefilter');
        break;
      case 'stateSrcset':
        s.push('_html_template_srcsetescaper');
        break;
      default:
        if (isComment(c.state)) s.push('_html_template_commentescaper');
        else return errorCtx(`unexpected state ${c.state}`);
    }
    if (c.delim === 'delimSpaceOrTagEnd') s.push('_html_template_nospaceescaper');
    else if (c.delim !== 'delimNone') s.push('_html_template_attrescaper');
    this.actionEdits.set(n, s);
    return c;
  }

  private escapeBranch(c: Context, n: BranchNode, nodeName: string): Context {
    let c0: Context;
    if (nodeName === 'range') {
      this.rangeContext = { outer: this.rangeContext, breaks: [], continues: [] };
      c0 = this.escapeList(c, n.list);
      if (c0.state !== 'stateError') c0 = joinRange(c0, this.rangeContext);
      this.rangeContext = this.rangeContext.outer;
      if (c0.state === 'stateError') return c0;
      // Re-entering the loop body must not change its context.
      this.rangeContext = { outer: this.rangeContext, breaks: [], continues: [] };
      const [c1] = this.escapeListConditionally(c0, n.list, undefined);
      c0 = join(c0, c1, nodeName, this.loc(n));
      if (c0.state === 'stateError') {
        this.rangeContext = this.rangeContext.outer;
        return errorCtx(`on range loop re-entry: ${c0.err ?? ''}`, c0.errLoc);
      }
      c0 = joinRange(c0, this.rangeContext);
      this.rangeContext = this.rangeContext.outer;
      if (c0.state === 'stateError') return c0;
    } else {
      c0 = this.escapeList(c, n.list);
    }
    const c1 = this.escapeList(c, n.elseList);
    return join(c0, c1, nodeName, this.loc(n));
  }

  escapeList(c: Context, list: ListNode | undefined): Context {
    if (list === undefined) return c;
    for (const m of list.nodes) {
      c = this.escape(c, m);
      if (c.state === 'stateDead') break;
    }
    return c;
  }

  /** Escapes `list` in a scratch escaper, keeping its edits only when `filter` accepts the result. */
  private escapeListConditionally(
    c: Context,
    list: ListNode,
    filter: ((e: Escaper, c: Context) => boolean) | undefined,
  ): [Context, boolean] {
    const e1 = new Escaper(this.set);
    e1.rangeContext = this.rangeContext;
    e1.tree = this.tree;
    for (const [k, v] of this.output) e1.output.set(k, v);
    c = e1.escapeList(c, list);
    const ok = filter !== undefined && filter(e1, c);
    if (ok) {
      for (const [k, v] of e1.output) this.output.set(k, v);
      for (const [k, v] of e1.derived) this.derived.set(k, v);
      for (const k of e1.called) this.called.add(k);
      for (const [k, v] of e1.actionEdits) this.actionEdits.set(k, v);
      for (const [k, v] of e1.templateEdits) this.templateEdits.set(k, v);
      for (const [k, v] of e1.textEdits) this.textEdits.set(k, v);
    }
    return [c, ok];
  }

  private escapeTemplateNode(c: Context, n: TemplateNode): Context {
    const [out, name] = this.escapeTree(c, n.name, this.loc(n));
    if (name !== n.name) this.templateEdits.set(n, name);
    return out;
  }

  /** Escapes template `name` entered in context `c`; returns the output context and the (derived) name. */
  escapeTree(c: Context, name: string, loc?: string): [Context, string] {
    const dname = mangle(c, name);
    this.called.add(dname);
    const known = this.output.get(dname);
    if (known !== undefined) return [known, dname];
    let t = this.template(name);
    if (t === undefined) return [errorCtx(`no such template ${JSON.stringify(name)}`, loc), dname];
    if (dname !== name) {
      let dt = this.template(dname);
      if (dt === undefined) {
        dt = { name: dname, parseName: t.parseName, text: t.text, root: structuredClone(t.root) };
        this.derived.set(dname, dt);
      }
      t = dt;
    }
    return [this.computeOutCtx(c, t), dname];
  }

  // A template's output context may depend on itself (recursion): assume it ends where it starts,
  // and if not, retry once from the computed context.
  private computeOutCtx(c: Context, t: Tree): Context {
    let [c1, ok] = this.escapeTemplateBody(c, t);
    if (!ok) {
      const [c2, ok2] = this.escapeTemplateBody(c1, t);
      if (ok2) {
        c1 = c2;
        ok = true;
      }
    }
    if (!ok && c1.state !== 'stateError') return errorCtx(`cannot compute output context for template ${t.name}`);
    return c1;
  }

  private escapeTemplateBody(c: Context, t: Tree): [Context, boolean] {
    this.output.set(t.name, c);
    const outer = this.tree;
    this.tree = t;
    try {
      return this.escapeListConditionally(c, t.root, (e1, c1) =>
        c1.state !== 'stateError' && (!e1.called.has(t.name) || ctxEq(c, c1)));
    } finally {
      this.tree = outer;
    }
  }

  private escapeText(c: Context, n: TextNode): Context {
    const s = n.text;
    let written = 0;
    let i = 0;
    let b = '';
    while (i !== s.length) {
      const [c1, nread] = contextAfterText(c, s.slice(i));
      const i1 = i + nread;
      if (c.state === 'stateText' || c.state === 'stateRCDATA') {
        let end = i1;
        if (c1.state !== c.state) {
          const lt = s.lastIndexOf('<', end - 1);
          if (lt >= i) end = lt;
        }
        // A "<" that starts no tag is text: escape it (except a doctype).
        for (let j = i; j < end; j++) {
          if (s[j] === '<' && !s.slice(j, j + 9).toUpperCase().startsWith('<!DOCTYPE')) {
            b += s.slice(written, j) + '&lt;';
            written = j + 1;
          }
        }
      } else if (isComment(c.state) && c.delim === 'delimNone') {
        if (c.state === 'stateJSBlockCmt') b += /[\n\r\u2028\u2029]/.test(s.slice(written, i1)) ? '\n' : ' ';
        else if (c.state === 'stateCSSBlockCmt') b += ' ';
        written = i1;
      }
      if (c.state !== c1.state && isComment(c1.state) && c1.delim === 'delimNone') {
        // Drop the comment opener ("<!--", "/*", "//").
        const cs = i1 - (c1.state === 'stateHTMLCmt' ? 4 : 2);
        b += s.slice(written, cs);
        written = i1;
      }
      if (i === i1 && c.state === c1.state) return errorCtx(`infinite loop from ${ctxString(c)} to ${ctxString(c1)}`);
      c = c1;
      i = i1;
    }
    if (written !== 0 && c.state !== 'stateError') {
      if (!isComment(c.state) || c.delim !== 'delimNone') b += s.slice(written);
      this.textEdits.set(n, b);
    }
    return c;
  }

  /** Applies the recorded edits to the trees. */
  commit(): void {
    for (const t of this.derived.values()) this.set.setTree(t);
    for (const [n, s] of this.actionEdits) ensurePipelineContains(n.pipe, s);
    for (const [n, name] of this.templateEdits) (n as { name: string }).name = name;
    for (const [n, text] of this.textEdits) (n as { text: string }).text = text;
  }
}

function joinRange(c0: Context, rc: RangeContext): Context {
  for (const c of rc.breaks) {
    c0 = join(c0, c, 'range');
    if (c0.state === 'stateError') return errorCtx(`at range loop break: ${c0.err ?? ''}`, c0.errLoc);
  }
  for (const c of rc.continues) {
    c0 = join(c0, c, 'range');
    if (c0.state === 'stateError') return errorCtx(`at range loop continue: ${c0.err ?? ''}`, c0.errLoc);
  }
  return c0;
}

const escapedBySet = new WeakMap<TemplateSet, Set<string>>();

/**
 * Escapes template `name` of `set` (and everything it calls) in place, as html/template does before
 * the first execution. Throws `html/template:NAME: ...` when the template cannot be escaped.
 */
export function escapeTemplate(set: TemplateSet, name: string): void {
  let done = escapedBySet.get(set);
  if (done === undefined) {
    done = new Set();
    escapedBySet.set(set, done);
  }
  if (done.has(name)) return;
  const e = new Escaper(set);
  const [c] = e.escapeTree(TEXT, name);
  if (c.err !== undefined) throw new Error(`html/template:${c.errLoc ?? name}: ${c.err}`);
  if (c.state !== 'stateText') throw new Error(`html/template:${name}: ends in a non-text context: ${ctxString(c)}`);
  e.commit();
  for (const k of e.output.keys()) done.add(k);
}
