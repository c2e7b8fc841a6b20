/**
 * Go's `strconv.Quote` and `strconv.Unquote` (double-quoted form) for JavaScript strings.
 *
 * A JavaScript string cannot hold invalid UTF-8; its only ill-formed content is a lone surrogate.
 * `goQuote` prints one as U+FFFD (what Go's JSON decoder and `TextEncoder` turn it into), and
 * `goUnquote` rejects one as invalid UTF-8.
 */

import { isValidUtf8 } from './go-string.ts';

// Printable ASCII other than `"` and `\`: such strings quote to themselves.
const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;
// Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

const SHORT_ESCAPES: Readonly<Record<number, string>> = {
  0x07: '\\a',
  0x08: '\\b',
  0x0c: '\\f',
  0x0a: '\\n',
  0x0d: '\\r',
  0x09: '\\t',
  0x0b: '\\v',
};

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

function escapeRune(ch: string, cp: number): string {
  if (cp === 0x22 || cp === 0x5c) return `\\${ch}`;
  if (cp < 0x80) {
    if (cp >= 0x20 && cp < 0x7f) return ch;
    return SHORT_ESCAPES[cp] ?? `\\x${hex(cp, 2)}`;
  }
  if (cp >= 0xd800 && cp <= 0xdfff) return '\ufffd';
  if (PRINTABLE.test(ch)) return ch;
  return cp < 0x10000 ? `\\u${hex(cp, 4)}` : `\\U${hex(cp, 8)}`;
}

/**
 * Quotes a string exactly as Go's `strconv.Quote` (and so `%q`) does: double quotes, `\"` and
 * `\\`, short escapes such as `\n`, `\x..` for other control bytes, and `\u....`/`\U........`
 * for non-printable runes; printable non-ASCII runes stay as they are.
 */
export function goQuote(s: string): string {
  if (PLAIN.test(s)) return `"${s}"`;
  let out = '"';
  for (const ch of s) out += escapeRune(ch, ch.codePointAt(0) as number);
  return `${out}"`;
}

const SIMPLE_UNESCAPES: Readonly<Record<string, number>> = {
  a: 0x07,
  b: 0x08,
  f: 0x0c,
  n: 0x0a,
  r: 0x0d,
  t: 0x09,
  v: 0x0b,
  '\\': 0x5c,
  '"': 0x22,
};
const HEX_DIGITS: Readonly<Record<string, number>> = { x: 2, u: 4, U: 8 };
const utf8 = new TextEncoder();
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function invalid(): never {
  throw new SyntaxError('invalid syntax');
}

/**
 * Decodes a double-quoted Go string literal as `strconv.Unquote` does (`\x` and octal escapes
 * give raw bytes, `\u`/`\U` give runes). Throws `SyntaxError("invalid syntax")` on malformed
 * input, a literal newline, or a result that is not valid UTF-8.
 */
export function goUnquote(s: string): string {
  if (s.length < 2 || s[0] !== '"' || s[s.length - 1] !== '"') invalid();
  const body = s.slice(1, -1);
  if (!body.includes('\\') && !body.includes('"') && !body.includes('\n')) {
    if (!isValidUtf8(body)) invalid();
    return body;
  }
  const bytes: number[] = [];
  let i = 0;
  while (i < body.length) {
    const c = body[i] as string;
    if (c === '"' || c === '\n') invalid();
    if (c !== '\\') {
      const cp = body.codePointAt(i) as number;
      if (cp >= 0xd800 && cp <= 0xdfff) invalid();
      const ch = String.fromCodePoint(cp);
      for (const b of utf8.encode(ch)) bytes.push(b);
      i += ch.length;
      continue;
    }
    const e = body[i + 1];
    if (e === undefined) invalid();
    i += 2;
    const simple = SIMPLE_UNESCAPES[e];
    if (simple !== undefined) {
      bytes.push(simple);
      continue;
    }
    const width = HEX_DIGITS[e];
    if (width !== undefined) {
      const digits = body.slice(i, i + width);
      if (digits.length !== width || !/^[0-9a-fA-F]+$/.test(digits)) invalid();
      i += width;
      const v = parseInt(digits, 16);
      if (e === 'x') {
        bytes.push(v);
        continue;
      }
      if (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) invalid();
      for (const b of utf8.encode(String.fromCodePoint(v))) bytes.push(b);
      continue;
    }
    if (e >= '0' && e <= '7') {
      const digits = body.slice(i - 1, i + 2);
      if (!/^[0-7]{3}$/.test(digits)) invalid();
      const v = parseInt(digits, 8);
      if (v > 255) invalid();
      bytes.push(v);
      i += 2;
      continue;
    }
    invalid();
  }
  try {
    return strictUtf8.decode(new Uint8Array(bytes));
  } catch {
    return invalid();
  }
}
