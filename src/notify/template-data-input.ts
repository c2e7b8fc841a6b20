import { isUnsetTime } from '../alerts/timestamps.ts';
import type { Alert } from '../alerts/alert.ts';
import type { AlertInput, TemplateDataInput } from '../template/data.ts';
import type { TemplateInput } from './templates.ts';

/** The fields of an alert its template data is made of. */
export type TemplateAlert = Pick<Alert, 'labels' | 'annotations' | 'startsAt' | 'endsAt' | 'generatorURL' | 'fingerprint'>;

/** A template input whose alerts carry only what the template data needs. */
export type TemplateInputOf<A extends TemplateAlert> = Omit<TemplateInput, 'alerts'> & { readonly alerts: readonly A[] };

/** The inputs of `buildTemplateData` for a notification's template input. */
export function templateDataInput(input: TemplateInputOf<TemplateAlert>): TemplateDataInput {
  return {
    receiver: input.receiver,
    groupLabels: input.groupLabels,
    routeLabels: input.routeLabels,
    notificationReason: input.reason,
    externalURL: input.externalURL,
    now: new Date(input.now),
    alerts: input.alerts.map(alertInput),
  };
}

/** Only the fields the template data is made of: what a render worker is sent of each alert. */
export function templateAlert(a: TemplateAlert): TemplateAlert {
  return {
    labels: a.labels,
    annotations: a.annotations,
    startsAt: a.startsAt,
    endsAt: a.endsAt,
    generatorURL: a.generatorURL,
    fingerprint: a.fingerprint,
  };
}

function alertInput(a: TemplateAlert): AlertInput {
  return {
    labels: a.labels,
    annotations: a.annotations,
    startsAt: new Date(a.startsAt),
    endsAt: isUnsetTime(a.endsAt) ? undefined : new Date(a.endsAt),
    generatorURL: a.generatorURL,
    fingerprint: a.fingerprint,
  };
}
