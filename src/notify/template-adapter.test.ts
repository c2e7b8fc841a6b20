import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadTemplates } from '../template/alertmanager-templates.ts';
import { countTurns } from '../../test/support/turn-counter.ts';
import { alertmanagerTemplates } from './template-adapter.ts';
import type { RenderedTexts, TemplateRenderer } from './render-worker/render-worker.ts';
import type { TemplateInput, TemplateTexts } from './templates.ts';
import { alert, T0 } from './test-fixtures.ts';

function sizedInput(count: number): TemplateInput {
  const alerts = Array.from({ length: count }, (_, i) =>
    alert({ alertname: 'A1', instance: `host-${i}`, job: 'node', team: i % 2 === 0 ? 'a' : 'b' }, { annotations: { summary: `s${i % 3}`, description: 'disk full' } }),
  );
  return { receiver: 'r', groupLabels: { alertname: 'A1' }, routeLabels: {}, reason: 'first notification', externalURL: 'http://am', now: T0, alerts };
}

test('alertmanagerTemplates renders config strings against the notification data', () => {
  const templates = alertmanagerTemplates(loadTemplates([]));
  const input: TemplateInput = {
    receiver: 'team.a',
    groupLabels: { alertname: 'A1' },
    routeLabels: { team: 'x' },
    reason: 'new alerts added',
    externalURL: 'http://am.example',
    now: T0,
    alerts: [alert({ alertname: 'A1', i: '1' }), alert({ alertname: 'A1', i: '2' }, { endsAt: T0 - 1 })],
  };
  const render = (t: string): string => templates.executeText(t, input);
  assert.equal(render('{{ .Receiver }}|{{ .Status }}|{{ .GroupLabels.alertname }}'), 'team\\.a|firing|A1');
  assert.equal(render('{{ .NotificationReason }}|{{ len .Alerts.Firing }}|{{ len .Alerts.Resolved }}'), 'new alerts added|1|1');
  assert.equal(render('{{ (index .Alerts 0).EndsAt }}'), '0001-01-01 00:00:00 +0000 UTC');
  assert.equal(render('{{ .RouteLabels.team }}'), 'x');
  assert.throws(() => render('{{ .Nope'));
  assert.equal(templates.executeHtml('<b>{{ .CommonLabels.alertname }}</b>{{ "<i>" }}', input), '<b>A1</b>&lt;i&gt;');
});

test('a large input is prepared over several turns and then renders what an unprepared one renders', async () => {
  const alerts = Array.from({ length: 20_000 }, (_, i) =>
    alert({ alertname: 'A1', instance: `host-${i}`, team: i % 2 === 0 ? 'a' : 'b' }, { annotations: { summary: `s${i % 3}` }, endsAt: i % 5 === 0 ? T0 - 1 : undefined }),
  );
  const input = (): TemplateInput => ({ receiver: 'r', groupLabels: { alertname: 'A1' }, routeLabels: {}, reason: 'first notification', externalURL: 'http://am', now: T0, alerts });
  const text = '{{ .Status }} {{ len .Alerts.Firing }}/{{ len .Alerts.Resolved }} {{ .CommonLabels.SortedPairs }} {{ range .Alerts }}{{ .Labels.instance }}={{ .Status }},{{ end }}';
  const prepared = alertmanagerTemplates(loadTemplates([]));
  const large = input();
  const counter = countTurns();
  const ready = prepared.prepare?.(large);
  assert.ok(ready instanceof Promise);
  await ready;
  assert.ok(counter.stop() > 1, 'other turns ran while the data was built');
  assert.equal(prepared.prepare?.(large), undefined, 'prepared once');
  assert.equal(prepared.executeText(text, large), alertmanagerTemplates(loadTemplates([])).executeText(text, input()));

  const small: TemplateInput = { ...input(), alerts: alerts.slice(0, 10) };
  assert.equal(prepared.prepare?.(small), undefined, 'a small input is built when first rendered');
});

test('with a renderer, a large input\'s texts it rendered are used as they are, and the rest render here', async () => {
  const asked: TemplateTexts[] = [];
  const rendered: RenderedTexts = { text: new Map([['{{ .Status }}', 'from the worker']]), html: new Map([['<b>{{ .Status }}</b>', 'html from the worker']]), payloads: new Map([['{{ .Status }}', '"payload from the worker"']]), complete: false };
  const renderer: TemplateRenderer = { render: (_templates, _input, texts) => (asked.push(texts), Promise.resolve(rendered)) };
  const templates = alertmanagerTemplates(loadTemplates([]), renderer);
  const large = sizedInput(20_000);
  const texts: TemplateTexts = { text: ['{{ .Status }}', '{{ len .Alerts }}'], html: ['<b>{{ .Status }}</b>'], payloads: ['{{ .Status }}'] };
  const counter = countTurns();
  await templates.prepare?.(large, texts);
  assert.ok(counter.stop() > 1, 'what the renderer left out renders over data built in slices');
  assert.deepEqual(asked, [texts]);
  assert.equal(templates.prepare?.(large, texts), undefined, 'prepared once');
  assert.equal(templates.executeText('{{ .Status }}', large), 'from the worker');
  assert.equal(templates.executeHtml('<b>{{ .Status }}</b>', large), 'html from the worker');
  assert.equal(templates.executeText('{{ len .Alerts }}', large), '20000');
  assert.equal(templates.executeText('no actions', large), 'no actions');
  assert.equal(templates.preparedPayload?.('{{ .Status }}', large), '"payload from the worker"');
  assert.equal(templates.preparedPayload?.('{{ len .Alerts }}', large), undefined);
});

test('a complete render needs no template data; a render that failed falls back to data built in slices', async () => {
  const texts: TemplateTexts = { text: ['{{ len .Alerts }}'], html: [], payloads: [] };
  const complete: RenderedTexts = { text: new Map([['{{ len .Alerts }}', 'counted']]), html: new Map(), payloads: new Map(), complete: true };
  const byWorker = alertmanagerTemplates(loadTemplates([]), { render: () => Promise.resolve(complete) });
  const large = sizedInput(20_000);
  let counter = countTurns();
  await byWorker.prepare?.(large, texts);
  assert.equal(counter.stop(), 0, 'no data was built');
  assert.equal(byWorker.executeText('{{ len .Alerts }}', large), 'counted');

  const failed = alertmanagerTemplates(loadTemplates([]), { render: () => Promise.resolve(undefined) });
  const again = sizedInput(20_000);
  counter = countTurns();
  await failed.prepare?.(again, texts);
  assert.ok(counter.stop() > 1);
  assert.equal(failed.executeText('{{ len .Alerts }}', again), '20000');
  assert.equal(failed.prepare?.(sizedInput(10), texts), undefined, 'a small input is rendered here, when asked');
});
