import { isUnsetTime } from '../alerts/timestamps.ts';
import type { Alert } from '../alerts/alert.ts';
import type { AlertmanagerTemplates } from '../template/alertmanager-templates.ts';
import { buildTemplateData, buildTemplateDataInSlices, markRouteLabelsRendered } from '../template/data.ts';
import type { AlertInput, Data, TemplateDataInput } from '../template/data.ts';
import { LARGE_INPUT_ALERTS } from './templates.ts';
import type { NotificationTemplates, TemplateInput } from './templates.ts';

/**
 * Notification templates backed by the loaded Alertmanager templates. The template data of an
 * input is built once (Alertmanager's `GetTemplateData`, route labels already rendered by the
 * dispatcher) and reused for every string rendered against that input.
 */
export function alertmanagerTemplates(templates: AlertmanagerTemplates): NotificationTemplates {
  const cache = new WeakMap<TemplateInput, Data>();
  const remember = (input: TemplateInput, data: Data): Data => {
    markRouteLabelsRendered(data);
    cache.set(input, data);
    return data;
  };
  const dataOf = (input: TemplateInput): Data => cache.get(input) ?? remember(input, buildTemplateData(dataInput(input)));
  return {
    executeText: (text, input) => templates.executeText(text, dataOf(input)),
    executeHtml: (text, input) => templates.executeHtml(text, dataOf(input)),
    prepare: (input) => {
      if (input.alerts.length <= LARGE_INPUT_ALERTS || cache.has(input)) return undefined;
      // A failure here surfaces where the data is built again, when a string is rendered.
      return buildTemplateDataInSlices(dataInput(input)).then(
        (data) => void remember(input, data),
        () => undefined,
      );
    },
  };
}

function dataInput(input: TemplateInput): TemplateDataInput {
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

function alertInput(a: Alert): AlertInput {
  return {
    labels: a.labels,
    annotations: a.annotations,
    startsAt: new Date(a.startsAt),
    endsAt: isUnsetTime(a.endsAt) ? undefined : new Date(a.endsAt),
    generatorURL: a.generatorURL,
    fingerprint: a.fingerprint,
  };
}
