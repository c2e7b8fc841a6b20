import type { Alert } from '../../alerts/alert.ts';
import type { ApiAlertStatus } from './alert-json.ts';
import type { ApiConfigState, ApiDeps } from './deps.ts';

/** The muting part of an alert's status as the API predicts it at query time. */
export type PredictedStatus = ApiAlertStatus;

/**
 * Runs the inhibitor, then the silencer, against the alert now (Alertmanager's
 * `setAlertStatus` on a fresh marker), so a silence created a moment ago shows at once. Both
 * keep their own per-fingerprint caches, which makes repeated listings cheap.
 */
export function predictStatus(deps: ApiDeps, state: ApiConfigState, alert: Alert): PredictedStatus {
  return {
    inhibitedBy: state.inhibitor.mutes(alert.labels, alert.fingerprint),
    silencedBy: deps.silencer.mutes(alert.labels, alert.fingerprint),
  };
}

/** The `active`, `silenced` and `inhibited` flags of getAlerts and getAlertGroups. */
export interface StatusFlags {
  readonly active: boolean;
  readonly silenced: boolean;
  readonly inhibited: boolean;
}

/** Whether a status passes the flags: `active=false` drops unmuted alerts, the others drop muted ones. */
export function statusPasses(status: PredictedStatus, flags: StatusFlags): boolean {
  const suppressed = status.silencedBy.length > 0 || status.inhibitedBy.length > 0;
  if (!flags.active && !suppressed) return false;
  if (!flags.silenced && status.silencedBy.length > 0) return false;
  if (!flags.inhibited && status.inhibitedBy.length > 0) return false;
  return true;
}
