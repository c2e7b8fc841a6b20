import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadTemplates } from '../template/alertmanager-templates.ts';
import { countTurns } from '../../test/support/turn-counter.ts';
import { alertmanagerTemplates } from './template-adapter.ts';
import type { TemplateInput } from './templates.ts';
import { alert, T0 } from './test-fixtures.ts';

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
