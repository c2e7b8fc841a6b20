/**
 * Context transitions over template text: given a context and the text that follows it, the
 * context after (a prefix of) that text. The state machine of html/template, on JS strings
 * (every character it looks for is ASCII, so UTF-16 indexes serve as well as byte offsets).
 */
import { attrType } from './attr-types.ts';
import { ATTR_START_STATES, ctx, errorCtx } from './context.ts';
import type { Attr, Context, Element, JsCtx, State } from './context.ts';

type Transition = (c: Context, s: string) => [Context, number];

const isSpace = (ch: string | undefined): boolean => ch === ' ' || ch === '\t' || ch === '\n' || ch === '\f' || ch === '\r';
const isAlpha = (ch: string | undefined): boolean => ch !== undefined && /^[A-Za-z]$/.test(ch);
const isAlnum = (ch: string | undefined): boolean => ch !== undefined && /^[A-Za-z0-9]$/.test(ch);

function eatWhiteSpace(s: string, i: number): number {
  while (i < s.length && isSpace(s[i])) i++;
  return i;
}

const ELEMENTS: Readonly<Record<string, Element>> = {
  script: 'elementScript', style: 'elementStyle', textarea: 'elementTextarea', title: 'elementTitle',
};

function eatTagName(s: string, i: number): [number, Element] {
  if (i === s.length || !isAlpha(s[i])) return [i, 'elementNone'];
  let j = i + 1;
  while (j < s.length) {
    const x = s[j];
    if (isAlnum(x)) {
      j++;
      continue;
    }
    if ((x === ':' || x === '-') && isAlnum(s[j + 1])) {
      j += 2;
      continue;
    }
    break;
  }
  return [j, ELEMENTS[s.slice(i, j).toLowerCase()] ?? 'elementNone'];
}

/** End of an attribute name starting at i, or an error message. */
function eatAttrName(s: string, i: number): number | string {
  for (let j = i; j < s.length; j++) {
    const ch = s[j] as string;
    if (isSpace(ch) || ch === '=' || ch === '>') return j;
    if (ch === "'" || ch === '"' || ch === '<') return `${JSON.stringify(ch)} in attribute name: ${JSON.stringify(s.slice(0, 32))}`;
  }
  return s.length;
}

const tText: Transition = (c, s) => {
  let k = 0;
  for (;;) {
    const i = s.indexOf('<', k);
    if (i < 0 || i + 1 === s.length) return [c, s.length];
    if (s.startsWith('<!--', i)) return [ctx({ state: 'stateHTMLCmt' }), i + 4];
    let j = i + 1;
    let end = false;
    if (s[j] === '/') {
      if (j + 1 === s.length) return [c, s.length];
      end = true;
      j++;
    }
    const [after, element] = eatTagName(s, j);
    if (after !== j) return [ctx({ state: 'stateTag', element: end ? 'elementNone' : element }), after];
    k = after;
  }
};

const ELEMENT_CONTENT: Readonly<Record<Element, State>> = {
  elementNone: 'stateText', elementScript: 'stateJS', elementStyle: 'stateCSS', elementTextarea: 'stateRCDATA', elementTitle: 'stateRCDATA',
};

const tTag: Transition = (c, s) => {
  const i = eatWhiteSpace(s, 0);
  if (i === s.length) return [c, s.length];
  if (s[i] === '>') return [ctx({ state: ELEMENT_CONTENT[c.element], element: c.element }), i + 1];
  const j = eatAttrName(s, i);
  if (typeof j === 'string') return [errorCtx(j), s.length];
  if (i === j) return [errorCtx(`expected space, attr name, or end of tag, but got ${JSON.stringify(s.slice(i))}`), s.length];
  const name = s.slice(i, j).toLowerCase();
  let attr: Attr = 'attrNone';
  if (c.element === 'elementScript' && name === 'type') attr = 'attrScriptType';
  else {
    const t = attrType(name);
    attr = t === 'url' ? 'attrURL' : t === 'css' ? 'attrStyle' : t === 'js' ? 'attrScript' : t === 'srcset' ? 'attrSrcset' : 'attrNone';
  }
  return [ctx({ state: j === s.length ? 'stateAttrName' : 'stateAfterName', element: c.element, attr }), j];
};

