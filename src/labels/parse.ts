/**
 * Matcher parsing as Alertmanager's `matcher/compat` does it: one of three modes chosen by
 * feature flags, with the default `fallback` mode trying the UTF-8 parser first and falling back
 * to the classic one with a warning.
 */

import { isValidUtf8 } from './go-string.ts';
import type { Matcher } from './matcher.ts';
import { parseClassicMatcher, parseClassicMatchers } from './parse-classic.ts';
import { MatcherParseError } from './parse-error.ts';
import { parseUtf8Matcher, parseUtf8Matchers } from './parse-utf8.ts';

export { MatcherParseError, type MatcherErrorPosition } from './parse-error.ts';

/**
 * `fallback` (the default): UTF-8 parser, falling back to the classic one with a warning.
 * `utf8-strict`: UTF-8 parser only. `classic`: classic parser only and legacy label names.
 */
export type MatcherMode = 'fallback' | 'utf8-strict' | 'classic';

/** The structured fields of a parser warning, as Alertmanager logs them. */
export interface MatcherWarningFields {
  readonly input: string;
  readonly origin?: string;
  /** The UTF-8 parser's error, when it rejected the input. */
  readonly err?: string;
  /** The input rewritten so that the UTF-8 parser accepts it. */
  readonly suggestion?: string;
}

export interface ParseMatchersOptions {
  /** Defaults to `fallback`. */
  readonly mode?: MatcherMode;
  /**
   * Called in fallback mode when the input only parses with the classic parser, or when both
   * parse it differently. `msg` is Alertmanager's log message; `fields` carries the details.
   */
  readonly onWarning?: (msg: string, fields: MatcherWarningFields) => void;
  /** Where the input came from (`config`, `api`, ...), passed through to warnings. */
  readonly origin?: string;
}

/** Alertmanager's warning when only the classic parser accepts the input. */
export const INCOMPATIBLE_INPUT_WARNING =
  'Alertmanager is moving to a new parser for labels and matchers, and this input is incompatible. ' +
  'Alertmanager has instead parsed the input using the classic matchers parser as a fallback. ' +
  'To make this input compatible with the UTF-8 matchers parser please make sure all regular expressions ' +
  'and values are double-quoted and backslashes are escaped. If you are still seeing this message please open an issue.';

/** Alertmanager's warning when both parsers accept the input with different results. */
export const DISAGREEMENT_WARNING = 'Matchers input has disagreement';

const LEGACY_LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

function sameMatcher(a: Matcher, b: Matcher): boolean {
  return a.name === b.name && a.type === b.type && a.value === b.value;
}

function attempt<T>(parse: () => T): { value: T } | { error: MatcherParseError } {
  try {
    return { value: parse() };
  } catch (err) {
    if (err instanceof MatcherParseError) return { error: err };
    throw err;
  }
}

// Runs both parsers and picks a result as compat.Fallback*Parser does.
function fallback<T>(
  input: string,
  opts: ParseMatchersOptions,
  utf8: () => T,
  classic: () => T,
  agree: (a: T, b: T) => boolean,
  suggest: (classic: T) => string,
): T {
  const n = attempt(utf8);
  const c = attempt(classic);
  const origin = opts.origin === undefined ? {} : { origin: opts.origin };
  if ('error' in n) {
    if ('error' in c) throw c.error;
    opts.onWarning?.(INCOMPATIBLE_INPUT_WARNING, { input, ...origin, err: n.error.message, suggestion: suggest(c.value) });
    return c.value;
  }
  if ('value' in c && !agree(n.value, c.value)) {
    opts.onWarning?.(DISAGREEMENT_WARNING, { input, ...origin });
    return c.value;
  }
  return n.value;
}

function rejectBraces(input: string): void {
  if (input.startsWith('{') || input.endsWith('}')) {
    throw new MatcherParseError(`unexpected open or close brace: ${input}`, input);
  }
}

/**
 * Parses a list of matchers, such as a line of a route's `matchers`, in the given mode.
 * @throws {MatcherParseError} with Alertmanager's message (in fallback mode, the classic parser's).
 */
export function parseMatchers(input: string, opts: ParseMatchersOptions = {}): Matcher[] {
  switch (opts.mode ?? 'fallback') {
    case 'classic':
      return parseClassicMatchers(input);
    case 'utf8-strict':
      return parseUtf8Matchers(input);
    case 'fallback':
      return fallback(
        input,
        opts,
        () => parseUtf8Matchers(input),
        () => parseClassicMatchers(input),
        // Go compares with reflect.DeepEqual, where the UTF-8 parser's nil list differs from the
        // classic parser's empty one: empty input always counts as a disagreement.
        (a, b) => a.length > 0 && a.length === b.length && a.every((m, i) => sameMatcher(m, b[i] as Matcher)),
        (ms) => ms.map((m) => m.toString()).join(','),
      );
  }
}

/**
 * Parses exactly one matcher, such as an API `filter` parameter, in the given mode. Outside
 * classic mode, input starting with `{` or ending with `}` is rejected.
 * @throws {MatcherParseError} with Alertmanager's message.
 */
export function parseMatcher(input: string, opts: ParseMatchersOptions = {}): Matcher {
  switch (opts.mode ?? 'fallback') {
    case 'classic':
      return parseClassicMatcher(input);
    case 'utf8-strict':
      rejectBraces(input);
      return parseUtf8Matcher(input);
    case 'fallback':
      rejectBraces(input);
      return fallback(
        input,
        opts,
        () => parseUtf8Matcher(input),
        () => parseClassicMatcher(input),
        sameMatcher,
        (m) => m.toString(),
      );
  }
}

/**
 * Whether a label name is acceptable in the mode: `[a-zA-Z_][a-zA-Z0-9_]*` in classic mode,
 * any non-empty valid UTF-8 otherwise.
 */
export function isValidLabelName(name: string, mode: MatcherMode): boolean {
  if (mode === 'classic') return LEGACY_LABEL_NAME.test(name);
  return name.length > 0 && isValidUtf8(name);
}

/**
 * The matcher mode selected by `--enable-feature` values (`classic-mode`, `utf8-strict-mode`);
 * other feature names are ignored here.
 * @throws {Error} `cannot have both classic and UTF-8 modes enabled`.
 */
export function matcherModeFromFeatures(features: readonly string[]): MatcherMode {
  const classic = features.includes('classic-mode');
  const strict = features.includes('utf8-strict-mode');
  if (classic && strict) throw new Error('cannot have both classic and UTF-8 modes enabled');
  return classic ? 'classic' : strict ? 'utf8-strict' : 'fallback';
}
