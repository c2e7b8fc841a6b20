/**
 * Alertmanager's `template.Data` for one notification as plain values, for wire formats that
 * serialise it (the webhook body). Templates get their Go-typed data from the template layer
 * through `NotificationTemplates`; both follow `Template.Data`.
 */
import type { Alert } from '../alerts/alert.ts';
import { isResolved } from '../alerts/alert.ts';
import { GO_ZERO_TIME_MS, isUnsetTime } from '../alerts/timestamps.ts';
import type { LabelSet } from '../labels/label-set.ts';
import { quoteMeta } from '../template/data.ts';
import type { NotificationReason } from './notification-reason.ts';

export type AlertStatus = 'firing' | 'resolved';

/** One alert as templates see it (`template.Alert`); times are epoch ms, unset = Go zero time. */
export interface NotificationAlert {
  readonly status: AlertStatus;
  readonly labels: LabelSet;
  readonly annotations: LabelSet;
  readonly startsAt: number;
  readonly endsAt: number;
  readonly generatorURL: string;
  readonly fingerprint: string;
}

export interface NotificationData {
  /** The receiver name escaped like Go's `regexp.QuoteMeta`, as Alertmanager does. */
  readonly receiver: string;
  readonly status: AlertStatus;
  readonly alerts: readonly NotificationAlert[];
  readonly notificationReason: NotificationReason;
  readonly groupLabels: LabelSet;
  readonly commonLabels: LabelSet;
  readonly commonAnnotations: LabelSet;
  readonly routeLabels: LabelSet;
  readonly externalURL: string;
}

export interface NotificationDataInput {
  readonly receiver: string;
  readonly groupLabels: LabelSet;
  readonly routeLabels: LabelSet;
  readonly reason: NotificationReason;
  readonly externalURL: string;
  /** The flush's tick time: alerts whose `endsAt` is not after it are resolved. */
  readonly now: number;
}

/** Builds the template data of a notification (Alertmanager's `Template.Data`). */
export function buildNotificationData(input: NotificationDataInput, alerts: readonly Alert[]): NotificationData {
  let anyFiring = false;
  const out: NotificationAlert[] = [];
  for (const a of alerts) {
    const resolved = isResolved(a, input.now);
    if (!resolved) anyFiring = true;
    out.push({
      status: resolved ? 'resolved' : 'firing',
      labels: a.labels,
      annotations: a.annotations,
      startsAt: isUnsetTime(a.startsAt) ? GO_ZERO_TIME_MS : a.startsAt,
      endsAt: isUnsetTime(a.endsAt) ? GO_ZERO_TIME_MS : a.endsAt,
      generatorURL: a.generatorURL,
      fingerprint: a.fingerprint,
    });
  }
  return {
    receiver: quoteMeta(input.receiver),
    status: anyFiring ? 'firing' : 'resolved',
    alerts: out,
    notificationReason: input.reason,
    groupLabels: input.groupLabels,
    commonLabels: common(alerts, labelsOf),
    commonAnnotations: common(alerts, annotationsOf),
    routeLabels: input.routeLabels,
    externalURL: input.externalURL,
  };
}

const labelsOf = (a: Alert): LabelSet => a.labels;
const annotationsOf = (a: Alert): LabelSet => a.annotations;

// The pairs every alert has with the same value.
function common(alerts: readonly Alert[], pick: (a: Alert) => LabelSet): LabelSet {
  const first = alerts[0];
  if (first === undefined) return {};
  // A single alert's own set, shared rather than copied: label sets are never mutated.
  if (alerts.length === 1) return pick(first);
  const result: Record<string, string> = { ...pick(first) };
  for (let i = 1; i < alerts.length; i++) {
    const set = pick(alerts[i] as Alert);
    let left = 0;
    for (const k in result) {
      if (set[k] !== result[k]) delete result[k];
      else left++;
    }
    if (left === 0) break;
  }
  return result;
}
