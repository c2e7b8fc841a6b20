/** How amtool reads matchers and labels from its arguments (`compat.Matcher(s, "cli")`). */
import { goQuote } from '../../labels/go-quote.ts';
import type { Matcher } from '../../labels/matcher.ts';
import { parseMatcher } from '../../labels/parse.ts';
import type { ParseMatchersOptions } from '../../labels/parse.ts';
import { CliError } from './kingpin.ts';
import type { LabelSetJson, MatcherJson } from './models.ts';

/** Parses one matcher argument; the parser's message becomes the command's error. */
export function cliMatcher(input: string, opts: ParseMatchersOptions): Matcher {
  try {
    return parseMatcher(input, { ...opts, origin: 'cli' });
  } catch (err) {
    throw new CliError((err as Error).message);
  }
}

/**
 * amtool's shorthand: when the first argument is not a matcher it is the alert name, so
 * `amtool alert query foo` means `alertname="foo"`.
 */
export function withAlertnameShorthand(args: readonly string[], opts: ParseMatchersOptions): string[] {
  const out = [...args];
  const first = out[0];
  if (first === undefined) return out;
  try {
    parseMatcher(first, { ...opts, origin: 'cli' });
  } catch {
    out[0] = `alertname=${goQuote(first)}`;
  }
  return out;
}

/**
 * `key=value` arguments as a label set (alert labels and annotations, `config routes test`).
 * @throws {CliError} when an argument does not parse or is not an equality.
 */
export function cliLabels(args: readonly string[], opts: ParseMatchersOptions, what = 'labels'): LabelSetJson {
  const out: LabelSetJson = {};
  for (const arg of args) {
    const m = cliMatcher(arg, opts);
    if (m.type !== '=') throw new CliError(`${what} must be specified as key=value pairs`);
    out[m.name] = m.value;
  }
  return out;
}

/** A matcher as the API's silence matcher (amtool's `TypeMatcher`). */
export function toApiMatcher(m: Matcher): MatcherJson {
  return {
    name: m.name,
    value: m.value,
    isRegex: m.type === '=~' || m.type === '!~',
    isEqual: m.type === '=' || m.type === '=~',
  };
}
