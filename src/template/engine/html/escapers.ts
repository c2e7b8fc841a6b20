/**
 * The escaping functions html/template inserts into pipelines (`_html_template_htmlescaper`, ...),
 * producing Go's exact output, and known-safe typed content passed through where it fits.
 */
import { sprint } from '../fmt.ts';
import { goJsonMarshal } from '../../go-json.ts';
import { attrType } from './attr-types.ts';
import { SafeContent } from './content.ts';
import type { ContentKind } from './content.ts';
import { ctx, isInTag } from './context.ts';
import type { Context } from './context.ts';
import { decodeCSS, delimEnds, transition } from './transition.ts';

/** Replacement for values that fail a filter. */
export const FILTER_FAILSAFE = 'ZgotmplZ';

type Kind = ContentKind | 'plain';

/** html/template's stringify: one typed or string argument as is, otherwise fmt.Sprint of the non-nil ones. */
function stringify(args: unknown[]): [string, Kind] {
  if (args.length === 1) {
    const a = args[0];
    if (typeof a === 'string') return [a, 'plain'];
    if (a instanceof SafeContent) return [a.value, a.kind];
  }
  return [sprint(args.filter((a) => a !== null && a !== undefined)), 'plain'];
}

const HTML_TABLE: Readonly<Record<string, string>> = { '\0': '\ufffd', '"': '&#34;', '&': '&amp;', "'": '&#39;', '+': '&#43;', '<': '&lt;', '>': '&gt;' };
const HTML_NORM_TABLE: Readonly<Record<string, string>> = { '\0': '\ufffd', '"': '&#34;', "'": '&#39;', '+': '&#43;', '<': '&lt;', '>': '&gt;' };
const NOSPACE_TABLE: Readonly<Record<string, string>> = {
  '\0': '&#xfffd;', '\t': '&#9;', '\n': '&#10;', '\v': '&#11;', '\f': '&#12;', '\r': '&#13;', ' ': '&#32;', '"': '&#34;',
  '&': '&amp;', "'": '&#39;', '+': '&#43;', '<': '&lt;', '=': '&#61;', '>': '&gt;', '`': '&#96;',
};
const NOSPACE_NORM_TABLE: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(NOSPACE_TABLE).filter(([k]) => k !== '&'));

const HTML_RE = /[\0"&'+<>]/g;
const NOSPACE_RE = /[\0\t\n\v\f\r "&'+<=>`\ufdd0-\ufdef\ufff0-\uffff]/g;

function htmlReplace(s: string, table: Readonly<Record<string, string>>): string {
  return s.replace(HTML_RE, (c) => table[c] ?? c);
}

// Without the bad-rune exemption Go also encodes the Unicode non-characters.
function nospaceReplace(s: string, table: Readonly<Record<string, string>>): string {
  return s.replace(NOSPACE_RE, (c) => table[c] ?? (c === '&' ? c : `&#x${c.charCodeAt(0).toString(16)};`));
}

/** The text content of HTML, tags removed (for HTML placed into attributes). */
export function stripTags(html: string): string {
  let out = '';
  let c: Context = ctx({});
  let i = 0;
  let allText = true;
  while (i !== html.length) {
    if (c.delim === 'delimNone') {
      const st = c.element !== 'elementNone' && !isInTag(c.state) ? 'stateRCDATA' : c.state;
      const [d, n] = transition({ ...c, state: st }, html.slice(i));
      const i1 = i + n;
      if (c.state === 'stateText' || c.state === 'stateRCDATA') {
        let j = i1;
        if (d.state !== c.state) {
          const lt = html.lastIndexOf('<', j - 1);
          if (lt >= i) j = lt;
        }
        out += html.slice(i, j);
      } else {
        allText = false;
      }
      c = d;
      i = i1;
      continue;
    }
    const ends = delimEnds(c);
    let i1 = -1;
    for (let x = i; x < html.length; x++) {
      if (ends.includes(html[x] as string)) {
        i1 = x;
        break;
      }
    }
    if (i1 < 0) break;
    if (c.delim !== 'delimSpaceOrTagEnd') i1++;
    c = ctx({ state: 'stateTag', element: c.element });
    i = i1;
  }
  if (allText) return html;
  if (c.state === 'stateText' || c.state === 'stateRCDATA') out += html.slice(i);
  return out;
}

function htmlEscaper(...args: unknown[]): string {
  const [s, t] = stringify(args);
  return t === 'HTML' ? s : htmlReplace(s, HTML_TABLE);
}

function rcdataEscaper(...args: unknown[]): string {
  const [s, t] = stringify(args);
  return htmlReplace(s, t === 'HTML' ? HTML_NORM_TABLE : HTML_TABLE);
}

function attrEscaper(...args: unknown[]): string {
  const [s, t] = stringify(args);
  return t === 'HTML' ? htmlReplace(stripTags(s), HTML_NORM_TABLE) : htmlReplace(s, HTML_TABLE);
}

function nospaceEscaper(...args: unknown[]): string {
  const [s, t] = stringify(args);
  return t === 'HTML' ? nospaceReplace(stripTags(s), NOSPACE_NORM_TABLE) : nospaceReplace(s, NOSPACE_TABLE);
}

function htmlNameFilter(...args: unknown[]): string {
  const [raw, t] = stringify(args);
  if (t === 'HTMLAttr') return raw;
  if (raw.length === 0) return FILTER_FAILSAFE;
  const s = raw.toLowerCase();
  if (attrType(s) !== 'plain') return FILTER_FAILSAFE;
  return /^[0-9a-z]+$/.test(s) ? s : FILTER_FAILSAFE;
}

function commentEscaper(): string {
  return '';
}

/** Whether a URL's scheme (if any) is http, https or mailto. */
export function isSafeUrl(s: string): boolean {
  const colon = s.indexOf(':');
  if (colon >= 0 && !s.slice(0, colon).includes('/')) {
    return ['http', 'https', 'mailto'].includes(s.slice(0, colon).toLowerCase());
  }
  return true;
}

function urlFilter(...args: unknown[]): string {
  const [s, t] = stringify(args);
  if (t === 'URL') return s;
  return isSafeUrl(s) ? s : '#' + FILTER_FAILSAFE;
}

const isHex = (c: string | undefined): boolean => c !== undefined && /^[0-9a-fA-F]$/.test(c);

/** Percent-encodes a URL's bytes as Go's processURLOnto does (`norm` keeps reserved chars and escapes). */
function processUrl(s: string, norm: boolean): string {
  const bytes = Buffer.from(s, 'utf8');
  let out = '';
  let changed = false;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i] as number;
    const ch = String.fromCharCode(c);
    let keep: boolean;
    if ('!#$&*+,/:;=?@[]'.includes(ch)) keep = norm;
    else if ('-._~'.includes(ch)) keep = true;
    else if (ch === '%') keep = norm && isHex(String.fromCharCode(bytes[i + 1] ?? 0)) && isHex(String.fromCharCode(bytes[i + 2] ?? 0)) && i + 2 < bytes.length;
    else keep = c < 0x80 && /[a-zA-Z0-9]/.test(ch);
    if (keep) out += ch;
    else {
      out += '%' + c.toString(16).padStart(2, '0');
      changed = true;
    }
  }
  return changed ? out : s;
}

