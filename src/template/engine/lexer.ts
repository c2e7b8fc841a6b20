/**
 * Lexer for Go template text: splits text and actions into tokens.
 */
import { goQuote } from './strconv.ts';

/** Token types. Keywords come after `Keyword` in the enum. */
export enum Tok {
  Error,
  Bool,
  Char,
  CharConstant,
  Comment,
  Complex,
  Assign,
  Declare,
  EOF,
  Field,
  Identifier,
  LeftDelim,
  LeftParen,
  Number,
  Pipe,
  RawString,
  RightDelim,
  RightParen,
  Space,
  String,
  Text,
  Variable,
  Keyword,
  Block,
  Break,
  Continue,
  Dot,
  Define,
  Else,
  End,
  If,
  Nil,
  Range,
  Template,
  With,
}

/** A lexical token. `pos` is a UTF-16 index into the template text; `line` is 1-based. */
export interface Token {
  readonly type: Tok;
  readonly pos: number;
  readonly val: string;
  readonly line: number;
}

const KEYWORDS: ReadonlyMap<string, Tok> = new Map([
  ['.', Tok.Dot],
  ['block', Tok.Block],
  ['break', Tok.Break],
  ['continue', Tok.Continue],
  ['define', Tok.Define],
  ['else', Tok.Else],
  ['end', Tok.End],
  ['if', Tok.If],
  ['range', Tok.Range],
  ['nil', Tok.Nil],
  ['template', Tok.Template],
  ['with', Tok.With],
]);

/** Options of the lexer. */
export interface LexOptions {
  readonly leftDelim?: string;
  readonly rightDelim?: string;
  /** Emit comment tokens (the parser drops them otherwise). */
  readonly emitComments?: boolean;
  /** `break`/`continue` are keywords unless a function of that name exists. */
  readonly breakOK?: boolean;
  readonly continueOK?: boolean;
}

const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\r' || c === '\n';

const ALNUM = /[\p{L}\p{Nd}_]/u;
function isAlphaNumeric(c: string | undefined): boolean {
  if (c === undefined) return false;
  const code = c.charCodeAt(0);
  if (code < 0x80) {
    return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
  }
  return ALNUM.test(c);
}

const SPACE_CHARS = ' \t\r\n';
const TRIM = '-';

/** Formats a code point as Go's `%#U` does: `U+0041 'A'`. */
function formatCodePointU(cp: number): string {
  const hex = cp.toString(16).toUpperCase().padStart(4, '0');
  return `U+${hex} '${String.fromCodePoint(cp)}'`;
}

/** Tokenizes a whole template. The token list ends with an EOF or an Error token. */
export function lex(input: string, opts: LexOptions = {}): Token[] {
  return new Lexer(input, opts).run();
}

class Lexer {
  private readonly left: string;
  private readonly right: string;
  private readonly tokens: Token[] = [];
  private pos = 0;
  private start = 0;
  private line = 1;
  private startLine = 1;
  private parenDepth = 0;

  constructor(
    private readonly input: string,
    private readonly opts: LexOptions,
  ) {
    this.left = opts.leftDelim || '{{';
    this.right = opts.rightDelim || '}}';
  }

  run(): Token[] {
    let state: (() => boolean) | undefined = () => this.lexText();
    // Each state returns true to continue in "text" mode, false when finished.
    while (state !== undefined) {
      state = state() ? () => this.lexText() : undefined;
    }
    return this.tokens;
  }

  private emit(type: Tok): void {
    this.tokens.push({ type, pos: this.start, val: this.input.slice(this.start, this.pos), line: this.startLine });
    this.ignore();
  }

  private ignore(): void {
    this.line += countNewlines(this.input, this.start, this.pos);
    this.start = this.pos;
    this.startLine = this.line;
  }

  private error(msg: string): false {
    this.tokens.push({ type: Tok.Error, pos: this.start, val: msg, line: this.startLine });
    return false;
  }

  private peekChar(): string | undefined {
    if (this.pos >= this.input.length) return undefined;
    const cp = this.input.codePointAt(this.pos) ?? 0;
    return String.fromCodePoint(cp);
  }

  private nextChar(): string | undefined {
    const c = this.peekChar();
    if (c !== undefined) this.pos += c.length;
    return c;
  }

  private hasLeftTrim(at: number): boolean {
    return this.input[at] === TRIM && isSpace(this.input[at + 1]);
  }

  private hasRightTrim(at: number): boolean {
    return isSpace(this.input[at]) && this.input[at + 1] === TRIM;
  }

