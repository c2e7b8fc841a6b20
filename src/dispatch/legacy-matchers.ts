import { Matcher } from '../labels/matcher.ts';

/**
 * Matchers from the deprecated `match`/`match_re` maps (routes and inhibit rules) followed by the
 * `matchers` list. A legacy regex keeps the anchored form `^(?:re)$` as its value, as Go's
 * `Regexp.String()` gives it, so route keys print it that way (`amtool config routes show` does).
 */
export function withLegacyMatchers(
  match: Readonly<Record<string, string>> | undefined,
  matchRe: Readonly<Record<string, string>> | undefined,
  matchers: readonly Matcher[] | undefined,
): Matcher[] {
  const out: Matcher[] = [];
  for (const [name, value] of Object.entries(match ?? {})) out.push(Matcher.create(name, '=', value));
  for (const [name, re] of Object.entries(matchRe ?? {})) out.push(Matcher.create(name, '=~', `^(?:${re})$`));
  out.push(...(matchers ?? []));
  return out;
}
