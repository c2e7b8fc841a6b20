import type { AlertmanagerTemplates } from '../template/alertmanager-templates.ts';
import { buildTemplateData, buildTemplateDataInSlices, markRouteLabelsRendered } from '../template/data.ts';
import type { Data } from '../template/data.ts';
import type { RenderedTexts, TemplateRenderer } from './render-worker/render-worker.ts';
import { templateDataInput } from './template-data-input.ts';
import { hasTemplateActions, LARGE_INPUT_ALERTS } from './templates.ts';
import type { NotificationTemplates, TemplateInput } from './templates.ts';

/**
 * Notification templates backed by the loaded Alertmanager templates. The template data of an
 * input is built once (Alertmanager's `GetTemplateData`, route labels already rendered by the
 * dispatcher) and reused for every string rendered against that input. With a `renderer`, a
 * large input's texts are rendered by it ahead, off the main thread; what it could not render is
 * rendered here.
 */
export function alertmanagerTemplates(templates: AlertmanagerTemplates, renderer?: TemplateRenderer): NotificationTemplates {
  const cache = new WeakMap<TemplateInput, Data>();
  const rendered = new WeakMap<TemplateInput, RenderedTexts>();
  const remember = (input: TemplateInput, data: Data): Data => {
    markRouteLabelsRendered(data);
    cache.set(input, data);
    return data;
  };
  const dataOf = (input: TemplateInput): Data => cache.get(input) ?? remember(input, buildTemplateData(templateDataInput(input)));
  // A failure here surfaces where the data is built again, when a string is rendered.
  const buildInSlices = (input: TemplateInput): Promise<void> =>
    buildTemplateDataInSlices(templateDataInput(input)).then(
      (data) => void remember(input, data),
      () => undefined,
    );
  return {
    // A string without actions renders as itself: no data needed.
    executeText: (text, input) =>
      rendered.get(input)?.text.get(text) ?? (hasTemplateActions(text) ? templates.executeText(text, dataOf(input)) : text),
    executeHtml: (text, input) => rendered.get(input)?.html.get(text) ?? templates.executeHtml(text, dataOf(input)),
    preparedPayload: (payload, input) => rendered.get(input)?.payloads.get(payload),
    prepare: (input, texts) => {
      if (input.alerts.length <= LARGE_INPUT_ALERTS || cache.has(input) || rendered.has(input)) return undefined;
      if (renderer === undefined || texts === undefined) return buildInSlices(input);
      return renderer.render(templates, input, texts).then((result) => {
        if (result !== undefined) rendered.set(input, result);
        return result?.complete === true ? undefined : buildInSlices(input);
      });
    },
  };
}