  private atRightDelim(): { delim: boolean; trim: boolean } {
    if (this.hasRightTrim(this.pos) && this.input.startsWith(this.right, this.pos + 2)) return { delim: true, trim: true };
    if (this.input.startsWith(this.right, this.pos)) return { delim: true, trim: false };
    return { delim: false, trim: false };
  }

  private lexText(): boolean {
    const x = this.input.indexOf(this.left, this.pos);
    if (x < 0) {
      this.pos = this.input.length;
      if (this.pos > this.start) this.emit(Tok.Text);
      this.emit(Tok.EOF);
      return false;
    }
    this.pos = x;
    let trimLength = 0;
    if (this.hasLeftTrim(x + this.left.length)) {
      let i = x;
      while (i > this.start && SPACE_CHARS.includes(this.input[i - 1] ?? '')) i--;
      trimLength = x - i;
    }
    this.pos -= trimLength;
    if (this.pos > this.start) this.emit(Tok.Text);
    this.pos += trimLength;
    this.ignore();
    return this.lexLeftDelim();
  }

  private lexLeftDelim(): boolean {
    this.pos += this.left.length;
    const afterMarker = this.hasLeftTrim(this.pos) ? 2 : 0;
    if (this.input.startsWith('/*', this.pos + afterMarker)) {
      this.pos += afterMarker;
      this.ignore();
      return this.lexComment();
    }
    this.emit(Tok.LeftDelim);
    this.pos += afterMarker;
    this.ignore();
    this.parenDepth = 0;
    return this.lexInsideAction();
  }

  private lexComment(): boolean {
    this.pos += 2;
    const i = this.input.indexOf('*/', this.pos);
    if (i < 0) return this.error('unclosed comment');
    this.pos = i + 2;
    const { delim, trim } = this.atRightDelim();
    if (!delim) return this.error('comment ends before closing delimiter');
    if (this.opts.emitComments === true) this.emit(Tok.Comment);
    if (trim) this.pos += 2;
    this.pos += this.right.length;
    if (trim) this.skipLeadingSpace();
    this.ignore();
    return true;
  }

  private skipLeadingSpace(): void {
    while (this.pos < this.input.length && isSpace(this.input[this.pos])) this.pos++;
  }

  private lexRightDelim(): boolean {
    const trim = this.hasRightTrim(this.pos);
    if (trim) {
      this.pos += 2;
      this.ignore();
    }
    this.pos += this.right.length;
    this.emit(Tok.RightDelim);
    if (trim) {
      this.skipLeadingSpace();
      this.ignore();
    }
    return true;
  }

  private lexInsideAction(): boolean {
    for (;;) {
      if (this.atRightDelim().delim) {
        if (this.parenDepth === 0) return this.lexRightDelim();
        return this.error('unclosed left paren');
      }
      const r = this.nextChar();
      if (r === undefined) return this.error('unclosed action');
      if (isSpace(r)) {
        this.pos--;
        if (!this.lexSpace()) return this.lexRightDelim();
        continue;
      }
      switch (r) {
        case '=':
          this.emit(Tok.Assign);
          continue;
        case ':':
          if (this.nextChar() !== '=') return this.error('expected :=');
          this.emit(Tok.Declare);
          continue;
        case '|':
          this.emit(Tok.Pipe);
          continue;
        case '"':
          if (!this.lexQuote('"', 'unterminated quoted string')) return false;
          this.emit(Tok.String);
          continue;
        case '`':
          if (!this.lexRawQuote()) return false;
          continue;
        case '$':
          if (!this.lexVariable()) return false;
          continue;
        case "'":
          if (!this.lexQuote("'", 'unterminated character constant')) return false;
          this.emit(Tok.CharConstant);
          continue;
        case '(':
          this.emit(Tok.LeftParen);
          this.parenDepth++;
          continue;
        case ')':
          this.emit(Tok.RightParen);
          this.parenDepth--;
          if (this.parenDepth < 0) return this.error(`unexpected right paren ${formatCodePointU(41)}`);
          continue;
        default:
          break;
      }
      if (r === '.') {
        const c = this.input[this.pos];
        if (c === undefined || c < '0' || c > '9') {
          if (!this.lexFieldOrVariable(Tok.Field)) return false;
          continue;
        }
      }
      if (r === '.' || r === '+' || r === '-' || (r >= '0' && r <= '9')) {
        this.pos--;
        if (!this.lexNumber()) return false;
        continue;
      }
      if (isAlphaNumeric(r)) {
        this.pos -= r.length;
        if (!this.lexIdentifier()) return false;
        continue;
      }
      const cp = r.codePointAt(0) ?? 0;
      if (cp < 0x7f && cp >= 0x20) {
        this.emit(Tok.Char);
        continue;
      }
      return this.error(`unrecognized character in action: ${formatCodePointU(cp)}`);
    }
  }