function urlEscaper(...args: unknown[]): string {
  const [s, t] = stringify(args);
  return processUrl(s, t === 'URL');
}

function urlNormalizer(...args: unknown[]): string {
  return processUrl(stringify(args)[0], true);
}

const isHtmlSpace = (c: string | undefined): boolean => c !== undefined && ' \t\n\f\r'.includes(c);

function filterSrcsetElement(s: string, left: number, right: number): string {
  let start = left;
  while (start < right && isHtmlSpace(s[start])) start++;
  let end = right;
  for (let i = start; i < right; i++) {
    if (isHtmlSpace(s[i])) {
      end = i;
      break;
    }
  }
  const url = s.slice(start, end);
  if (isSafeUrl(url) && /^[\t\n\f\r 0-9A-Za-z]*$/.test(s.slice(end, right))) {
    return s.slice(left, start) + processUrl(url, true) + s.slice(end, right);
  }
  return '#' + FILTER_FAILSAFE;
}

function srcsetEscaper(...args: unknown[]): string {
  const [s, t] = stringify(args);
  if (t === 'Srcset') return s;
  if (t === 'URL') return processUrl(s, true).replace(/,/g, '%2c');
  const parts: string[] = [];
  let written = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === ',') {
      parts.push(filterSrcsetElement(s, written, i));
      written = i + 1;
    }
  }
  parts.push(filterSrcsetElement(s, written, s.length));
  return parts.join(',');
}

const LOW_UNICODE: readonly string[] = Array.from({ length: 32 }, (_, i) => '\\u' + i.toString(16).padStart(4, '0'));
const LOW_NAMED: Readonly<Record<number, string>> = { 9: '\\t', 10: '\\n', 12: '\\f', 13: '\\r' };
const JS_STR: Readonly<Record<string, string>> = {
  '"': '\\u0022', '`': '\\u0060', '&': '\\u0026', "'": '\\u0027', '+': '\\u002b', '/': '\\/', '<': '\\u003c', '>': '\\u003e', '\\': '\\\\',
};
const JS_STR_NORM: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(JS_STR).filter(([k]) => k !== '\\'));
const JS_REGEXP: Readonly<Record<string, string>> = {
  '"': '\\u0022', '$': '\\$', '&': '\\u0026', "'": '\\u0027', '(': '\\(', ')': '\\)', '*': '\\*', '+': '\\u002b', '-': '\\-',
  '.': '\\.', '/': '\\/', '<': '\\u003c', '>': '\\u003e', '?': '\\?', '[': '\\[', '\\': '\\\\', ']': '\\]', '^': '\\^',
  '{': '\\{', '|': '\\|', '}': '\\}',
};

