/**
 * Go `strconv` quoting and unquoting as templates and `fmt` need them.
 */

/** Go's `%q` of a string (strconv.Quote), as used in lexer and parser messages. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    out += quoteRune(cp, '"', false);
  }
  return out + '"';
}

/** Escapes one code point for a Go quoted literal (strconv.Quote rules). */
export function quoteRune(cp: number, quote: string, asciiOnly: boolean): string {
  if (cp === quote.codePointAt(0) || cp === 0x5c) return '\\' + String.fromCodePoint(cp);
  if (asciiOnly ? cp >= 0x20 && cp < 0x7f : isGoPrint(cp)) return String.fromCodePoint(cp);
  switch (cp) {
    case 7:
      return '\\a';
    case 8:
      return '\\b';
    case 12:
      return '\\f';
    case 10:
      return '\\n';
    case 13:
      return '\\r';
    case 9:
      return '\\t';
    case 11:
      return '\\v';
    default:
      break;
  }
  if (cp < 0x20 || cp === 0x7f) return '\\x' + cp.toString(16).padStart(2, '0');
  if (cp === 0xfffd && !asciiOnly) return '\\ufffd';
  if (cp < 0x10000) return '\\u' + cp.toString(16).padStart(4, '0');
  return '\\U' + cp.toString(16).padStart(8, '0');
}

const NON_PRINT = /[\p{C}\p{Z}]/u;
/** Go's strconv.IsPrint: letters, marks, numbers, punctuation, symbols and U+0020. */
export function isGoPrint(cp: number): boolean {
  if (cp >= 0x20 && cp < 0x7f) return true;
  if (cp < 0xa1) return false;
  if (cp >= 0xd800 && cp <= 0xdfff) return false;
  return !NON_PRINT.test(String.fromCodePoint(cp));
}

/** Go's strconv.ErrSyntax message. */
export const INVALID_SYNTAX = 'invalid syntax';

/**
 * Reads one possibly escaped character of a quoted literal at `i` (Go's strconv.UnquoteChar).
 * Returns the code point and the index after it, or undefined on a syntax error.
 * A `\xNN` or octal escape yields the byte value as a code point (JS strings hold no raw bytes).
 */
export function unquoteChar(s: string, i: number, quote: string): { cp: number; next: number } | undefined {
  const c = s.codePointAt(i);
  if (c === undefined) return undefined;
  if (c === quote.codePointAt(0) && (quote === "'" || quote === '"')) return undefined;
  if (c !== 0x5c) return { cp: c, next: i + (c > 0xffff ? 2 : 1) };
  const e = s[i + 1];
  switch (e) {
    case 'a':
      return { cp: 7, next: i + 2 };
    case 'b':
      return { cp: 8, next: i + 2 };
    case 'f':
      return { cp: 12, next: i + 2 };
    case 'n':
      return { cp: 10, next: i + 2 };
    case 'r':
      return { cp: 13, next: i + 2 };
    case 't':
      return { cp: 9, next: i + 2 };
    case 'v':
      return { cp: 11, next: i + 2 };
    case '\\':
      return { cp: 0x5c, next: i + 2 };
    case "'":
    case '"':
      return e === quote ? { cp: e.charCodeAt(0), next: i + 2 } : undefined;
    case 'x':
    case 'u':
    case 'U': {
      const n = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      const hex = s.slice(i + 2, i + 2 + n);
      if (hex.length !== n || !/^[0-9a-fA-F]+$/.test(hex)) return undefined;
      const cp = parseInt(hex, 16);
      if (e !== 'x' && (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))) return undefined;
      return { cp, next: i + 2 + n };
    }
    default: {
      if (e === undefined || e < '0' || e > '7') return undefined;
      const oct = s.slice(i + 1, i + 4);
      if (!/^[0-7]{3}$/.test(oct)) return undefined;
      const cp = parseInt(oct, 8);
      return cp > 255 ? undefined : { cp, next: i + 4 };
    }
  }
}

/** Go's strconv.Unquote for "..." `...` and '...' literals; throws Error('invalid syntax'). */
export function unquote(lit: string): string {
  const q = lit[0];
  if (lit.length < 2 || lit[lit.length - 1] !== q) throw new Error(INVALID_SYNTAX);
  const body = lit.slice(1, -1);
  if (q === '`') {
    if (body.includes('`')) throw new Error(INVALID_SYNTAX);
    return body.replaceAll('\r', '');
  }
  if (q !== '"' && q !== "'") throw new Error(INVALID_SYNTAX);
  if (!body.includes('\\') && !body.includes(q) && !body.includes('\n')) {
    if (q === '"') return body;
  }
  let out = '';
  let count = 0;
  for (let i = 0; i < body.length; ) {
    if (body[i] === '\n') throw new Error(INVALID_SYNTAX);
    const r = unquoteChar(body, i, q);
    if (r === undefined) throw new Error(INVALID_SYNTAX);
    out += String.fromCodePoint(r.cp);
    i = r.next;
    count++;
  }
  if (q === "'" && count !== 1) throw new Error(INVALID_SYNTAX);
  return out;
}

/** Go's strconv.CanBackquote: no backquote, no control character but tab, no BOM. */
export function canBackquote(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x60 || c === 0x7f || c === 0xfeff || (c < 0x20 && c !== 9)) return false;
  }
  return true;
}
