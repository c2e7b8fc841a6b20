import type { Alert } from '../../alerts/alert.ts';
import type { AlertGroupView } from '../../dispatch/group-views.ts';
import type { Route } from '../../dispatch/route.ts';
import { matchesLabels } from '../../labels/matcher.ts';
import { alertStatusJson, gettableAlertJson, receiversJson } from './alert-json.ts';
import { boolParam } from './api-request.ts';
import type { ApiRequest, ApiResponse } from './api-request.ts';
import { alertListQuery } from './get-alerts.ts';
import { streamJson } from './json-stream.ts';
import type { JsonPiece } from './json-stream.ts';
import { goJsonString } from '../../common/go-json-string.ts';
import { labelSetJson } from './json-out.ts';
import { predictStatus, statusPasses } from './predict-status.ts';
import type { PredictedStatus } from './predict-status.ts';

/**
 * `GET /api/v2/alerts/groups`: the dispatcher's aggregation groups whose receiver passes the
 * `receiver` / `receiver_matchers` filters, each with its alerts that have not ended and pass
 * `filter` and the status flags (the dispatcher drops groups left empty and sorts groups and
 * alerts); with `muted=false` time-muted groups are left out. A muted group's alerts are
 * `suppressed` with `mutedBy` naming the time intervals.
 */
export async function getAlertGroups(req: ApiRequest): Promise<ApiResponse> {
  const { deps } = req;
  const query = alertListQuery(req);
  if ('badRequest' in query) return query.badRequest;
  const { matchers, state, receiverOk, flags } = query;
  const muted = boolParam(req.query, 'muted', true);

  // Statuses predicted while filtering are kept for rendering. With the default flags no alert
  // is dropped for its status, so it is predicted while rendering, spread over event-loop turns.
  const statuses = new Map<string, PredictedStatus>();
  const statusOf = (alert: Alert): PredictedStatus => {
    let status = statuses.get(alert.fingerprint);
    if (status === undefined) {
      status = predictStatus(deps, state, alert);
      statuses.set(alert.fingerprint, status);
    }
    return status;
  };
  const filtersByStatus = !flags.active || !flags.silenced || !flags.inhibited;
  const alertFilter = (alert: Alert, now: number): boolean =>
    alert.endsAt >= now && matchesLabels(matchers, alert.labels) && (!filtersByStatus || statusPasses(statusOf(alert), flags));
  const routeFilter = (route: Route): boolean => receiverOk === undefined || receiverOk(route.options.receiver);
  const { groups, receivers } = await state.groups(routeFilter, alertFilter);

  const listed = muted ? groups : groups.filter((g) => g.mutedBy.length === 0);

  // One piece per alert, so a group of 50k alerts is spread over many event-loop turns too.
  function* pieces(): Generator<JsonPiece> {
    yield '[';
    for (let g = 0; g < listed.length; g++) {
      const group = listed[g] as AlertGroupView;
      yield `${g === 0 ? '' : ','}{"alerts":[`;
      for (let i = 0; i < group.alerts.length; i++) {
        const alert = group.alerts[i] as Alert;
        const status = alertStatusJson(statusOf(alert), group.mutedBy);
        if (i > 0) yield ',';
        yield gettableAlertJson(alert, receiversJson(receivers.get(alert.fingerprint) ?? []), status);
      }
      yield (
        `],"labels":${labelSetJson(group.labels)},"receiver":{"name":${goJsonString(group.receiver)}},` +
        `"routeLabels":${labelSetJson(group.routeLabels)}}`
      );
    }
    yield ']\n';
  }
  return { status: 200, body: streamJson(pieces()), contentType: 'application/json' };
}
