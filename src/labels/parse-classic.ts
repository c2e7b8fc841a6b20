/**
 * The classic matcher parser (Alertmanager `pkg/labels/parse.go`): PromQL-style label names,
 * values optionally double-quoted with OpenMetrics escapes, and a tolerant treatment of the rest.
 */

import { isValidUtf8 } from './go-string.ts';
import { Matcher, type MatchType } from './matcher.ts';
import { MatcherParseError } from './parse-error.ts';

// Go's regexp `\s` is ASCII only: [\t\n\f\r ]. `=~` comes before `=` so the `~` is not left over.
const MATCHER_RE = /^[\t\n\f\r ]*([a-zA-Z_:][a-zA-Z0-9_:]*)[\t\n\f\r ]*(=~|=|!=|!~)[\t\n\f\r ]*([^]*?)[\t\n\f\r ]*$/;
// Go's strings.TrimSpace trims the Unicode White_Space property.
const LEADING_SPACE = /^\p{White_Space}+/u;
const TRAILING_SPACE = /\p{White_Space}+$/u;

function fail(message: string, input: string, cause?: unknown): never {
  throw new MatcherParseError(message, input, undefined, cause === undefined ? undefined : { cause });
}

/**
 * Parses one matcher such as `foo = "bar"` or `foo=~bar.*` with the classic syntax.
 * @throws {MatcherParseError} with Alertmanager's message.
 */
export function parseClassicMatcher(input: string): Matcher {
  return parseToken(input, input);
}

function parseToken(token: string, input: string): Matcher {
  const m = MATCHER_RE.exec(token);
  if (m === null) fail(`bad matcher format: ${token}`, input);
  const [, name, type, rawMatch] = m as unknown as [string, string, MatchType, string];
  let raw = rawMatch;
  let expectTrailingQuote = false;
  if (raw.startsWith('"')) {
    raw = raw.slice(1);
    expectTrailingQuote = true;
  }
  if (!isValidUtf8(raw)) fail(`matcher value not valid UTF-8: ${rawMatch}`, input);

  let value = '';
  let escaped = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i] as string;
    if (escaped) {
      escaped = false;
      // A backslash before anything but n, " or \ is kept as a literal backslash.
      value += c === 'n' ? '\n' : c === '"' || c === '\\' ? c : `\\${c}`;
      continue;
    }
    if (c === '\\') {
      if (i < raw.length - 1) escaped = true;
      else value += '\\';
    } else if (c === '"') {
      if (!expectTrailingQuote || i < raw.length - 1) fail(`matcher value contains unescaped double quote: ${rawMatch}`, input);
      expectTrailingQuote = false;
    } else {
      value += c;
    }
  }
  if (expectTrailingQuote) fail(`matcher value contains unescaped double quote: ${rawMatch}`, input);

  try {
    return Matcher.create(name, type, value);
  } catch (err) {
    return fail((err as Error).message, input, err);
  }
}

/**
 * Parses a comma-separated matcher list with the classic syntax. Braces around the list are
 * optional, commas inside double quotes do not split, and one trailing comma is allowed.
 * @throws {MatcherParseError} with Alertmanager's message.
 */
export function parseClassicMatchers(input: string): Matcher[] {
  let s = input.startsWith('{') ? input.slice(1) : input;
  if (s.endsWith('}')) s = s.slice(0, -1);

  const tokens: string[] = [];
  let insideQuotes = false;
  let escaped = false;
  let tokenStart = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    // A comma leaves an escape pending, inside quotes too: in `"a\,"` the closing quote stays escaped.
    if (c === ',') {
      if (!insideQuotes) {
        tokens.push(s.slice(tokenStart, i));
        tokenStart = i + 1;
      }
      continue;
    }
    if (c === '"') {
      if (!escaped) insideQuotes = !insideQuotes;
      else escaped = false;
    } else if (c === '\\') {
      escaped = !escaped;
    } else {
      escaped = false;
    }
  }
  const last = s.slice(tokenStart).replace(LEADING_SPACE, '').replace(TRAILING_SPACE, '');
  if (last !== '') tokens.push(last);
  return tokens.map((token) => parseToken(token, input));
}
