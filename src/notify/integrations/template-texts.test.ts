import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Secret } from '../../config/secret.ts';
import { DEFAULT_EMAIL_SUBJECT } from '../../config/email-headers.ts';
import type { ReceiverConfig } from '../../config/types.ts';
import { hasTemplateActions } from '../templates.ts';
import type { NotificationTemplates, TemplateTexts } from '../templates.ts';
import { createIntegrations, templateTexts } from './create-integrations.ts';
import { selfSignedCertificate, SmtpTestServer } from './email-test-support.ts';
import {
  CaptureServer, chatContext, fixtureReceiver, FIRING, loadFixture, receiverYaml, recordingLogger, RESOLVED, scenarioReceiver, testDeps,
} from './integration-test-support.ts';

test('the texts of a config: its templated strings, html fields apart, secrets and plain strings left out', () => {
  const email = {
    send_resolved: false, to: '{{ .GroupLabels.team }}@example.com', from: 'am@example.com', html: '<b>static</b>', text: '',
    headers: { Subject: 'S {{ .Status }}', 'X-Plain': 'plain' }, auth_password: new Secret('{{ not rendered }}'),
  };
  assert.deepEqual(templateTexts('email_configs', email as never), {
    text: [DEFAULT_EMAIL_SUBJECT, '{{ .GroupLabels.team }}@example.com', 'S {{ .Status }}'],
    html: ['<b>static</b>'],
    payloads: [],
  });
  const telegram = { message: '<b>{{ .Status }}</b>', parse_mode: 'HTML', bot_token: new Secret('t') };
  assert.deepEqual(templateTexts('telegram_configs', telegram as never), { text: [], html: ['<b>{{ .Status }}</b>'], payloads: [] });
  assert.deepEqual(templateTexts('telegram_configs', { ...telegram, parse_mode: 'MarkdownV2' } as never), { text: ['<b>{{ .Status }}</b>'], html: [], payloads: [] });
  const slack = { title: '{{ .Status }}', fields: [{ title: 'f {{ .Status }}', value: 'v', short: true }], actions: [{ text: '{{ .Status }}', url: 'u {{ .Receiver }}' }] };
  assert.deepEqual(templateTexts('slack_configs', slack as never), { text: ['{{ .Status }}', 'f {{ .Status }}', 'u {{ .Receiver }}'], html: [], payloads: [] });
  const details = { firing: '{{ .Alerts.Firing | toJson }}', nested: { n: '{{ .Status }}' } };
  assert.deepEqual(templateTexts('pagerduty_configs', { description: '{{ .Status }}', details } as never), { text: ['{{ .Status }}'], html: [], payloads: [details.firing, details.nested] });
});

// Renders each text as the real templates do and records it; `prepare` records what it is given.
function recordingTemplates(real: NotificationTemplates): NotificationTemplates & { prepared: TemplateTexts[]; rendered: { text: Set<string>; html: Set<string> } } {
  const prepared: TemplateTexts[] = [];
  const rendered = { text: new Set<string>(), html: new Set<string>() };
  return {
    prepared,
    rendered,
    executeText: (text, input) => {
      if (hasTemplateActions(text)) rendered.text.add(text);
      return real.executeText(text, input);
    },
    executeHtml: (text, input) => {
      rendered.html.add(text);
      return real.executeHtml(text, input);
    },
    prepare: (_input, texts) => void prepared.push(texts ?? { text: [], html: [], payloads: [] }),
  };
}

let capture: CaptureServer;
let smtp: SmtpTestServer;
before(async () => {
  capture = await CaptureServer.start({
    // Enough of every API's answer for its integration to get to its notification.
    fallback: { status: 200, body: '{"ok":true,"errcode":0,"access_token":"t","expires_in":7200,"issues":[],"total":0}' },
    answerHeaders: { 'content-type': 'application/json' },
  });
  smtp = await SmtpTestServer.start({ certificate: await selfSignedCertificate(), authMethods: ['PLAIN', 'LOGIN'] });
});
after(async () => {
  await capture.close();
  await smtp.close();
});

function receivers(): ReceiverConfig[] {
  const base = capture.base;
  const ops = [['opsgenie', 'defaults'], ['pagerduty', 'events-v2'], ['victorops', 'defaults'], ['webex', 'defaults']] as const;
  const yaml = (lines: string): ReceiverConfig => fixtureReceiver('none', base, receiverYaml(lines));
  return [
    fixtureReceiver('email', base, undefined, String(smtp.port)),
    fixtureReceiver('slack', base),
    ...ops.map(([dir, name]) => scenarioReceiver(loadFixture(dir, name), base)),
    yaml(`    msteams_configs:\n      - webhook_url: ${base}/teams\n`),
    yaml(`    msteamsv2_configs:\n      - webhook_url: ${base}/teams2\n`),
    yaml(`    mattermost_configs:\n      - webhook_url: ${base}/mm\n`),
    yaml(`    rocketchat_configs:\n      - api_url: ${base}\n        token: t\n        token_id: i\n        channel: c\n`),
    yaml(`    jira_configs:\n      - api_url: ${base}/jira\n        project: OPS\n        issue_type: Bug\n        http_config:\n          basic_auth:\n            username: u\n            password: p\n`),
  ];
}

test('every integration that renders over its alerts renders only texts its preparation was given', async () => {
  const deps = testDeps();
  const seen = new Set<string>();
  try {
    for (const receiver of receivers()) {
      for (const integration of createIntegrations(receiver, { ...deps, logger: recordingLogger() })) {
        if (integration.prepare === undefined) continue;
        const templates = recordingTemplates(deps.templates);
        // The integration again, over templates that record what it renders.
        const [recorded] = createIntegrations(
          { name: receiver.name, [`${integration.name}_configs`]: [(receiver as unknown as Record<string, unknown[]>)[`${integration.name}_configs`]?.[integration.index]] },
          { ...deps, templates, logger: recordingLogger() },
        );
        assert.ok(recorded !== undefined);
        const ctx = chatContext();
        await recorded.prepare?.(ctx, [FIRING, RESOLVED]);
        await recorded.notifier.notify(ctx, [FIRING, RESOLVED]).catch(() => undefined);
        const label = `${integration.name}[${integration.index}]`;
        const [texts] = templates.prepared;
        assert.ok(texts !== undefined, `${label} prepared nothing`);
        assert.ok(templates.rendered.text.size + templates.rendered.html.size > 0, `${label} rendered nothing`);
        // A payload's strings, keys included, render through `render` where nothing was prepared.
        const inPayloads = new Set<string>();
        const collect = (value: unknown): void => {
          if (typeof value === 'string') {
            inPayloads.add(value);
          } else if (Array.isArray(value)) {
            value.forEach(collect);
          } else if (typeof value === 'object' && value !== null) {
            for (const [k, v] of Object.entries(value)) {
              inPayloads.add(k);
              collect(v);
            }
          }
        };
        texts.payloads.forEach(collect);
        for (const text of templates.rendered.text) assert.ok(texts.text.includes(text) || inPayloads.has(text), `${label} rendered ${JSON.stringify(text)} unprepared`);
        for (const text of templates.rendered.html) assert.ok(texts.html.includes(text), `${label} rendered html ${JSON.stringify(text)} unprepared`);
        seen.add(integration.name);
      }
    }
  } finally {
    await deps.http.close();
  }
  assert.deepEqual([...seen].sort(), [
    'discord', 'email', 'jira', 'mattermost', 'msteams', 'msteamsv2', 'opsgenie', 'pagerduty', 'pushover', 'rocketchat', 'slack', 'sns', 'telegram', 'victorops', 'webex', 'wechat',
  ]);
});
