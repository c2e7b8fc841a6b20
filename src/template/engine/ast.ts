/**
 * Parse tree of a Go template. Every node carries `pos`, a UTF-16 index into the text it was
 * parsed from (`Tree.text`), from which error messages compute Go's line and byte column.
 */

/** A parsed template: one `define`d name, its body and the text it was parsed from. */
export interface Tree {
  readonly name: string;
  /** Name given to `parse()` for the text this tree came from (Go's ParseName). */
  readonly parseName: string;
  readonly text: string;
  root: ListNode;
}

export interface ListNode { readonly type: 'list'; readonly pos: number; readonly nodes: Node[] }
export interface TextNode { readonly type: 'text'; readonly pos: number; readonly text: string }
export interface CommentNode { readonly type: 'comment'; readonly pos: number; readonly text: string }
export interface ActionNode { readonly type: 'action'; readonly pos: number; readonly line: number; readonly pipe: PipeNode }
export interface PipeNode {
  readonly type: 'pipe';
  readonly pos: number;
  readonly line: number;
  isAssign: boolean;
  readonly decl: VariableNode[];
  readonly cmds: CommandNode[];
}
export interface CommandNode { readonly type: 'command'; readonly pos: number; readonly args: ArgNode[] }
export interface IdentifierNode { readonly type: 'identifier'; readonly pos: number; readonly name: string }
export interface VariableNode { readonly type: 'variable'; readonly pos: number; readonly ident: string[] }
export interface DotNode { readonly type: 'dot'; readonly pos: number }
export interface NilNode { readonly type: 'nil'; readonly pos: number }
export interface FieldNode { readonly type: 'field'; readonly pos: number; readonly ident: string[] }
export interface ChainNode { readonly type: 'chain'; readonly pos: number; readonly node: ArgNode; readonly fields: string[] }
export interface BoolNode { readonly type: 'bool'; readonly pos: number; readonly value: boolean }
export interface NumberNode {
  readonly type: 'number';
  readonly pos: number;
  readonly text: string;
  /** The constant as Go's `idealConstant` types it: int (bigint), float64 (number), or an error. */
  readonly value: bigint | number | { readonly error: string };
  readonly isInt: boolean;
  readonly isUint: boolean;
  readonly isFloat: boolean;
  readonly int: bigint;
  readonly float: number;
}
export interface StringNode { readonly type: 'string'; readonly pos: number; readonly quoted: string; readonly text: string }
export interface BranchNode {
  readonly type: 'if' | 'range' | 'with';
  readonly pos: number;
  readonly line: number;
  readonly pipe: PipeNode;
  readonly list: ListNode;
  readonly elseList: ListNode | undefined;
}
export interface BreakNode { readonly type: 'break'; readonly pos: number; readonly line: number }
export interface ContinueNode { readonly type: 'continue'; readonly pos: number; readonly line: number }
export interface TemplateNode {
  readonly type: 'template';
  readonly pos: number;
  readonly line: number;
  readonly name: string;
  readonly pipe: PipeNode | undefined;
}

/** Operands that can appear as command arguments. */
export type ArgNode =
  | IdentifierNode | VariableNode | DotNode | NilNode | FieldNode | ChainNode
  | BoolNode | NumberNode | StringNode | PipeNode;

/** Any node. */
export type Node =
  | ListNode | TextNode | CommentNode | ActionNode | PipeNode | CommandNode | ArgNode
  | BranchNode | BreakNode | ContinueNode | TemplateNode;

/** Go's `Node.String()`: the source-like text of a node, used in error contexts. */
export function nodeString(n: Node): string {
  switch (n.type) {
    case 'list':
      return n.nodes.map(nodeString).join('');
    case 'text':
      return n.text;
    case 'comment':
      return `{{${n.text}}}`;
    case 'action':
      return `{{${nodeString(n.pipe)}}}`;
    case 'pipe': {
      let s = '';
      if (n.decl.length > 0) s = n.decl.map(nodeString).join(', ') + ' := ';
      return s + n.cmds.map(nodeString).join(' | ');
    }
    case 'command':
      return n.args.map((a) => (a.type === 'pipe' ? `(${nodeString(a)})` : nodeString(a))).join(' ');
    case 'identifier':
      return n.name;
    case 'variable':
      return n.ident.join('.');
    case 'dot':
      return '.';
    case 'nil':
      return 'nil';
    case 'field':
      return n.ident.map((id) => '.' + id).join('');
    case 'chain': {
      const base = n.node.type === 'pipe' ? `(${nodeString(n.node)})` : nodeString(n.node);
      return base + n.fields.map((f) => '.' + f).join('');
    }
    case 'bool':
      return n.value ? 'true' : 'false';
    case 'number':
      return n.text;
    case 'string':
      return n.quoted;
    case 'if':
    case 'range':
    case 'with': {
      const els = n.elseList === undefined ? '' : `{{else}}${nodeString(n.elseList)}`;
      return `{{${n.type} ${nodeString(n.pipe)}}}${nodeString(n.list)}${els}{{end}}`;
    }
    case 'break':
      return '{{break}}';
    case 'continue':
      return '{{continue}}';
    case 'template': {
      const pipe = n.pipe === undefined ? '' : ' ' + nodeString(n.pipe);
      return `{{template ${JSON.stringify(n.name)}${pipe}}}`;
    }
  }
}

// unicode.IsSpace, which bytes.TrimSpace uses.
const GO_SPACE_ONLY = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$/;

/** Whether a tree body is "empty" in Go's sense (only spaces and comments), so a later define may replace it. */
export function isEmptyTree(n: Node | undefined): boolean {
  if (n === undefined) return true;
  switch (n.type) {
    case 'comment':
      return true;
    case 'list':
      return n.nodes.every(isEmptyTree);
    case 'text':
      return GO_SPACE_ONLY.test(n.text);
    default:
      return false;
  }
}
