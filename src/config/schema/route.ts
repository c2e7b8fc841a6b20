import { isValidLabelName } from '../../labels/parse.ts';
import { goQuote } from '../../labels/go-quote.ts';
import { AmValidationError } from '../errors.ts';
import type { RouteConfig } from '../types.ts';
import { modelDuration } from './common.ts';
import { bool, list, opt, ptr, req, str, strList, strMap, struct } from './kinds.ts';
import type { HookContext, StructDef } from './kinds.ts';
import { isLegacyLabelName, matchRegexps, matchers } from './matchers.ts';

export const routeDef: StructDef = {
  go: 'config.plain',
  fields: [
    opt('receiver', str),
    opt('group_by', strList),
    opt('match', strMap),
    opt('match_re', matchRegexps),
    opt('matchers', matchers),
    opt('mute_time_intervals', strList),
    opt('active_time_intervals', strList),
    req('continue', bool),
  ],
  validate: (v, ctx) => validateRoute(v as unknown as RouteConfig, ctx),
};
routeDef.fields.push(
  opt('routes', list(ptr(struct(routeDef)), '[]*config.Route')),
  opt('group_wait', ptr(modelDuration)),
  opt('group_interval', ptr(modelDuration)),
  opt('repeat_interval', ptr(modelDuration)),
  opt('labels', { t: 'map', value: str, go: 'model.LabelSet' }),
);

/** Alertmanager `Route.UnmarshalYAML`. */
function validateRoute(r: RouteConfig, ctx: HookContext): void {
  for (const k of Object.keys(r.match ?? {})) {
    if (!isLegacyLabelName(k)) throw new AmValidationError(`invalid label name ${goQuote(k)}`, 'match');
  }
  for (const k of Object.keys(r.labels ?? {})) {
    if (!isValidLabelName(k, ctx.matcherMode)) {
      throw new AmValidationError(`invalid label name ${goQuote(k)} in route labels`, 'labels');
    }
  }
  const groupBy: string[] = [];
  let all = false;
  for (const l of r.group_by ?? []) {
    if (l === '...') all = true;
    else if (!isValidLabelName(l, ctx.matcherMode)) {
      throw new AmValidationError(`invalid label name ${goQuote(l)} in group_by list`, 'group_by');
    } else groupBy.push(l);
  }
  if (groupBy.length > 0 && all) {
    throw new AmValidationError('cannot have wildcard group_by (`...`) and other labels at the same time', 'group_by');
  }
  const seen = new Set<string>();
  for (const l of groupBy) {
    if (seen.has(l)) throw new AmValidationError(`duplicated label ${goQuote(l)} in group_by`, 'group_by');
    seen.add(l);
  }
  if (r.group_interval === 0) throw new AmValidationError('group_interval cannot be zero', 'group_interval');
  if (r.repeat_interval === 0) throw new AmValidationError('repeat_interval cannot be zero', 'repeat_interval');
}
