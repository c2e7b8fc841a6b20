/**
 * The lexer of Alertmanager's UTF-8 matcher syntax (`matcher/parse/lexer.go`). Tokens are braces,
 * commas, operators, double-quoted Go string literals and unquoted runs of non-reserved characters.
 * Columns count characters (runes), so error messages match Alertmanager's.
 */

import { isReservedChar } from './matcher.ts';
import type { MatcherErrorPosition } from './parse-error.ts';

export type TokenKind =
  | 'eof'
  | 'openBrace'
  | 'closeBrace'
  | 'comma'
  | 'equals'
  | 'notEquals'
  | 'matches'
  | 'notMatches'
  | 'quoted'
  | 'unquoted';

export interface Token extends MatcherErrorPosition {
  readonly kind: TokenKind;
  /** The token's text as written, quotes included. */
  readonly value: string;
}

/** A lexing or parsing failure: Alertmanager's message and, where known, the columns it refers to. */
export class LexError extends Error {
  readonly position: MatcherErrorPosition | undefined;

  constructor(message: string, position?: MatcherErrorPosition) {
    super(message);
    this.position = position;
  }
}

const EOF = '';
const SPACE = /\p{White_Space}/u;

/** Scans tokens on demand; once an error occurs, every later scan repeats it. */
export class Lexer {
  readonly #input: string;
  #err: LexError | undefined;
  #start = 0; // index where the current token starts
  #pos = 0; // index of the cursor
  #width = 0; // UTF-16 length of the last character read
  #column = 0; // column where the current token starts
  #cols = 0; // columns read so far

  constructor(input: string) {
    this.#input = input;
  }

  /** Columns read so far (Go's `position().columnEnd`). */
  get columnEnd(): number {
    return this.#cols;
  }

  /** Returns the next token, or throws the lexing error. */
  scan(): Token {
    if (this.#err !== undefined) throw this.#err;
    for (let c = this.#next(); c !== EOF; c = this.#next()) {
      if (c === '{') return this.#emit('openBrace');
      if (c === '}') return this.#emit('closeBrace');
      if (c === ',') return this.#emit('comma');
      if (c === '=' || c === '!') {
        this.#rewind();
        return this.#guard(() => this.#scanOperator());
      }
      if (c === '"') {
        this.#rewind();
        return this.#guard(() => this.#scanQuoted());
      }
      if (!isReservedChar(c)) {
        this.#rewind();
        return this.#scanUnquoted();
      }
      if (SPACE.test(c)) {
        this.#skip();
        continue;
      }
      this.#err = new LexError(`${this.#columns()}: ${this.#text()}: invalid input`, this.#position());
      throw this.#err;
    }
    return { kind: 'eof', value: '', ...this.#position() };
  }

  /** Returns the next token without consuming it. A lexing error stays recorded. */
  peek(): Token {
    const saved = [this.#start, this.#pos, this.#width, this.#column, this.#cols] as const;
    try {
      return this.scan();
    } finally {
      [this.#start, this.#pos, this.#width, this.#column, this.#cols] = saved;
    }
  }

  #guard(scan: () => Token): Token {
    try {
      return scan();
    } catch (err) {
      this.#err = err as LexError;
      throw err;
    }
  }

  #scanOperator(): Token {
    // `!` must be followed by `=` or `~`; `=` may be followed by `~`.
    if (this.#accept('!')) {
      if (this.#accept('=')) return this.#emit('notEquals');
      if (this.#accept('~')) return this.#emit('notMatches');
      throw this.#expected('=~');
    }
    if (this.#accept('=')) return this.#emit(this.#accept('~') ? 'matches' : 'equals');
    throw this.#expected('!=');
  }

  #scanQuoted(): Token {
    if (!this.#accept('"')) throw this.#expected('"');
    let escaped = false;
    for (let c = this.#next(); c !== EOF; c = this.#next()) {
      if (escaped) {
        escaped = false;
      } else if (c === '\\') {
        escaped = true;
      } else if (c === '"') {
        this.#rewind();
        break;
      }
    }
    if (!this.#accept('"')) throw new LexError(`${this.#columns()}: ${this.#text()}: missing end "`, this.#position());
    return this.#emit('quoted');
  }

  #scanUnquoted(): Token {
    for (let c = this.#next(); c !== EOF; c = this.#next()) {
      if (isReservedChar(c)) {
        this.#rewind();
        break;
      }
    }
    return this.#emit('unquoted');
  }

  #expected(expected: string): LexError {
    const message =
      this.#pos >= this.#input.length
        ? `${this.#columns()}: unexpected end of input, expected one of '${expected}'`
        : `${this.#columns()}: ${this.#text()}: expected one of '${expected}'`;
    return new LexError(message, this.#position());
  }

  #accept(ch: string): boolean {
    if (this.#next() === ch) return true;
    this.#rewind();
    return false;
  }

  #emit(kind: TokenKind): Token {
    const token: Token = { kind, value: this.#text(), ...this.#position() };
    this.#skip();
    return token;
  }

  #next(): string {
    if (this.#pos >= this.#input.length) {
      this.#width = 0;
      return EOF;
    }
    const cp = this.#input.codePointAt(this.#pos) as number;
    this.#width = cp > 0xffff ? 2 : 1;
    this.#pos += this.#width;
    this.#cols++;
    return this.#input.slice(this.#pos - this.#width, this.#pos);
  }

  // Steps back over the last character read; at the end of input there is nothing to step over.
  #rewind(): void {
    this.#pos -= this.#width;
    if (this.#width > 0) this.#cols--;
  }

  #skip(): void {
    this.#start = this.#pos;
    this.#column = this.#cols;
  }

  #text(): string {
    return this.#input.slice(this.#start, this.#pos);
  }

  #columns(): string {
    return `${this.#column}:${this.#cols}`;
  }

  #position(): MatcherErrorPosition {
    return { columnStart: this.#column, columnEnd: this.#cols };
  }
}
