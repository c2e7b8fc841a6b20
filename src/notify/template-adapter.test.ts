import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadTemplates } from '../template/alertmanager-templates.ts';
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