const tAttrName: Transition = (c, s) => {
  const i = eatAttrName(s, 0);
  if (typeof i === 'string') return [errorCtx(i), s.length];
  return [i !== s.length ? { ...c, state: 'stateAfterName' } : c, i];
};

const tAfterName: Transition = (c, s) => {
  const i = eatWhiteSpace(s, 0);
  if (i === s.length) return [c, s.length];
  if (s[i] !== '=') return [{ ...c, state: 'stateTag' }, i];
  return [{ ...c, state: 'stateBeforeValue' }, i + 1];
};

const tBeforeValue: Transition = (c, s) => {
  let i = eatWhiteSpace(s, 0);
  if (i === s.length) return [c, s.length];
  let delim: Context['delim'] = 'delimSpaceOrTagEnd';
  if (s[i] === "'") {
    delim = 'delimSingleQuote';
    i++;
  } else if (s[i] === '"') {
    delim = 'delimDoubleQuote';
    i++;
  }
  return [{ ...c, state: ATTR_START_STATES[c.attr], delim }, i];
};

const tHTMLCmt: Transition = (c, s) => {
  const i = s.indexOf('-->');
  return i >= 0 ? [ctx({}), i + 3] : [c, s.length];
};

const END_MARKERS: Readonly<Record<Element, string>> = {
  elementNone: '', elementScript: 'script', elementStyle: 'style', elementTextarea: 'textarea', elementTitle: 'title',
};

/** Index of `</tag` followed by a tag-end separator, or -1. */
function indexTagEnd(s: string, tag: string): number {
  const lower = s.toLowerCase();
  for (let from = 0; ; ) {
    const i = lower.indexOf('</' + tag, from);
    if (i < 0) return -1;
    const after = s[i + 2 + tag.length];
    if (after !== undefined && '> \t\n\f/'.includes(after)) return i;
    from = i + 2;
  }
}

const tSpecialTagEnd: Transition = (c, s) => {
  if (c.element !== 'elementNone') {
    const i = indexTagEnd(s, END_MARKERS[c.element]);
    if (i >= 0) return [ctx({}), i];
  }
  return [c, s.length];
};

const tAttr: Transition = (c, s) => [c, s.length];

