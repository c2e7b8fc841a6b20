import { isUnsetTime } from '../alerts/timestamps.ts';
import type { AlertmanagerTemplates } from '../template/alertmanager-templates.ts';
import { buildTemplateData, markRouteLabelsRendered } from '../template/data.ts';
import type { Data } from '../template/data.ts';
import type { NotificationTemplates, TemplateInput } from './templates.ts';

/**
 * Notification templates backed by the loaded Alertmanager templates. The template data of an
 * input is built once (Alertmanager's `GetTemplateData`, route labels already rendered by the
 * dispatcher) and reused for every string rendered against that input.
 */
export function alertmanagerTemplates(templates: AlertmanagerTemplates): NotificationTemplates {
  const cache = new WeakMap<TemplateInput, Data>();
  const dataOf = (input: TemplateInput): Data => {
    let data = cache.get(input);
    if (data === undefined) {
      data = buildTemplateData({
        receiver: input.receiver,
        groupLabels: input.groupLabels,
        routeLabels: input.routeLabels,
        notificationReason: input.reason,
        externalURL: input.externalURL,
        now: new Date(input.now),
        alerts: input.alerts.map((a) => ({
          labels: a.labels,
          annotations: a.annotations,
          startsAt: new Date(a.startsAt),
          endsAt: isUnsetTime(a.endsAt) ? undefined : new Date(a.endsAt),
          generatorURL: a.generatorURL,
          fingerprint: a.fingerprint,
        })),
      });
      markRouteLabelsRendered(data);
      cache.set(input, data);
    }
    return data;
  };
  return {
    executeText: (text, input) => templates.executeText(text, dataOf(input)),
    executeHtml: (text, input) => templates.executeHtml(text, dataOf(input)),
  };
}
