import { RE2JS } from 're2js';
import type { Alert } from '../../alerts/alert.ts';
import type { Config } from '../../config/types.ts';
import type { Route } from '../../dispatch/route.ts';
import type { Matcher } from '../../labels/matcher.ts';
import { receiversJson } from './alert-json.ts';
import type { ApiRequest } from './api-request.ts';
import { matcherParams } from './api-request.ts';
import { lastParam } from './go-query.ts';

/** Receivers an alert is routed to, with their JSON. */
export interface AlertReceivers {
  readonly names: readonly string[];
  readonly json: string;
}

// Labels are an alert's identity, so its receivers only change with the route tree.
const receiverCache = new WeakMap<Route, Map<string, AlertReceivers>>();

/** The receivers of the routes matching the alert, in route order (the route tree's `match`). */
export function receiversOf(route: Route, alert: Alert, storeSize: number): AlertReceivers {
  let cache = receiverCache.get(route);
  if (cache === undefined) {
    cache = new Map();
    receiverCache.set(route, cache);
  }
  let found = cache.get(alert.fingerprint);
  if (found === undefined) {
    // Entries of alerts that left the store are dropped wholesale once they could dominate.
    if (cache.size > 2 * storeSize + 10_000) cache.clear();
    const names = route.match(alert.labels).map((r) => r.options.receiver);
    found = { names, json: receiversJson(names) };
    cache.set(alert.fingerprint, found);
  }
  return found;
}

/** Whether every matcher matches `labels`, where a matcher on a missing label matches only if it accepts "". */
function matchReceiverLabels(matchers: readonly Matcher[], labels: Readonly<Record<string, string>>): boolean {
  return matchers.every((m) => m.matches(Object.hasOwn(labels, m.name) ? (labels[m.name] as string) : ''));
}

/** A predicate over receiver names built from the `receiver` regex and `receiver_matchers` parameters. */
export type ReceiverPredicate = (receiver: string) => boolean;

/**
 * Builds the receiver filter of getAlerts/getAlertGroups: `receiver` is an anchored RE2 regex,
 * `receiver_matchers` (0.33) match the receivers' configured labels. Returns undefined when
 * neither is given, or the 400 message when one does not parse.
 */
export function receiverPredicate(req: ApiRequest, config: Config): ReceiverPredicate | undefined | { error: string } {
  const raw = lastParam(req.query, 'receiver');
  let re: RE2JS | undefined;
  if (raw !== undefined) {
    try {
      re = RE2JS.compile(`^(?:${raw})$`);
    } catch (err) {
      return { error: `failed to parse receiver param: ${(err as Error).message}` };
    }
  }
  const matchers = matcherParams(req, 'receiver_matchers');
  if (!Array.isArray(matchers)) return { error: `failed to parse receiver_matchers param: ${matchers.error}` };
  if (re === undefined && matchers.length === 0) return undefined;
  const labelsByReceiver = new Map<string, Readonly<Record<string, string>>>();
  for (const r of config.receivers ?? []) labelsByReceiver.set(r.name, r.labels ?? {});
  return (receiver) => {
    if (re !== undefined && !re.matches(receiver)) return false;
    if (matchers.length === 0) return true;
    const labels = labelsByReceiver.get(receiver);
    return labels !== undefined && matchReceiverLabels(matchers, labels);
  };
}
