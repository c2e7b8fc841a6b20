/**
 * The parser state of html/template's contextual escaper: where in an HTML document a position
 * is (text, tag, attribute value, URL part, JS or CSS sub-state) and how contexts merge.
 */
import type { Node } from '../ast.ts';

export type State =
  | 'stateText' | 'stateTag' | 'stateAttrName' | 'stateAfterName' | 'stateBeforeValue' | 'stateHTMLCmt'
  | 'stateRCDATA' | 'stateAttr' | 'stateURL' | 'stateSrcset' | 'stateJS' | 'stateJSDqStr' | 'stateJSSqStr'
  | 'stateJSBqStr' | 'stateJSRegexp' | 'stateJSBlockCmt' | 'stateJSLineCmt' | 'stateCSS' | 'stateCSSDqStr'
  | 'stateCSSSqStr' | 'stateCSSDqURL' | 'stateCSSSqURL' | 'stateCSSURL' | 'stateCSSBlockCmt'
  | 'stateCSSLineCmt' | 'stateError' | 'stateDead';
export type Delim = 'delimNone' | 'delimDoubleQuote' | 'delimSingleQuote' | 'delimSpaceOrTagEnd';
export type UrlPart = 'urlPartNone' | 'urlPartPreQuery' | 'urlPartQueryOrFrag' | 'urlPartUnknown';
export type JsCtx = 'jsCtxRegexp' | 'jsCtxDivOp' | 'jsCtxUnknown';
export type Attr = 'attrNone' | 'attrScript' | 'attrScriptType' | 'attrStyle' | 'attrURL' | 'attrSrcset';
export type Element = 'elementNone' | 'elementScript' | 'elementStyle' | 'elementTextarea' | 'elementTitle';

/**
 * An escaping context. In stateError `err` holds the description and `errLoc` the
 * `parseName:line:col` of the offending node when known; `node` marks a break/continue point.
 */
export interface Context {
  readonly state: State;
  readonly delim: Delim;
  readonly urlPart: UrlPart;
  readonly jsCtx: JsCtx;
  readonly attr: Attr;
  readonly element: Element;
  readonly err?: string;
  readonly errLoc?: string;
  readonly node?: Node;
}

/** The context at the start of a template: HTML text. */
export const TEXT: Context = {
  state: 'stateText', delim: 'delimNone', urlPart: 'urlPartNone', jsCtx: 'jsCtxRegexp', attr: 'attrNone', element: 'elementNone',
};

/** A context from a partial description (the rest as in TEXT). */
export function ctx(fields: Partial<Context>): Context {
  return { ...TEXT, ...fields };
}

/** An error context carrying a description and, when known, the location of the node at fault. */
export function errorCtx(err: string, errLoc?: string): Context {
  return errLoc === undefined ? ctx({ state: 'stateError', err }) : ctx({ state: 'stateError', err, errLoc });
}

/** Context equality (ignoring the break/continue node). */
export function ctxEq(a: Context, b: Context): boolean {
  return a.state === b.state && a.delim === b.delim && a.urlPart === b.urlPart && a.jsCtx === b.jsCtx
    && a.attr === b.attr && a.element === b.element && a.err === b.err;
}

/** Go's context.String(), used in error messages. */
export function ctxString(c: Context): string {
  return `{${c.state} ${c.delim} ${c.urlPart} ${c.jsCtx} ${c.attr} ${c.element} ${c.err ?? '<nil>'}}`;
}

/** Whether the state is inside a comment. */
export function isComment(s: State): boolean {
  return s === 'stateHTMLCmt' || s === 'stateJSBlockCmt' || s === 'stateJSLineCmt' || s === 'stateCSSBlockCmt' || s === 'stateCSSLineCmt';
}

/** Whether the state is inside a tag. */
export function isInTag(s: State): boolean {
  return s === 'stateTag' || s === 'stateAttrName' || s === 'stateAfterName' || s === 'stateBeforeValue' || s === 'stateAttr';
}

/** The name of a template derived for a context (`name$htmltemplate_stateRCDATA_elementTitle`). */
export function mangle(c: Context, name: string): string {
  if (c.state === 'stateText') return name;
  let s = `${name}$htmltemplate_${c.state}`;
  if (c.delim !== 'delimNone') s += '_' + c.delim;
  if (c.urlPart !== 'urlPartNone') s += '_' + c.urlPart;
  if (c.jsCtx !== 'jsCtxRegexp') s += '_' + c.jsCtx;
  if (c.attr !== 'attrNone') s += '_' + c.attr;
  if (c.element !== 'elementNone') s += '_' + c.element;
  return s;
}

/** The state an attribute value of each attribute kind starts in. */
export const ATTR_START_STATES: Readonly<Record<Attr, State>> = {
  attrNone: 'stateAttr', attrScript: 'stateJS', attrScriptType: 'stateAttr', attrStyle: 'stateCSS',
  attrURL: 'stateURL', attrSrcset: 'stateSrcset',
};

/**
 * The context an action in `c` sees: a tag or attribute name position that a value would
 * complete (e.g. `<a {{.}}` or `<a href={{.}}`).
 */
export function nudge(c: Context): Context {
  switch (c.state) {
    case 'stateTag':
      return { ...c, state: 'stateAttrName' };
    case 'stateBeforeValue':
      return { ...c, state: ATTR_START_STATES[c.attr], delim: 'delimSpaceOrTagEnd', attr: 'attrNone' };
    case 'stateAfterName':
      return { ...c, state: 'stateAttrName', attr: 'attrNone' };
    default:
      return c;
  }
}

/** Joins the contexts at the ends of two branches, or an error context naming the branch (at `loc`). */
export function join(a: Context, b: Context, nodeName: string, loc?: string): Context {
  if (a.state === 'stateError') return a;
  if (b.state === 'stateError') return b;
  if (a.state === 'stateDead') return b;
  if (b.state === 'stateDead') return a;
  if (ctxEq(a, b)) return a;
  if (ctxEq({ ...a, urlPart: b.urlPart }, b)) return { ...a, urlPart: 'urlPartUnknown' };
  if (ctxEq({ ...a, jsCtx: b.jsCtx }, b)) return { ...a, jsCtx: 'jsCtxUnknown' };
  const na = nudge(a);
  const nb = nudge(b);
  if (!(ctxEq(na, a) && ctxEq(nb, b))) {
    const e = join(na, nb, nodeName, loc);
    if (e.state !== 'stateError') return e;
  }
  return errorCtx(`{{${nodeName}}} branches end in different contexts: ${ctxString(a)}, ${ctxString(b)}`, loc);
}
