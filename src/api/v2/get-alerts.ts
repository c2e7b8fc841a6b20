import type { Buffer } from 'node:buffer';
import type { Alert } from '../../alerts/alert.ts';
import type { Matcher } from '../../labels/matcher.ts';
import { matchesLabels } from '../../labels/matcher.ts';
import { alertStatusJson, gettableAlertJson } from './alert-json.ts';
import { boolParam, matcherParams, messageResponse } from './api-request.ts';
import type { ApiRequest, ApiResponse } from './api-request.ts';
import { arrayPieces, streamJson } from './json-stream.ts';
import { predictStatus, statusPasses } from './predict-status.ts';
import type { StatusFlags } from './predict-status.ts';
import { receiverPredicate, receiversOf } from './receiver-filter.ts';
import type { ReceiverPredicate } from './receiver-filter.ts';
import type { ApiConfigState } from './deps.ts';

/** The `active`, `silenced`, `inhibited` query flags (`unprocessed` is accepted and ignored, as upstream). */
function statusFlags(req: ApiRequest): StatusFlags {
  return {
    active: boolParam(req.query, 'active', true),
    silenced: boolParam(req.query, 'silenced', true),
    inhibited: boolParam(req.query, 'inhibited', true),
  };
}

/** The parameters `GET /api/v2/alerts` and `GET /api/v2/alerts/groups` share, with the state they are read against. */
export interface AlertListQuery {
  readonly matchers: Matcher[];
  readonly state: ApiConfigState;
  /** Absent when no receiver filter is given. */
  readonly receiverOk: ReceiverPredicate | undefined;
  readonly flags: StatusFlags;
}

/** Parses the `filter`, receiver and status parameters, or answers 400 for the first bad one. */
export function alertListQuery(req: ApiRequest): AlertListQuery | { readonly badRequest: ApiResponse } {
  const matchers = matcherParams(req, 'filter');
  if (!Array.isArray(matchers)) return { badRequest: messageResponse(400, matchers.error) };
  const state = req.deps.current();
  const receiverOk = receiverPredicate(req, state.config);
  if (receiverOk !== undefined && typeof receiverOk !== 'function') return { badRequest: messageResponse(400, receiverOk.error) };
  return { matchers, state, receiverOk, flags: statusFlags(req) };
}

/**
 * `GET /api/v2/alerts`: the stored alerts that have not ended, filtered by `filter` matchers
 * (narrowed by the store's indexes), receiver regex / receiver labels and status flags, sorted by
 * fingerprint, with their receivers from the current route tree and their status predicted now.
 * Large lists are streamed in slices that yield to the event loop.
 */
export async function getAlerts(req: ApiRequest): Promise<ApiResponse> {
  const { deps } = req;
  const query = alertListQuery(req);
  if ('badRequest' in query) return query.badRequest;
  const { matchers, state, receiverOk, flags } = query;
  await deps.alerts.prepareListing();
  const now = deps.clock.now();
  const storeSize = deps.alerts.size;

  // Matchers are checked while rendering, so a scan of 100k alerts is spread over turns too.
  const render = (alert: Alert): Buffer | undefined => {
    if (alert.endsAt < now || !matchesLabels(matchers, alert.labels)) return undefined;
    const receivers = receiversOf(state.route, alert, storeSize);
    if (receiverOk !== undefined && !receivers.names.some(receiverOk)) return undefined;
    const status = predictStatus(deps, state, alert);
    if (!statusPasses(status, flags)) return undefined;
    return gettableAlertJson(alert, receivers.json, alertStatusJson(status));
  };
  return { status: 200, body: streamJson(arrayPieces(deps.alerts.candidates(matchers), render)), contentType: 'application/json' };
}
