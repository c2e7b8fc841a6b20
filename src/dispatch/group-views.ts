/**
 * The read side of the dispatcher for `GET /api/v2/alerts/groups` (Alertmanager's
 * `Dispatcher.Groups`).
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Alert } from '../alerts/alert.ts';
import { compareGoStrings } from '../labels/go-string.ts';
import type { LabelSet } from '../labels/label-set.ts';
import type { AggregationGroup } from './aggregation-group.ts';
import { compareLabelSets } from './alert-order.ts';
import type { AlertStatus, GroupMarker } from './markers.ts';
import type { Route } from './route.ts';

/** Keeps the groups of a route (the API filters by receiver). */
export type RouteFilter = (route: Route) => boolean;
/** Keeps an alert at `now` (the API filters by matchers and state). */
export type AlertFilter = (alert: Alert, now: number) => boolean;

/** One aggregation group as the API lists it. */
export interface AlertGroupView {
  readonly labels: LabelSet;
  /** The group label names in Go order. */
  readonly labelNames: readonly string[];
  readonly routeLabels: LabelSet;
  readonly receiver: string;
  readonly groupKey: string;
  readonly routeId: string;
  /** The alerts passing the filter, in Alertmanager's alert order. */
  readonly alerts: readonly Alert[];
  /** Time intervals muting the group at its last flush; empty when not muted. */
  readonly mutedBy: readonly string[];
  /** An alert's status as the group's last flush marked it (`unprocessed` before any). */
  status(fingerprint: string): AlertStatus;
}

export interface GroupsResult {
  readonly groups: readonly AlertGroupView[];
  /** For each listed alert, the receivers of the listed groups holding it, sorted. */
  readonly receivers: ReadonlyMap<string, readonly string[]>;
}

/** Alerts filtered per event-loop turn, so viewing 100k alerts does not hold the process. */
const ALERTS_PER_TURN = 5000;

/** Builds the API view of the groups, sorted by group labels and then receiver. */
export async function groupViews(
  groups: Iterable<AggregationGroup>,
  groupMarker: GroupMarker,
  now: number,
  routeFilter: RouteFilter = () => true,
  alertFilter: AlertFilter = () => true,
): Promise<GroupsResult> {
  const views: AlertGroupView[] = [];
  const receivers = new Map<string, string[]>();
  let budget = ALERTS_PER_TURN;
  for (const group of groups) {
    if (!routeFilter(group.route)) continue;
    const receiver = group.route.options.receiver;
    const alerts: Alert[] = [];
    // A snapshot: groups changing while we yield do not disturb this loop.
    const sorted = group.alertsInSlices();
    for (const alert of sorted instanceof Promise ? await sorted : sorted) {
      if (--budget === 0) {
        budget = ALERTS_PER_TURN;
        await nextTurn();
      }
      if (!alertFilter(alert, now)) continue;
      alerts.push(alert);
      const list = receivers.get(alert.fingerprint);
      if (list === undefined) receivers.set(alert.fingerprint, [receiver]);
      else list.push(receiver);
    }
    if (alerts.length === 0) continue;
    const marker = group.marker;
    views.push({
      labels: group.labels,
      labelNames: group.labelNames,
      routeLabels: group.routeLabels(),
      receiver,
      groupKey: group.groupKey,
      routeId: group.routeId,
      alerts,
      mutedBy: groupMarker.mutedBy(group.routeId, group.groupKey),
      status: (fp) => marker.status(fp),
    });
  }
  views.sort((a, b) => compareLabelSets(a.labels, b.labels, a.labelNames, b.labelNames) || compareGoStrings(a.receiver, b.receiver));
  for (const list of receivers.values()) list.sort(compareGoStrings);
  return { groups: views, receivers };
}
