import { AmValidationError } from './errors.ts';
import { goQuote } from '../labels/go-quote.ts';
import { inheritFromGlobal } from './defaults.ts';
import { defaultGlobalConfig } from './schema/global.ts';
import { isSet } from './secret.ts';
import type { Config, GlobalConfig, RouteConfig } from './types.ts';

/**
 * Alertmanager's `Config.UnmarshalYAML` after the plain decode: the global defaults, the exclusive
 * global secrets, receiver inheritance and uniqueness, the root-route rules, and that every receiver
 * and time interval a route names exists. Checks run in Go's order, so the first failure matches.
 */
export function validateConfig(cfg: Config): void {
  cfg.global ??= defaultGlobalConfig() as unknown as GlobalConfig;
  const g = cfg.global;
  checkGlobalSecrets(g);

  const names = new Set<string>();
  for (const rcv of cfg.receivers ?? []) {
    if (names.has(rcv.name)) {
      throw new AmValidationError(`notification config name ${goQuote(rcv.name)} is not unique`, 'name', rcv);
    }
    inheritFromGlobal(rcv, g);
    names.add(rcv.name);
  }

  const root = cfg.route;
  if (root === undefined) throw new AmValidationError('no routes provided');
  const onRoot = (message: string, field: string): AmValidationError => new AmValidationError(message, field, root);
  if (root.receiver === '') throw onRoot('root route must specify a default receiver', 'receiver');
  const matcherField = ['match', 'match_re', 'matchers'].find(
    (k) => Object.keys((root as unknown as Record<string, object | undefined>)[k] ?? {}).length > 0,
  );
  if (matcherField !== undefined) throw onRoot('root route must not have any matchers', matcherField);
  if ((root.mute_time_intervals ?? []).length > 0) {
    throw onRoot('root route must not have any mute time intervals', 'mute_time_intervals');
  }
  if ((root.active_time_intervals ?? []).length > 0) {
    throw onRoot('root route must not have any active time intervals', 'active_time_intervals');
  }
  checkReceivers(root, names);

  const intervals = new Set<string>();
  for (const [list, what] of [
    [cfg.mute_time_intervals, 'mute time interval'],
    [cfg.time_intervals, 'time interval'],
  ] as const) {
    for (const ti of list ?? []) {
      if (intervals.has(ti.name)) throw new AmValidationError(`${what} ${goQuote(ti.name)} is not unique`, 'name', ti);
      intervals.add(ti.name);
    }
  }
  checkTimeIntervals(root, intervals);
}

const EXCLUSIVE_GLOBALS: readonly [keyof GlobalConfig, keyof GlobalConfig][] = [
  ['opsgenie_api_key', 'opsgenie_api_key_file'],
  ['victorops_api_key', 'victorops_api_key_file'],
  ['telegram_bot_token', 'telegram_bot_token_file'],
  ['smtp_auth_password', 'smtp_auth_password_file'],
  ['rocketchat_token', 'rocketchat_token_file'],
  ['rocketchat_token_id', 'rocketchat_token_id_file'],
  ['smtp_auth_secret', 'smtp_auth_secret_file'],
  ['wechat_api_secret', 'wechat_api_secret_file'],
  ['mattermost_webhook_url', 'mattermost_webhook_url_file'],
];

// Pointer-typed secrets count as set even when empty.
const POINTER_SECRETS = new Set(['rocketchat_token', 'rocketchat_token_id', 'mattermost_webhook_url', 'slack_api_url']);

function present(g: GlobalConfig, key: keyof GlobalConfig): boolean {
  const v = g[key];
  if (POINTER_SECRETS.has(key)) return v !== undefined;
  return typeof v === 'string' ? v !== '' : isSet(v as never);
}

function checkGlobalSecrets(g: GlobalConfig): void {
  const both = (a: keyof GlobalConfig, b: keyof GlobalConfig): void => {
    if (present(g, a) && present(g, b)) {
      throw new AmValidationError(`at most one of ${a} & ${b} must be configured`, b, g);
    }
  };
  both('slack_app_token', 'slack_app_token_file');
  both('slack_api_url', 'slack_api_url_file');
  const token = present(g, 'slack_app_token') || present(g, 'slack_app_token_file');
  const apiUrl = present(g, 'slack_api_url') || present(g, 'slack_api_url_file');
  // Equal values are tolerated for users of the workaround from prometheus/alertmanager#2513.
  if (token && apiUrl && (g.slack_api_url?.reveal() ?? '') !== (g.slack_app_url ?? '')) {
    throw new AmValidationError(
      'at most one of slack_app_token/slack_app_token_file & slack_api_url/slack_api_url_file must be configured',
      'slack_app_token',
      g,
    );
  }
  for (const [a, b] of EXCLUSIVE_GLOBALS) both(a, b);
}

// Children first, as Alertmanager's checkReceiver recurses before checking the node itself.
function checkReceivers(r: RouteConfig, names: Set<string>): void {
  for (const child of r.routes ?? []) if (child) checkReceivers(child, names);
  if (r.receiver !== '' && !names.has(r.receiver)) {
    throw new AmValidationError(`undefined receiver ${goQuote(r.receiver)} used in route`, 'receiver', r);
  }
}

function checkTimeIntervals(r: RouteConfig, names: Set<string>): void {
  for (const child of r.routes ?? []) if (child) checkTimeIntervals(child, names);
  for (const field of ['active_time_intervals', 'mute_time_intervals'] as const) {
    for (const name of r[field] ?? []) {
      if (!names.has(name)) throw new AmValidationError(`undefined time interval ${goQuote(name)} used in route`, field, r);
    }
  }
}
