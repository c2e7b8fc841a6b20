/**
 * Go's encoding/json syntax check (checkValid): the first syntax error of a JSON text with Go's
 * message, e.g. `invalid character 'b' looking for beginning of object key string`.
 */
import { goQuote } from './engine/index.ts';

class SyntaxFailure extends Error {}

function quoteChar(c: string): string {
  if (c === "'") return "'\\''";
  if (c === '"') return '\'"\'';
  const q = goQuote(c);
  return "'" + q.slice(1, -1) + "'";
}

const isWs = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r';
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

class Scanner {
  private i = 0;

  constructor(private readonly s: string) {}

  private peek(): string | undefined {
    const cp = this.s.codePointAt(this.i);
    return cp === undefined ? undefined : String.fromCodePoint(cp);
  }

  private fail(context: string): never {
    const c = this.peek();
    if (c === undefined) throw new SyntaxFailure('unexpected end of JSON input');
    throw new SyntaxFailure(`invalid character ${quoteChar(c)} ${context}`);
  }

  private skipWs(): void {
    while (isWs(this.s[this.i])) this.i++;
  }

  run(): void {
    this.skipWs();
    this.value('looking for beginning of value');
    this.skipWs();
    if (this.i < this.s.length) this.fail('after top-level value');
  }

  private value(context: string): void {
    const c = this.s[this.i];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    if (c === '-' || isDigit(c)) return this.number();
    if (c === 't') return this.literal('true');
    if (c === 'f') return this.literal('false');
    if (c === 'n') return this.literal('null');
    this.fail(context);
  }

  private object(): void {
    this.elements('}', 'after object key:value pair', () => {
      if (this.s[this.i] !== '"') this.fail('looking for beginning of object key string');
      this.string();
      this.skipWs();
      if (this.s[this.i] !== ':') this.fail('after object key');
      this.i++;
      this.skipWs();
      this.value('looking for beginning of value');
    });
  }

  private array(): void {
    this.elements(']', 'after array element', () => this.value('looking for beginning of value'));
  }

  /** An object's or array's elements, from its opening bracket through `close`. */
  private elements(close: '}' | ']', afterElement: string, element: () => void): void {
    this.i++;
    this.skipWs();
    if (this.s[this.i] === close) {
      this.i++;
      return;
    }
    for (;;) {
      element();
      this.skipWs();
      if (this.s[this.i] === ',') {
        this.i++;
        this.skipWs();
        continue;
      }
      if (this.s[this.i] === close) {
        this.i++;
        return;
      }
      this.fail(afterElement);
    }
  }

  private string(): void {
    this.i++;
    for (;;) {
      const c = this.s[this.i];
      if (c === undefined) this.fail('');
      if (c === '"') {
        this.i++;
        return;
      }
      if (c === '\\') {
        this.i++;
        const e = this.s[this.i];
        if (e === 'u') {
          this.i++;
          for (let k = 0; k < 4; k++, this.i++) {
            if (!/[0-9a-fA-F]/.test(this.s[this.i] ?? '')) this.fail('in \\u hexadecimal character escape');
          }
          continue;
        }
        if (e === undefined || !'"\\/bfnrt'.includes(e)) this.fail('in string escape code');
        this.i++;
        continue;
      }
      if (c < ' ') this.fail('in string literal');
      this.i += (this.s.codePointAt(this.i) ?? 0) > 0xffff ? 2 : 1;
    }
  }

  private number(): void {
    if (this.s[this.i] === '-') {
      this.i++;
      if (!isDigit(this.s[this.i])) this.fail('in numeric literal');
    }
    if (this.s[this.i] === '0') this.i++;
    else while (isDigit(this.s[this.i])) this.i++;
    if (this.s[this.i] === '.') {
      this.i++;
      if (!isDigit(this.s[this.i])) this.fail('after decimal point in numeric literal');
      while (isDigit(this.s[this.i])) this.i++;
    }
    if (this.s[this.i] === 'e' || this.s[this.i] === 'E') {
      this.i++;
      if (this.s[this.i] === '+' || this.s[this.i] === '-') this.i++;
      if (!isDigit(this.s[this.i])) this.fail('in exponent of numeric literal');
      while (isDigit(this.s[this.i])) this.i++;
    }
  }

  private literal(word: string): void {
    for (let k = 0; k < word.length; k++, this.i++) {
      if (this.s[this.i] !== word[k]) this.fail(`in literal ${word} (expecting ${quoteChar(word[k] as string)})`);
    }
  }
}

/** The message of Go's first JSON syntax error in `text`, or undefined when it is valid JSON. */
export function goJsonSyntaxError(text: string): string | undefined {
  try {
    new Scanner(text).run();
    return undefined;
  } catch (e) {
    if (e instanceof SyntaxFailure) return e.message;
    throw e;
  }
}
