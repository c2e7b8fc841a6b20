import type { Alert } from '../alerts/alert.ts';
import type { LabelSet } from '../labels/label-set.ts';
import type { Route } from './route.ts';

/**
 * Renders a route's `labels` (0.34; values are templates) for one aggregation group, with
 * `.NotificationReason` "unknown" as Alertmanager does. The template layer supplies the real one;
 * a label that fails to render is left out.
 */
export type RouteLabelRenderer = (route: Route, groupLabels: LabelSet, alerts: readonly Alert[]) => LabelSet;

/** Uses the values as written, which is what rendering gives for values without template actions. */
export const literalRouteLabels: RouteLabelRenderer = (route) => route.options.labels;