const tURL: Transition = (c, s) => {
  if (/[#?]/.test(s)) return [{ ...c, urlPart: 'urlPartQueryOrFrag' }, s.length];
  if (s.length !== eatWhiteSpace(s, 0) && c.urlPart === 'urlPartNone') return [{ ...c, urlPart: 'urlPartPreQuery' }, s.length];
  return [c, s.length];
};

const REGEXP_PRECEDERS = new Set(['break', 'case', 'continue', 'delete', 'do', 'else', 'finally', 'in', 'instanceof', 'return', 'throw', 'try', 'typeof', 'void']);
const isJSIdentPart = (ch: string | undefined): boolean => ch !== undefined && /^[$0-9A-Z_a-z]$/.test(ch);

/** Whether a `/` after `s` starts a regexp or a division. */
export function nextJSCtx(s: string, preceding: JsCtx): JsCtx {
  s = s.replace(/[\t\n\f\r \u2028\u2029]+$/, '');
  if (s.length === 0) return preceding;
  const n = s.length;
  const c = s[n - 1] as string;
  if (c === '+' || c === '-') {
    let start = n - 1;
    while (start > 0 && s[start - 1] === c) start--;
    return (n - start) % 2 === 1 ? 'jsCtxRegexp' : 'jsCtxDivOp';
  }
  if (c === '.') return n !== 1 && /[0-9]/.test(s[n - 2] as string) ? 'jsCtxDivOp' : 'jsCtxRegexp';
  if (',<>=*%&|^?!~([:;{}'.includes(c)) return 'jsCtxRegexp';
  let j = n;
  while (j > 0 && isJSIdentPart(s[j - 1])) j--;
  return REGEXP_PRECEDERS.has(s.slice(j)) ? 'jsCtxRegexp' : 'jsCtxDivOp';
}

const tJS: Transition = (c, s) => {
  const m = /["`'/]/.exec(s);
  if (m === null) return [{ ...c, jsCtx: nextJSCtx(s, c.jsCtx) }, s.length];
  const i = m.index;
  const jsCtx = nextJSCtx(s.slice(0, i), c.jsCtx);
  switch (s[i]) {
    case '"':
      return [{ ...c, state: 'stateJSDqStr', jsCtx: 'jsCtxRegexp' }, i + 1];
    case "'":
      return [{ ...c, state: 'stateJSSqStr', jsCtx: 'jsCtxRegexp' }, i + 1];
    case '`':
      return [{ ...c, state: 'stateJSBqStr', jsCtx: 'jsCtxRegexp' }, i + 1];
    default:
      break;
  }
  if (s[i + 1] === '/') return [{ ...c, jsCtx, state: 'stateJSLineCmt' }, i + 2];
  if (s[i + 1] === '*') return [{ ...c, jsCtx, state: 'stateJSBlockCmt' }, i + 2];
  if (jsCtx === 'jsCtxRegexp') return [{ ...c, jsCtx, state: 'stateJSRegexp' }, i + 1];
  if (jsCtx === 'jsCtxDivOp') return [{ ...c, jsCtx: 'jsCtxRegexp' }, i + 1];
  return [errorCtx(`'/' could start a division or regexp: ${JSON.stringify(s.slice(i, i + 32))}`), s.length];
};

const tJSDelimited: Transition = (c, s) => {
  const specials = c.state === 'stateJSSqStr' ? "\\'" : c.state === 'stateJSBqStr' ? '`\\' : c.state === 'stateJSRegexp' ? '\\/[]' : '\\"';
  let inCharset = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i] as string;
    if (!specials.includes(ch)) continue;
    if (ch === '\\') {
      i++;
      if (i === s.length) return [errorCtx(`unfinished escape sequence in JS string: ${JSON.stringify(s)}`), s.length];
    } else if (ch === '[' && c.state === 'stateJSRegexp') inCharset = true;
    else if (ch === ']' && c.state === 'stateJSRegexp') inCharset = false;
    else if (!inCharset) return [{ ...c, state: 'stateJS', jsCtx: 'jsCtxDivOp' }, i + 1];
  }
  if (inCharset) return [errorCtx(`unfinished JS regexp charset: ${JSON.stringify(s)}`), s.length];
  return [c, s.length];
};

const tBlockCmt: Transition = (c, s) => {
  const i = s.indexOf('*/');
  if (i < 0) return [c, s.length];
  return [{ ...c, state: c.state === 'stateJSBlockCmt' ? 'stateJS' : 'stateCSS' }, i + 2];
};

const tLineCmt: Transition = (c, s) => {
  const js = c.state === 'stateJSLineCmt';
  const m = (js ? /[\n\r\u2028\u2029]/ : /[\n\f\r]/).exec(s);
  if (m === null) return [c, s.length];
  return [{ ...c, state: js ? 'stateJS' : 'stateCSS' }, m.index];
};

const isCSSNmchar = (cp: number): boolean =>
  (cp >= 97 && cp <= 122) || (cp >= 65 && cp <= 90) || (cp >= 48 && cp <= 57) || cp === 45 || cp === 95
  || (cp >= 0x80 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);

function endsWithCSSKeyword(b: string, kw: string): boolean {
  const i = b.length - kw.length;
  if (i < 0) return false;
  if (i !== 0) {
    const before = [...b.slice(0, i)].pop() as string;
    if (isCSSNmchar(before.codePointAt(0) ?? 0)) return false;
  }
  return b.slice(i).toLowerCase() === kw;
}

const tCSS: Transition = (c, s) => {
  for (let k = 0; ; ) {
    const m = /[("'/]/.exec(s.slice(k));
    if (m === null) return [c, s.length];
    const i = k + m.index;
    switch (s[i]) {
      case '(': {
        if (endsWithCSSKeyword(s.slice(0, i).replace(/[\t\n\f\r ]+$/, ''), 'url')) {
          const j = s.length - s.slice(i + 1).replace(/^[\t\n\f\r ]+/, '').length;
          if (j !== s.length && s[j] === '"') return [{ ...c, state: 'stateCSSDqURL' }, j + 1];
          if (j !== s.length && s[j] === "'") return [{ ...c, state: 'stateCSSSqURL' }, j + 1];
          return [{ ...c, state: 'stateCSSURL' }, j];
        }
        break;
      }
      case '/':
        if (s[i + 1] === '/') return [{ ...c, state: 'stateCSSLineCmt' }, i + 2];
        if (s[i + 1] === '*') return [{ ...c, state: 'stateCSSBlockCmt' }, i + 2];
        break;
      case '"':
        return [{ ...c, state: 'stateCSSDqStr' }, i + 1];
      default:
        return [{ ...c, state: 'stateCSSSqStr' }, i + 1];
    }
    k = i + 1;
  }
};

/** Go's decodeCSS: resolves CSS escapes (`\26`, `\"`). */
export function decodeCSS(s: string): string {
  if (!s.includes('\\')) return s;
  let out = '';
  let i = 0;
  while (i < s.length) {
    const bs = s.indexOf('\\', i);
    if (bs < 0) {
      out += s.slice(i);
      break;
    }
    out += s.slice(i, bs);
    i = bs;
    if (s.length - i < 2) break;
    if (/[0-9a-fA-F]/.test(s[i + 1] as string)) {
      let j = i + 2;
      while (j < s.length && j < i + 7 && /[0-9a-fA-F]/.test(s[j] as string)) j++;
      let r = parseInt(s.slice(i + 1, j), 16);
      if (r > 0x10ffff) {
        r = Math.floor(r / 16);
        j--;
      }
      out += String.fromCodePoint(r);
      i = j;
      if (s[i] === '\r' && s[i + 1] === '\n') i += 2;
      else if (s[i] !== undefined && '\t\n\f\r '.includes(s[i] as string)) i++;
    } else {
      const cp = s.codePointAt(i + 1) ?? 0;
      const ch = String.fromCodePoint(cp);
      out += ch;
      i += 1 + ch.length;
    }
  }
  return out;
}

const tCSSStr: Transition = (c, s) => {
  const endAndEsc = c.state === 'stateCSSDqStr' || c.state === 'stateCSSDqURL' ? '\\"'
    : c.state === 'stateCSSSqStr' || c.state === 'stateCSSSqURL' ? "\\'" : '\\\t\n\f\r )';
  let k = 0;
  for (;;) {
    let i = -1;
    for (let x = k; x < s.length; x++) {
      if (endAndEsc.includes(s[x] as string)) {
        i = x;
        break;
      }
    }
    if (i < 0) {
      const [c1] = tURL(c, decodeCSS(s.slice(k)));
      return [c1, s.length];
    }
    if (s[i] === '\\') {
      i++;
      if (i === s.length) return [errorCtx(`unfinished escape sequence in CSS string: ${JSON.stringify(s)}`), s.length];
    } else {
      return [{ ...c, state: 'stateCSS' }, i + 1];
    }
    c = tURL(c, decodeCSS(s.slice(0, i + 1)))[0];
    k = i + 1;
  }
};

const tError: Transition = (c, s) => [c, s.length];

const TRANSITIONS: Readonly<Record<State, Transition>> = {
  stateText: tText, stateTag: tTag, stateAttrName: tAttrName, stateAfterName: tAfterName,
  stateBeforeValue: tBeforeValue, stateHTMLCmt: tHTMLCmt, stateRCDATA: tSpecialTagEnd, stateAttr: tAttr,
  stateURL: tURL, stateSrcset: tURL, stateJS: tJS, stateJSDqStr: tJSDelimited, stateJSSqStr: tJSDelimited,
  stateJSBqStr: tJSDelimited, stateJSRegexp: tJSDelimited, stateJSBlockCmt: tBlockCmt, stateJSLineCmt: tLineCmt,
  stateCSS: tCSS, stateCSSDqStr: tCSSStr, stateCSSSqStr: tCSSStr, stateCSSDqURL: tCSSStr, stateCSSSqURL: tCSSStr,
  stateCSSURL: tCSSStr, stateCSSBlockCmt: tBlockCmt, stateCSSLineCmt: tLineCmt, stateError: tError, stateDead: tError,
};

/** Runs the transition function of `c.state` (used by stripTags too). */
export function transition(c: Context, s: string): [Context, number] {
  return TRANSITIONS[c.state](c, s);
}

const DELIM_ENDS: Readonly<Record<Context['delim'], string>> = {
  delimNone: '', delimDoubleQuote: '"', delimSingleQuote: "'", delimSpaceOrTagEnd: ' \t\n\f\r>',
};

/** Characters ending an attribute value of each delimiter kind. */
export function delimEnds(c: Context): string {
  return DELIM_ENDS[c.delim];
}

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** HTML character references decoded (numeric ones and the common named ones). */
export function unescapeHtml(s: string): string {
  return s.replace(/&(#[xX][0-9a-fA-F]+|#[0-9]+|[A-Za-z]+);?/g, (m, ref: string) => {
    if (ref.startsWith('#')) {
      const cp = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return cp > 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff) ? String.fromCodePoint(cp) : '\ufffd';
    }
    return ENTITIES[ref] ?? m;
  });
}

const JS_TYPES = new Set([
  'application/ecmascript', 'application/javascript', 'application/json', 'application/ld+json',
  'application/x-ecmascript', 'application/x-javascript', 'module', 'text/ecmascript', 'text/javascript',
  'text/javascript1.0', 'text/javascript1.1', 'text/javascript1.2', 'text/javascript1.3', 'text/javascript1.4',
  'text/javascript1.5', 'text/jscript', 'text/livescript', 'text/x-ecmascript', 'text/x-javascript',
]);

function isJSType(mime: string): boolean {
  return JS_TYPES.has((mime.split(';')[0] as string).toLowerCase().trim());
}

/** The context after a prefix of `s` (and that prefix's length), as html/template computes it. */
export function contextAfterText(c: Context, s: string): [Context, number] {
  if (c.delim === 'delimNone') {
    const [c1, i] = tSpecialTagEnd(c, s);
    if (i === 0) return [c1, 0];
    return TRANSITIONS[c.state](c, s.slice(0, i));
  }
  const ends = DELIM_ENDS[c.delim];
  let i = -1;
  for (let x = 0; x < s.length; x++) {
    if (ends.includes(s[x] as string)) {
      i = x;
      break;
    }
  }
  if (i < 0) i = s.length;
  if (c.delim === 'delimSpaceOrTagEnd') {
    const m = /["'<=`]/.exec(s.slice(0, i));
    if (m !== null) return [errorCtx(`${JSON.stringify(m[0])} in unquoted attr: ${JSON.stringify(s.slice(0, i))}`), s.length];
  }
  if (i === s.length) {
    // The attribute value continues: run the value's state machine over its decoded text.
    let u = unescapeHtml(s);
    while (u.length !== 0) {
      const [c1, n] = TRANSITIONS[c.state](c, u);
      c = c1;
      u = u.slice(n);
    }
    return [c, s.length];
  }
  let element = c.element;
  if (c.state === 'stateAttr' && c.element === 'elementScript' && c.attr === 'attrScriptType' && !isJSType(s.slice(0, i))) {
    element = 'elementNone';
  }
  if (c.delim !== 'delimSpaceOrTagEnd') i++;
  return [ctx({ state: 'stateTag', element }), i];
}