function jsReplace(s: string, table: Readonly<Record<string, string>>): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    if (c < 32) out += LOW_NAMED[c] ?? LOW_UNICODE[c];
    else if (table[ch] !== undefined) out += table[ch];
    else if (c === 0x2028) out += '\\u2028';
    else if (c === 0x2029) out += '\\u2029';
    else out += ch;
  }
  return out;
}

function jsStrEscaper(...args: unknown[]): string {
  const [s, t] = stringify(args);
  return jsReplace(s, t === 'JSStr' ? JS_STR_NORM : JS_STR);
}

function jsRegexpEscaper(...args: unknown[]): string {
  const s = jsReplace(stringify(args)[0], JS_REGEXP);
  return s === '' ? '(?:)' : s;
}

const isJSIdentPart = (c: string | undefined): boolean => c !== undefined && /^[$0-9A-Z_a-z]$/.test(c);

function jsValEscaper(...args: unknown[]): string {
  let a: unknown;
  if (args.length === 1) {
    a = args[0];
    if (a instanceof SafeContent && a.kind === 'JS') return a.value;
    if (a instanceof SafeContent && a.kind === 'JSStr') return `"${a.value}"`;
    if (a !== null && typeof a === 'object' && typeof (a as { toJSON?: unknown }).toJSON !== 'function'
      && typeof (a as { String?: unknown }).String === 'function') {
      a = (a as { String(): string }).String();
    }
  } else {
    a = sprint(args);
  }
  let b: string;
  try {
    b = goJsonMarshal(a);
  } catch (e) {
    return ` /* ${(e as Error).message.replace(/\*\//g, '* /')} */null `;
  }
  if (b.length === 0) return ' null ';
  const pad = isJSIdentPart(b[0]) || isJSIdentPart(b[b.length - 1]);
  const body = b.replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  return pad ? ` ${body} ` : body;
}

const CSS_TABLE: Readonly<Record<string, string>> = {
  '\0': '\\0', '\t': '\\9', '\n': '\\a', '\f': '\\c', '\r': '\\d', '"': '\\22', '&': '\\26', "'": '\\27', '(': '\\28', ')': '\\29',
  '+': '\\2b', '/': '\\2f', ':': '\\3a', ';': '\\3b', '<': '\\3c', '>': '\\3e', '\\': '\\\\', '{': '\\7b', '}': '\\7d',
};

function cssEscaper(...args: unknown[]): string {
  const s = stringify(args)[0];
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i] as string;
    const repl = CSS_TABLE[ch];
    if (repl === undefined) {
      out += ch;
      continue;
    }
    out += repl;
    const next = s[i + 1];
    // A hex digit or space after a hex escape would extend it: separate with a space.
    if (repl !== '\\\\' && (next === undefined || isHex(next) || ' \t\n\f\r'.includes(next))) out += ' ';
  }
  return out;
}

function cssValueFilter(...args: unknown[]): string {
  const [s, t] = stringify(args);
  if (t === 'CSS') return s;
  const b = decodeCSS(s);
  let id = '';
  for (let i = 0; i < b.length; i++) {
    const c = b[i] as string;
    if ('\0"\'()/;@[\\]`{}'.includes(c)) return FILTER_FAILSAFE;
    if (c === '-' && i !== 0 && b[i - 1] === '-') return FILTER_FAILSAFE;
    if (/[A-Za-z0-9_-]/.test(c)) id += c;
  }
  id = id.toLowerCase();
  if (id.includes('expression') || id.includes('mozbinding')) return FILTER_FAILSAFE;
  return b;
}

/** `_eval_args_`: a predefined escaper's arguments stringified, so the escaper can join the pipeline. */
function evalArgs(...args: unknown[]): string {
  return args.length === 1 && typeof args[0] === 'string' ? args[0] : sprint(args);
}

/** The escaper functions by the names the escaper inserts. */
export const escaperFuncs: Readonly<Record<string, (...args: never[]) => unknown>> = {
  _html_template_attrescaper: attrEscaper,
  _html_template_commentescaper: commentEscaper,
  _html_template_cssescaper: cssEscaper,
  _html_template_cssvaluefilter: cssValueFilter,
  _html_template_htmlnamefilter: htmlNameFilter,
  _html_template_htmlescaper: htmlEscaper,
  _html_template_jsregexpescaper: jsRegexpEscaper,
  _html_template_jsstrescaper: jsStrEscaper,
  _html_template_jsvalescaper: jsValEscaper,
  _html_template_nospaceescaper: nospaceEscaper,
  _html_template_rcdataescaper: rcdataEscaper,
  _html_template_srcsetescaper: srcsetEscaper,
  _html_template_urlescaper: urlEscaper,
  _html_template_urlfilter: urlFilter,
  _html_template_urlnormalizer: urlNormalizer,
  _eval_args_: evalArgs,
};