  /** Scans spaces; returns false when they are the single space of a ` -}}` trim marker. */
  private lexSpace(): boolean {
    let n = 0;
    while (isSpace(this.input[this.pos])) {
      this.pos++;
      n++;
    }
    if (this.hasRightTrim(this.pos - 1) && this.input.startsWith(this.right, this.pos + 1)) {
      this.pos--;
      if (n === 1) return false;
    }
    this.emit(Tok.Space);
    return true;
  }

  private atTerminator(): boolean {
    const r = this.input[this.pos];
    if (r === undefined || isSpace(r)) return true;
    switch (r) {
      case '.':
      case ',':
      case '|':
      case ':':
      case ')':
      case '(':
        return true;
      default:
        return this.input.startsWith(this.right, this.pos);
    }
  }

  private badChar(): false {
    const cp = this.input.codePointAt(this.pos);
    return this.error(`bad character ${cp === undefined ? 'U+FFFFFFFF' : formatCodePointU(cp)}`);
  }

  private lexIdentifier(): boolean {
    while (isAlphaNumeric(this.peekChar())) this.nextChar();
    if (!this.atTerminator()) return this.badChar();
    const word = this.input.slice(this.start, this.pos);
    const kw = KEYWORDS.get(word);
    if (kw !== undefined) {
      if ((kw === Tok.Break && this.opts.breakOK === false) || (kw === Tok.Continue && this.opts.continueOK === false)) {
        this.emit(Tok.Identifier);
      } else {
        this.emit(kw);
      }
    } else if (word === 'true' || word === 'false') {
      this.emit(Tok.Bool);
    } else {
      this.emit(Tok.Identifier);
    }
    return true;
  }

  private lexVariable(): boolean {
    if (this.atTerminator()) {
      this.emit(Tok.Variable);
      return true;
    }
    return this.lexFieldOrVariable(Tok.Variable);
  }

  private lexFieldOrVariable(type: Tok): boolean {
    if (this.atTerminator()) {
      this.emit(type === Tok.Variable ? Tok.Variable : Tok.Dot);
      return true;
    }
    while (isAlphaNumeric(this.peekChar())) this.nextChar();
    if (!this.atTerminator()) return this.badChar();
    this.emit(type);
    return true;
  }

  private lexQuote(quote: string, unterminated: string): boolean {
    for (;;) {
      const c = this.input[this.pos++];
      if (c === '\\') {
        const r = this.input[this.pos++];
        if (r !== undefined && r !== '\n') continue;
        return this.error(unterminated);
      }
      if (c === undefined || c === '\n') return this.error(unterminated);
      if (c === quote) return true;
    }
  }

  private lexRawQuote(): boolean {
    const end = this.input.indexOf('`', this.pos);
    if (end < 0) return this.error('unterminated raw quoted string');
    this.pos = end + 1;
    this.emit(Tok.RawString);
    return true;
  }

  private lexNumber(): boolean {
    if (!this.scanNumber()) return this.error(`bad number syntax: ${goQuote(this.input.slice(this.start, this.pos))}`);
    const sign = this.input[this.pos];
    if (sign === '+' || sign === '-') {
      if (!this.scanNumber() || this.input[this.pos - 1] !== 'i') {
        return this.error(`bad number syntax: ${goQuote(this.input.slice(this.start, this.pos))}`);
      }
      this.emit(Tok.Complex);
    } else {
      this.emit(Tok.Number);
    }
    return true;
  }

  private accept(valid: string): boolean {
    const c = this.input[this.pos];
    if (c !== undefined && valid.includes(c)) {
      this.pos++;
      return true;
    }
    return false;
  }

  private acceptRun(valid: string): void {
    while (this.accept(valid));
  }

  private scanNumber(): boolean {
    this.accept('+-');
    let digits = '0123456789_';
    if (this.accept('0')) {
      if (this.accept('xX')) digits = '0123456789abcdefABCDEF_';
      else if (this.accept('oO')) digits = '01234567_';
      else if (this.accept('bB')) digits = '01_';
    }
    this.acceptRun(digits);
    if (this.accept('.')) this.acceptRun(digits);
    if (digits.length === 11 && this.accept('eE')) {
      this.accept('+-');
      this.acceptRun('0123456789_');
    }
    if (digits.length === 23 && this.accept('pP')) {
      this.accept('+-');
      this.acceptRun('0123456789_');
    }
    this.accept('i');
    if (isAlphaNumeric(this.peekChar())) {
      this.nextChar();
      return false;
    }
    return true;
  }
}

function countNewlines(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = s.indexOf('\n', from); i >= 0 && i < to; i = s.indexOf('\n', i + 1)) n++;
  return n;
}
