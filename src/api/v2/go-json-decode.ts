/**
 * A JSON reader that behaves like the one Alertmanager's API runs on (Go's `json.Decoder` as
 * used by go-openapi): it reads exactly one value and ignores what follows, reports syntax
 * errors with Go's wording (`unexpected EOF`, `invalid character 'x' after array element`),
 * replaces invalid UTF-8 and unpaired surrogate escapes with U+FFFD, and keeps object members
 * in document order (duplicates included) so struct decoding can apply Go's rules.
 */

import { goQuote } from '../../labels/go-quote.ts';

/** An object as written: members in order, duplicate keys kept. */
export interface JsonObject {
  readonly kind: 'object';
  readonly members: ReadonlyArray<readonly [string, JsonValue]>;
}

/** A number is kept as its text: API fields never hold numbers, they only need naming in errors. */
export interface JsonNumber {
  readonly kind: 'number';
  readonly text: string;
}

export type JsonValue = null | boolean | string | JsonNumber | JsonObject | JsonValue[];

/** The result of reading a body: a value, nothing but whitespace, or Go's syntax error text. */
export type GoJsonResult =
  | { readonly ok: true; readonly value: JsonValue }
  | { readonly ok: false; readonly empty: true }
  | { readonly ok: false; readonly empty: false; readonly error: string };

// Go's scanner refuses nesting beyond 10,000 levels with "exceeded max depth"; we stop at 1,000
// to keep the recursive reader far from the stack limit (no API body nests more than 4 deep).
const MAX_DEPTH = 1_000;

class GoSyntaxError extends Error {}

const utf8 = new TextDecoder('utf-8', { fatal: false });

// Go prints the offending byte as a rune in single quotes (scanner.go quoteChar).
function quoteChar(c: number): string {
  if (c === 0x27) return `'\\''`;
  if (c === 0x22) return `'"'`;
  const q = goQuote(String.fromCharCode(c));
  return `'${q.slice(1, -1)}'`;
}

class Reader {
  readonly #buf: Uint8Array;
  #pos = 0;
  #depth = 0;

  constructor(buf: Uint8Array) {
    this.#buf = buf;
  }

  skipSpace(): boolean {
    const b = this.#buf;
    while (this.#pos < b.length) {
      const c = b[this.#pos] as number;
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return true;
      this.#pos++;
    }
    return false;
  }

  #peek(): number {
    if (this.#pos >= this.#buf.length) throw new GoSyntaxError('unexpected EOF');
    return this.#buf[this.#pos] as number;
  }

  #fail(c: number, context: string): never {
    throw new GoSyntaxError(`invalid character ${quoteChar(c)} ${context}`);
  }

  value(): JsonValue {
    this.skipSpace();
    const c = this.#peek();
    switch (c) {
      case 0x7b:
        return this.#object();
      case 0x5b:
        return this.#array();
      case 0x22:
        return this.#string();
      case 0x74:
        return this.#literal('true', true);
      case 0x66:
        return this.#literal('false', false);
      case 0x6e:
        return this.#literal('null', null);
      default:
        if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return this.#number();
        return this.#fail(c, 'looking for beginning of value');
    }
  }

  #enter(): void {
    if (++this.#depth > MAX_DEPTH) throw new GoSyntaxError('exceeded max depth');
    this.#pos++;
  }

