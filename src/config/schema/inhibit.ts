import { isValidLabelName } from '../../labels/parse.ts';
import { goQuote } from '../../labels/go-quote.ts';
import { AmValidationError } from '../errors.ts';
import type { InhibitRuleConfig } from '../types.ts';
import { opt, str, strList, strMap } from './kinds.ts';
import type { StructDef } from './kinds.ts';
import { isLegacyLabelName, matchRegexps, matchers } from './matchers.ts';

/** Alertmanager `config/common.InhibitRule`. */
export const inhibitRuleDef: StructDef = {
  go: 'common.plain',
  fields: [
    opt('name', str),
    opt('source_match', strMap),
    opt('source_match_re', matchRegexps),
    opt('source_matchers', matchers),
    opt('target_match', strMap),
    opt('target_match_re', matchRegexps),
    opt('target_matchers', matchers),
    opt('equal', strList),
  ],
  validate: (v, ctx) => {
    const r = v as unknown as InhibitRuleConfig;
    for (const field of ['source_match', 'target_match'] as const) {
      for (const k of Object.keys(r[field] ?? {})) {
        if (!isLegacyLabelName(k)) throw new AmValidationError(`invalid label name ${goQuote(k)}`, field);
      }
    }
    for (const l of r.equal ?? []) {
      if (!isValidLabelName(l, ctx.matcherMode)) {
        throw new AmValidationError(`invalid label name ${goQuote(l)} in equal list`, 'equal');
      }
    }
  },
};
