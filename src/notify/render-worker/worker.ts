/**
 * The template render worker's thread: renders a notification's config strings over its template
 * data, with the same templates and the same data builder as the main thread.
 */
import { parentPort } from 'node:worker_threads';
import { AlertmanagerTemplates } from '../../template/alertmanager-templates.ts';
import { buildTemplateData, markRouteLabelsRendered } from '../../template/data.ts';
import { renderWebhookPayload } from '../integrations/webhook-payload.ts';
import type { TemplateAlert } from '../template-data-input.ts';
import { templateDataInput } from '../template-data-input.ts';
import type { FromWorker, ToWorker } from './protocol.ts';

const port = parentPort;
if (port === null) throw new Error('the render worker runs in a worker thread');

const templateSets = new Map<number, AlertmanagerTemplates>();
const jobAlerts = new Map<number, TemplateAlert[]>();

port.on('message', (message: ToWorker) => {
  switch (message.type) {
    case 'templates':
      templateSets.set(message.id, new AlertmanagerTemplates(message.sources));
      return;
    case 'forget':
      templateSets.delete(message.id);
      return;
    case 'alerts': {
      const list = jobAlerts.get(message.job);
      if (list === undefined) jobAlerts.set(message.job, [...message.alerts]);
      else for (const a of message.alerts) list.push(a);
      return;
    }
    case 'render': {
      const alerts = jobAlerts.get(message.job) ?? [];
      jobAlerts.delete(message.job);
      port.postMessage(render(message.job, templateSets.get(message.templates), message, alerts));
      return;
    }
  }
});

function render(job: number, templates: AlertmanagerTemplates | undefined, message: Extract<ToWorker, { type: 'render' }>, alerts: readonly TemplateAlert[]): FromWorker {
  const { texts } = message;
  if (templates === undefined) return { job, text: texts.text.map(() => null), html: texts.html.map(() => null), payloads: texts.payloads.map(() => null) };
  const data = buildTemplateData(templateDataInput({ ...message.input, alerts }));
  // The dispatcher rendered the route labels already, as on the main thread.
  markRouteLabelsRendered(data);
  return {
    job,
    text: texts.text.map((t) => attempt(() => templates.executeText(t, data))),
    html: texts.html.map((t) => attempt(() => templates.executeHtml(t, data))),
    payloads: texts.payloads.map((p) => attempt(() => renderWebhookPayload(p, (t) => templates.executeText(t, data)))),
  };
}

// A text that fails is left to the main thread, which renders it again and reports its error.
function attempt(render: () => string): string | null {
  try {
    return render();
  } catch {
    return null;
  }
}
