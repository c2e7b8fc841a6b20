/**
 * Label matchers as Alertmanager's `pkg/labels`: equality and RE2 regex matching, printing and
 * ordering.
 */

import { RE2JS } from 're2js';
import { goQuote } from './go-quote.ts';
import { compareGoStrings } from './go-string.ts';
import type { LabelSet } from './label-set.ts';

/** The four match operators, in Alertmanager's order (which matters for sorting). */
export type MatchType = '=' | '!=' | '=~' | '!~';

const TYPE_ORDER: readonly MatchType[] = ['=', '!=', '=~', '!~'];

// Characters that cannot appear unquoted in the UTF-8 matcher syntax: whitespace (Go's
// unicode.IsSpace is the White_Space property) and `{}!=~,\"'` and backtick.
const RESERVED = /[\p{White_Space}{}!=~,\\"'`]/u;

/** Reports whether a character may not appear unquoted in the UTF-8 matcher syntax. */
export function isReservedChar(ch: string): boolean {
  return RESERVED.test(ch);
}

const REGEX_CACHE_LIMIT = 10_000;
const regexCache = new Map<string, AnchoredRegex>();
const MEMO_LIMIT = 4096;

/**
 * An anchored RE2 regex that remembers its latest answers: routes and silences test the same
 * few label values (teams, severities, namespaces) again and again, and a lookup costs a small
 * fraction of running re2js. The memo starts over when full, so unique values cannot grow it.
 */
class AnchoredRegex {
  readonly #re: RE2JS;
  #memo = new Map<string, boolean>();

  constructor(re: RE2JS) {
    this.#re = re;
  }

  matches(v: string): boolean {
    let matched = this.#memo.get(v);
    if (matched === undefined) {
      matched = this.#re.matches(v);
      if (this.#memo.size >= MEMO_LIMIT) this.#memo = new Map();
      this.#memo.set(v, matched);
    }
    return matched;
  }
}

// Compiles `^(?:value)$` once per distinct value; the cache is bounded because API filters come
// from users.
function compileAnchored(value: string): AnchoredRegex {
  let re = regexCache.get(value);
  if (re === undefined) {
    try {
      re = new AnchoredRegex(RE2JS.compile(`^(?:${value})$`));
    } catch (err) {
      throw new SyntaxError((err as Error).message, { cause: err });
    }
    if (regexCache.size >= REGEX_CACHE_LIMIT) regexCache.delete(regexCache.keys().next().value as string);
    regexCache.set(value, re);
  }
  return re;
}

/**
 * A label value as the Prometheus and OpenMetrics text formats write it between quotes: only
 * backslash, newline and double quote are escaped.
 */
export function openMetricsEscape(s: string): string {
  return s.replace(/[\\\n"]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`));
}

/** A single label matcher such as `severity=~"crit|warn"`. Create one with {@link Matcher.create}. */
export class Matcher {
  readonly name: string;
  readonly type: MatchType;
  readonly value: string;
  readonly #re: AnchoredRegex | undefined;

  private constructor(name: string, type: MatchType, value: string, re: AnchoredRegex | undefined) {
    this.name = name;
    this.type = type;
    this.value = value;
    this.#re = re;
  }

  /**
   * Creates a matcher. Regex values are RE2 and anchored as `^(?:value)$`.
   * @throws {SyntaxError} for an invalid regex, with Go's message, e.g.
   *   ``error parsing regexp: missing closing ): `^(?:()$` ``.
   */
  static create(name: string, type: MatchType, value: string): Matcher {
    const re = type === '=~' || type === '!~' ? compileAnchored(value) : undefined;
    return new Matcher(name, type, value, re);
  }

  /** Whether a label value (the empty string for a missing label) satisfies the matcher. */
  matches(v: string): boolean {
    switch (this.type) {
      case '=':
        return v === this.value;
      case '!=':
        return v !== this.value;
      case '=~':
        return (this.#re as AnchoredRegex).matches(v);
      case '!~':
        return !(this.#re as AnchoredRegex).matches(v);
    }
  }

  /**
   * Prints the matcher as Alertmanager's `Matcher.String()`: `name="value"` with OpenMetrics
   * escaping, or both parts Go-quoted when the name holds characters the UTF-8 syntax reserves.
   */
  toString(): string {
    if (RESERVED.test(this.name)) return `${goQuote(this.name)}${this.type}${goQuote(this.value)}`;
    return `${this.name}${this.type}"${openMetricsEscape(this.value)}"`;
  }
}

/** Whether every matcher matches the label set; a missing label counts as the empty string. */
export function matchesLabels(matchers: readonly Matcher[], ls: LabelSet): boolean {
  for (const m of matchers) {
    if (!m.matches(Object.hasOwn(ls, m.name) ? (ls[m.name] as string) : '')) return false;
  }
  return true;
}

/** Prints matchers as Alertmanager's `Matchers.String()`: `{a="b",c=~"d"}`, in the given order. */
export function matchersToString(matchers: readonly Matcher[]): string {
  return `{${matchers.map((m) => m.toString()).join(',')}}`;
}

/** Orders matchers as Alertmanager's `Matchers.Less`: by name, then value, then operator. */
export function compareMatchers(a: Matcher, b: Matcher): number {
  return (
    compareGoStrings(a.name, b.name) ||
    compareGoStrings(a.value, b.value) ||
    TYPE_ORDER.indexOf(a.type) - TYPE_ORDER.indexOf(b.type)
  );
}

/** A sorted copy, as config loading sorts route and inhibit matchers (`sort.Sort(labels.Matchers)`). */
export function sortMatchers(matchers: readonly Matcher[]): Matcher[] {
  return [...matchers].sort(compareMatchers);
}
