import { goQuote } from '../../labels/go-quote.ts';
import { parseMatchers } from '../../labels/parse.ts';
import { sortMatchers } from '../../labels/matcher.ts';
import type { Matcher } from '../../labels/matcher.ts';
import { regexp } from './common.ts';
import { strList } from './kinds.ts';
import type { Kind } from './kinds.ts';

/** Alertmanager `config/common.Matchers`: a list of matcher strings, parsed and sorted. */
export const matchers: Kind = {
  t: 'custom',
  decode(node, dec, path) {
    const lines = dec.decode(node, strList, path);
    if (!lines.ok) return lines;
    const out: Matcher[] = [];
    for (const line of (lines.value as string[] | undefined) ?? []) {
      try {
        out.push(...parseMatchers(line, { mode: dec.ctx.matcherMode, onWarning: dec.ctx.warn }));
      } catch (err) {
        dec.fail((err as Error).message, node, path);
      }
    }
    return { ok: true, value: sortMatchers(out) };
  },
  marshal: (v) => ({ e: 'seq', items: (v as Matcher[]).map((m) => ({ e: 'str', v: m.toString() })) }),
  isZero: (v) => v === undefined || (v as Matcher[]).length === 0,
};

const LEGACY_LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** `model.LabelNameRE`: the classic label-name syntax, which match/match_re keys must follow. */
export function isLegacyLabelName(name: string): boolean {
  return LEGACY_LABEL_NAME.test(name);
}

/** Alertmanager `MatchRegexps`: label name → anchored RE2 regex. */
export const matchRegexps: Kind = {
  t: 'custom',
  decode(node, dec, path) {
    const r = dec.decode(node, { t: 'map', value: regexp, go: 'common.plain' }, path);
    if (!r.ok || r.value === undefined) return r;
    for (const [k, v] of Object.entries(r.value as Record<string, string | undefined>)) {
      if (!isLegacyLabelName(k)) dec.fail(`invalid label name ${goQuote(k)}`, node, path);
      if (v === undefined) dec.fail(`invalid regexp value for ${goQuote(k)}`, node, path);
    }
    return r;
  },
  marshal: (v) => ({
    e: 'map',
    entries: Object.entries(v as Record<string, string>).map(([k, re]) => [k, re === '' ? { e: 'null' } : { e: 'str', v: re }]),
  }),
  isZero: (v) => v === undefined || Object.keys(v as object).length === 0,
};
