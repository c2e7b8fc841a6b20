import { list, opt, ptr, req, strList, struct } from './kinds.ts';
import type { HookContext, StructDef } from './kinds.ts';
import { globalConfigDef } from './global.ts';
import { inhibitRuleDef } from './inhibit.ts';
import { eventRecorderDef, tracingDef } from './observability.ts';
import { receiverDef } from './receiver.ts';
import { routeDef } from './route.ts';
import { muteTimeInterval, timeInterval } from './time-interval.ts';

/**
 * The top-level `Config`. Its Go UnmarshalYAML (defaults, inheritance and cross-checks) is
 * `validateConfig`, passed in so the schema stays declarative.
 */
export function configDef(validate: (v: Record<string, unknown>, ctx: HookContext) => void): StructDef {
  return {
    go: 'config.plain',
    fields: [
      opt('global', ptr(struct(globalConfigDef))),
      opt('route', ptr(struct(routeDef))),
      opt('inhibit_rules', list(struct(inhibitRuleDef), '[]common.InhibitRule')),
      opt('receivers', list(struct(receiverDef), '[]config.Receiver')),
      req('templates', strList),
      opt('mute_time_intervals', list(muteTimeInterval, '[]config.MuteTimeInterval')),
      opt('time_intervals', list(timeInterval, '[]config.TimeInterval')),
      opt('tracing', struct(tracingDef)),
      opt('event_recorder', struct(eventRecorderDef)),
    ],
    validate,
  };
}
