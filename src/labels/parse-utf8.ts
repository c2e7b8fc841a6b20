/**
 * The UTF-8 matcher parser (Alertmanager 0.27+ `matcher/parse/parse.go`): names and values are
 * either unquoted runs of non-reserved characters or double-quoted Go string literals, so any
 * UTF-8 label name can be written. Braces are optional but must balance; one trailing comma is
 * allowed; the value is required (`foo=""`, not `foo=`).
 */

import { goUnquote } from './go-quote.ts';
import { Matcher, type MatchType } from './matcher.ts';
import { MatcherParseError } from './parse-error.ts';
import { LexError, Lexer, type Token, type TokenKind } from './utf8-lexer.ts';

type State = () => State | null;

/** Raised where Go returns its `errEOF` sentinel: the input ended before a token. */
class EndOfInput extends LexError {
  constructor() {
    super('end of input');
  }
}

const OPERATORS: Readonly<Partial<Record<TokenKind, MatchType>>> = {
  equals: '=',
  notEquals: '!=',
  matches: '=~',
  notMatches: '!~',
};

function wrap(err: unknown, reason: string): LexError {
  if (!(err instanceof LexError)) throw err;
  return new LexError(`${err.message}: ${reason}`, err.position);
}

function unquote(t: Token): string {
  if (t.kind !== 'quoted') return t.value;
  try {
    return goUnquote(t.value);
  } catch {
    throw new LexError(`${t.columnStart}:${t.columnEnd}: ${t.value}: invalid input`, t);
  }
}

class Parser {
  readonly matchers: Matcher[] = [];
  readonly #lexer: Lexer;
  #hasOpenBrace = false;

  constructor(input: string) {
    this.#lexer = new Lexer(input);
  }

  parse(): Matcher[] {
    for (let state: State | null = this.#openBrace; state !== null; ) state = state();
    return this.matchers;
  }

  #openBrace: State = () => {
    try {
      this.#hasOpenBrace = this.#accept('openBrace');
    } catch (err) {
      if (err instanceof EndOfInput) return this.#eof;
      throw err;
    }
    try {
      return this.#acceptPeek('closeBrace') ? this.#closeBrace : this.#matcher;
    } catch (err) {
      // Without input after the open brace, the close-brace state reports the missing brace.
      if (err instanceof EndOfInput) return this.#closeBrace;
      throw err;
    }
  };

  #closeBrace: State = () => {
    if (this.#hasOpenBrace) {
      try {
        this.#expect('closeBrace');
      } catch (err) {
        const at = this.#lexer.columnEnd;
        throw new LexError(`0:${at}: ${wrap(err, 'expected close brace').message}`, { columnStart: 0, columnEnd: at });
      }
      return this.#eof;
    }
    let found = false;
    try {
      this.#expect('closeBrace');
      found = true;
    } catch {
      // No close brace, as there was no open one; anything else is reported by the EOF state.
    }
    if (found) {
      const at = this.#lexer.columnEnd;
      throw new LexError(`0:${at}: }: expected opening brace`, { columnStart: 0, columnEnd: at });
    }
    return this.#eof;
  };

  #matcher: State = () => {
    let t: Token;
    try {
      t = this.#expect('quoted', 'unquoted');
    } catch (err) {
      throw wrap(err, 'expected label name');
    }
    const name = unquote(t);
    try {
      t = this.#expect('equals', 'notEquals', 'matches', 'notMatches');
    } catch (err) {
      throw wrap(err, "expected an operator such as '=', '!=', '=~' or '!~'");
    }
    const type = OPERATORS[t.kind] as MatchType;
    try {
      t = this.#expect('unquoted', 'quoted');
    } catch (err) {
      throw wrap(err, 'expected label value');
    }
    const value = unquote(t);
    try {
      this.matchers.push(Matcher.create(name, type, value));
    } catch (err) {
      throw new LexError(`failed to create matcher: ${(err as Error).message}`);
    }
    return this.#endOfMatcher;
  };

  #endOfMatcher: State = () => {
    let t: Token;
    try {
      t = this.#expectPeek('comma', 'closeBrace');
    } catch (err) {
      if (err instanceof EndOfInput) return this.#closeBrace;
      throw wrap(err, 'expected a comma or close brace');
    }
    return t.kind === 'comma' ? this.#comma : this.#closeBrace;
  };

  #comma: State = () => {
    try {
      this.#expect('comma');
    } catch (err) {
      throw wrap(err, 'expected a comma');
    }
    let t: Token;
    try {
      t = this.#expectPeek('closeBrace', 'unquoted', 'quoted');
    } catch (err) {
      if (err instanceof EndOfInput) return this.#closeBrace;
      throw wrap(err, 'expected a matcher or close brace after comma');
    }
    return t.kind === 'closeBrace' ? this.#closeBrace : this.#matcher;
  };

  #eof: State = () => {
    let t: Token;
    try {
      t = this.#lexer.scan();
    } catch (err) {
      throw wrap(err, 'expected end of input');
    }
    if (t.kind !== 'eof') throw new LexError(`${t.columnStart}:${t.columnEnd}: ${t.value}: expected end of input`, t);
    return null;
  };

  #acceptPeek(...kinds: TokenKind[]): boolean {
    const t = this.#lexer.peek();
    if (t.kind === 'eof') throw new EndOfInput();
    return kinds.includes(t.kind);
  }

  #accept(...kinds: TokenKind[]): boolean {
    const ok = this.#acceptPeek(...kinds);
    if (ok) this.#lexer.scan();
    return ok;
  }

  #expectPeek(...kinds: TokenKind[]): Token {
    const t = this.#lexer.peek();
    if (t.kind === 'eof') throw new EndOfInput();
    if (!kinds.includes(t.kind)) throw new LexError(`${t.columnStart}:${t.columnEnd}: unexpected ${t.value}`, t);
    return t;
  }

  #expect(...kinds: TokenKind[]): Token {
    const t = this.#expectPeek(...kinds);
    this.#lexer.scan();
    return t;
  }
}

/**
 * Parses zero or more matchers with the UTF-8 syntax, e.g. `{foo="bar", "a b"=~"c.*",}`.
 * @throws {MatcherParseError} with Alertmanager's message and the columns it points at.
 */
export function parseUtf8Matchers(input: string): Matcher[] {
  try {
    return new Parser(input).parse();
  } catch (err) {
    if (!(err instanceof LexError)) throw err;
    const position = err.position && { columnStart: err.position.columnStart, columnEnd: err.position.columnEnd };
    throw new MatcherParseError(err.message, input, position);
  }
}

/**
 * Parses exactly one matcher with the UTF-8 syntax.
 * @throws {MatcherParseError} also for `no matchers` and `expected 1 matcher, found N`.
 */
export function parseUtf8Matcher(input: string): Matcher {
  const matchers = parseUtf8Matchers(input);
  if (matchers.length === 1) return matchers[0] as Matcher;
  throw new MatcherParseError(
    matchers.length === 0 ? 'no matchers' : `expected 1 matcher, found ${matchers.length}`,
    input,
  );
}
