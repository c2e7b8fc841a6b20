import type { ApiMatcher, LabelSet } from './types.ts';

export type Operator = '=' | '!=' | '=~' | '!~';
export const OPERATORS: readonly Operator[] = ['=', '!=', '=~', '!~'];

export interface Matcher {
  name: string;
  op: Operator;
  value: string;
}

const PLAIN_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

/** `name="value"` as Alertmanager prints a matcher (names quoted when they need it). */
export function formatMatcher(m: Matcher): string {
  const name = PLAIN_NAME.test(m.name) ? m.name : quote(m.name);
  return `${name}${m.op}${quote(m.value)}`;
}

export function formatMatchers(ms: readonly Matcher[]): string {
  return `{${ms.map(formatMatcher).join(', ')}}`;
}

function quote(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/** Thrown for input that is not a matcher; the message says where. */
export class MatcherSyntaxError extends Error {
  override readonly name = 'MatcherSyntaxError';
}

/**
 * Parses `a="b"`, `a=~b.*`, `{a="b", c!="d"}` or `a="b",c="d"`: Alertmanager's UTF-8 syntax (quoted or
 * bare tokens), which also covers the classic syntax users type. Regexes are checked for validity.
 */
export function parseMatchers(input: string): Matcher[] {
  let s = input.trim();
  if (s.startsWith('{')) {
    if (!s.endsWith('}')) throw new MatcherSyntaxError('missing closing "}"');
    s = s.slice(1, -1);
  } else if (s.endsWith('}')) {
    throw new MatcherSyntaxError('missing opening "{"');
  }
  const lexer = new Lexer(s);
  const out: Matcher[] = [];
  while (!lexer.done()) {
    out.push(lexer.matcher());
    if (lexer.done()) break;
    lexer.expect(',');
    if (lexer.done()) break; // one trailing comma is allowed
  }
  return out;
}

const RESERVED = new Set([...'{}!=~,\\"\'`']);

class Lexer {
  #pos = 0;
  constructor(readonly src: string) {}

  done(): boolean {
    this.#skipSpace();
    return this.#pos >= this.src.length;
  }

  expect(ch: string): void {
    this.#skipSpace();
    if (this.src[this.#pos] !== ch) throw new MatcherSyntaxError(`expected "${ch}" at position ${this.#pos + 1}`);
    this.#pos++;
  }

  matcher(): Matcher {
    const name = this.#token('label name');
    if (name === '') throw new MatcherSyntaxError('label name must not be empty');
    this.#skipSpace();
    const op = OPERATORS.slice()
      .sort((a, b) => b.length - a.length)
      .find((o) => this.src.startsWith(o, this.#pos));
    if (op === undefined) throw new MatcherSyntaxError(`expected an operator (=, !=, =~, !~) after "${name}"`);
    this.#pos += op.length;
    const value = this.#token('value');
    if (op === '=~' || op === '!~') {
      const err = regexError(value);
      if (err !== undefined) throw new MatcherSyntaxError(`invalid regular expression "${value}": ${err}`);
    }
    return { name, op, value };
  }

  #skipSpace(): void {
    while (this.#pos < this.src.length && /\s/.test(this.src[this.#pos] as string)) this.#pos++;
  }

  #token(what: string): string {
    this.#skipSpace();
    if (this.src[this.#pos] === '"') return this.#quoted();
    const start = this.#pos;
    while (this.#pos < this.src.length) {
      const ch = this.src[this.#pos] as string;
      if (RESERVED.has(ch) || /\s/.test(ch)) break;
      this.#pos++;
    }
    if (this.#pos === start && what === 'value') throw new MatcherSyntaxError('a value is required (use "" for empty)');
    return this.src.slice(start, this.#pos);
  }

  #quoted(): string {
    let out = '';
    this.#pos++;
    while (this.#pos < this.src.length) {
      const ch = this.src[this.#pos++] as string;
      if (ch === '"') return out;
      if (ch === '\\') {
        const next = this.src[this.#pos++];
        out += next === 'n' ? '\n' : next === 't' ? '\t' : (next ?? '');
      } else {
        out += ch;
      }
    }
    throw new MatcherSyntaxError('unterminated quoted string');
  }
}

const regexCache = new Map<string, RegExp | Error>();

/**
 * An RE2 pattern as a JavaScript RegExp anchored like Alertmanager's `^(?:re)$`. Leading inline
 * flags `(?i)`/`(?s)` become RegExp flags; the rest of RE2's syntax used in practice is shared.
 */
export function compileRegex(pattern: string): RegExp {
  let compiled = regexCache.get(pattern);
  if (compiled === undefined) {
    const flagged = /^\(\?([is]+)\)/.exec(pattern);
    const body = flagged ? pattern.slice(flagged[0].length) : pattern;
    const flags = flagged?.[1] ?? '';
    try {
      compiled = new RegExp(`^(?:${body})$`, `${flags}u`);
    } catch {
      try {
        compiled = new RegExp(`^(?:${body})$`, flags);
      } catch (err) {
        compiled = err as Error;
      }
    }
    regexCache.set(pattern, compiled);
  }
  if (compiled instanceof Error) throw compiled;
  return compiled;
}

function regexError(pattern: string): string | undefined {
  try {
    compileRegex(pattern);
    return undefined;
  } catch (err) {
    return (err as Error).message.replace(/^Invalid regular expression: /, '');
  }
}

/** Alertmanager's semantics: a missing label is the empty string. */
export function matches(m: Matcher, labels: LabelSet): boolean {
  const v = labels[m.name] ?? '';
  switch (m.op) {
    case '=':
      return v === m.value;
    case '!=':
      return v !== m.value;
    case '=~':
      return compileRegex(m.value).test(v);
    case '!~':
      return !compileRegex(m.value).test(v);
  }
}

export function matchesAll(ms: readonly Matcher[], labels: LabelSet): boolean {
  return ms.every((m) => matches(m, labels));
}

export function fromApi(m: ApiMatcher): Matcher {
  const equal = m.isEqual ?? true;
  return { name: m.name, value: m.value, op: m.isRegex ? (equal ? '=~' : '!~') : equal ? '=' : '!=' };
}

export function toApi(m: Matcher): ApiMatcher {
  return { name: m.name, value: m.value, isRegex: m.op === '=~' || m.op === '!~', isEqual: m.op === '=' || m.op === '=~' };
}

/** Matchers selecting exactly this label set (for "silence this alert"). */
export function matchersFor(labels: LabelSet): Matcher[] {
  return Object.keys(labels)
    .sort()
    .map((name) => ({ name, op: '=' as const, value: labels[name] as string }));
}