  #object(): JsonObject {
    this.#enter();
    const members: Array<readonly [string, JsonValue]> = [];
    this.skipSpace();
    if (this.#peek() === 0x7d) {
      this.#pos++;
      this.#depth--;
      return { kind: 'object', members };
    }
    for (;;) {
      this.skipSpace();
      const c = this.#peek();
      if (c !== 0x22) this.#fail(c, 'looking for beginning of object key string');
      const key = this.#string();
      this.skipSpace();
      const colon = this.#peek();
      if (colon !== 0x3a) this.#fail(colon, 'after object key');
      this.#pos++;
      members.push([key, this.value()]);
      this.skipSpace();
      const next = this.#peek();
      this.#pos++;
      if (next === 0x7d) break;
      if (next !== 0x2c) this.#fail(next, 'after object key:value pair');
    }
    this.#depth--;
    return { kind: 'object', members };
  }

  #array(): JsonValue[] {
    this.#enter();
    const items: JsonValue[] = [];
    this.skipSpace();
    if (this.#peek() === 0x5d) {
      this.#pos++;
      this.#depth--;
      return items;
    }
    for (;;) {
      items.push(this.value());
      this.skipSpace();
      const next = this.#peek();
      this.#pos++;
      if (next === 0x5d) break;
      if (next !== 0x2c) this.#fail(next, 'after array element');
    }
    this.#depth--;
    return items;
  }

  #literal(word: string, result: boolean | null): boolean | null {
    for (let i = 0; i < word.length; i++) {
      const c = this.#peek();
      if (c !== word.charCodeAt(i)) this.#fail(c, `in literal ${word} (expecting ${quoteChar(word.charCodeAt(i))})`);
      this.#pos++;
    }
    return result;
  }

  #digits(): number {
    let n = 0;
    while (this.#pos < this.#buf.length) {
      const c = this.#buf[this.#pos] as number;
      if (c < 0x30 || c > 0x39) break;
      this.#pos++;
      n++;
    }
    return n;
  }

  #number(): JsonNumber {
    const start = this.#pos;
    if (this.#peek() === 0x2d) {
      this.#pos++;
      const c = this.#peek();
      if (c < 0x30 || c > 0x39) this.#fail(c, 'in numeric literal');
    }
    if (this.#peek() === 0x30) this.#pos++;
    else this.#digits();
    if (this.#pos < this.#buf.length && this.#buf[this.#pos] === 0x2e) {
      this.#pos++;
      const c = this.#peek();
      if (c < 0x30 || c > 0x39) this.#fail(c, 'after decimal point in numeric literal');
      this.#digits();
    }
    if (this.#pos < this.#buf.length && (this.#buf[this.#pos] === 0x65 || this.#buf[this.#pos] === 0x45)) {
      this.#pos++;
      let c = this.#peek();
      if (c === 0x2b || c === 0x2d) {
        this.#pos++;
        c = this.#peek();
      }
      if (c < 0x30 || c > 0x39) this.#fail(c, 'in exponent of numeric literal');
      this.#digits();
    }
    return { kind: 'number', text: utf8.decode(this.#buf.subarray(start, this.#pos)) };
  }

  #hex4(): number {
    let v = 0;
    for (let i = 0; i < 4; i++) {
      const c = this.#peek();
      const d = c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 0x57 : c >= 0x41 && c <= 0x46 ? c - 0x37 : -1;
      if (d < 0) this.#fail(c, 'in \\u hexadecimal character escape');
      v = v * 16 + d;
      this.#pos++;
    }
    return v;
  }

  #string(): string {
    this.#pos++;
    const b = this.#buf;
    let out = '';
    let runStart = this.#pos;
    for (;;) {
      const c = this.#peek();
      if (c === 0x22) {
        out += utf8.decode(b.subarray(runStart, this.#pos));
        this.#pos++;
        return out;
      }
      if (c < 0x20) this.#fail(c, 'in string literal');
      if (c !== 0x5c) {
        this.#pos++;
        continue;
      }
      out += utf8.decode(b.subarray(runStart, this.#pos));
      this.#pos++;
      out += this.#escape();
      runStart = this.#pos;
    }
  }

  #escape(): string {
    const e = this.#peek();
    this.#pos++;
    switch (e) {
      case 0x22:
        return '"';
      case 0x5c:
        return '\\';
      case 0x2f:
        return '/';
      case 0x62:
        return '\b';
      case 0x66:
        return '\f';
      case 0x6e:
        return '\n';
      case 0x72:
        return '\r';
      case 0x74:
        return '\t';
      case 0x75:
        return this.#unicodeEscape();
      default:
        return this.#fail(e, 'in string escape code');
    }
  }

  #unicodeEscape(): string {
    const u = this.#hex4();
    if (u < 0xd800 || u > 0xdfff) return String.fromCharCode(u);
    // Go pairs a high surrogate with an immediately following low-surrogate escape; anything
    // else becomes U+FFFD (and the following escape is decoded on its own).
    if (u <= 0xdbff && this.#buf[this.#pos] === 0x5c && this.#buf[this.#pos + 1] === 0x75) {
      const save = this.#pos;
      this.#pos += 2;
      const low = this.#hex4();
      if (low >= 0xdc00 && low <= 0xdfff) return String.fromCharCode(u, low);
      this.#pos = save;
    }
    return '\uFFFD';
  }
}

/**
 * Reads the first JSON value of `body` as Go's `json.Decoder.Decode` does; bytes after it are
 * ignored. A body of only whitespace is `empty` (Go's `io.EOF`).
 */
export function decodeGoJson(body: Uint8Array): GoJsonResult {
  const reader = new Reader(body);
  if (!reader.skipSpace()) return { ok: false, empty: true };
  try {
    return { ok: true, value: reader.value() };
  } catch (err) {
    if (err instanceof GoSyntaxError) return { ok: false, empty: false, error: err.message };
    throw err;
  }
}

/** The JSON kind Go names in `cannot unmarshal <kind> into …` errors. */
export function goJsonKind(v: JsonValue): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'string') return 'string';
  if (Array.isArray(v)) return 'array';
  return v.kind;
}

/** Whether `v` is a JSON object. */
export function isJsonObject(v: JsonValue): v is JsonObject {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && v.kind === 'object';
}

/**
 * The value Go's struct decoding assigns to `field`: the last member whose key equals the
 * field name, or failing an exact match, equals it ignoring case (Go's fallback). Undefined when absent.
 */
export function structField(obj: JsonObject, field: string): JsonValue | undefined {
  let found: JsonValue | undefined;
  const lower = field.toLowerCase();
  for (const [key, value] of obj.members) {
    if (key === field || key.toLowerCase() === lower) found = value;
  }
  return found;
}
