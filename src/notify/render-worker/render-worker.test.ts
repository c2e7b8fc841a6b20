import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { countTurns } from '../../../test/support/turn-counter.ts';
import { AlertmanagerTemplates, loadTemplates } from '../../template/alertmanager-templates.ts';
import { DEFAULT_TEMPLATE_SOURCES } from '../../template/defaults/index.ts';
import { renderWebhookPayload } from '../integrations/webhook-payload.ts';
import { alertmanagerTemplates } from '../template-adapter.ts';
import type { TemplateInput, TemplateTexts } from '../templates.ts';
import { alert, T0 } from '../test-fixtures.ts';
import { RenderWorker } from './render-worker.ts';

const templates = loadTemplates([]);
const worker = new RenderWorker();
after(() => worker.close());

function largeInput(count: number): TemplateInput {
  const alerts = Array.from({ length: count }, (_, i) =>
    alert(
      { alertname: 'A1', instance: `host-${i}`, team: i % 2 === 0 ? 'a' : 'b', ['__proto__']: 'odd name' },
      { annotations: { summary: `s <${i % 3}> é` }, endsAt: i % 5 === 0 ? T0 - 1 : undefined, generatorURL: `http://prom/graph?g=${i}` },
    ),
  );
  return { receiver: 'team.a', groupLabels: { alertname: 'A1' }, routeLabels: { owner: '{{ .Status }}' }, reason: 'new alerts added', externalURL: 'http://am', now: T0, alerts };
}

test('renders a large input\'s texts as the main thread does, text and html', async () => {
  const input = largeInput(2_000);
  const texts: TemplateTexts = {
    text: [
      '{{ template "slack.default.text" . }}',
      '{{ template "email.default.subject" . }}',
      '{{ .Receiver }} {{ .NotificationReason }} {{ .RouteLabels.owner }} {{ routeLabels "owner" }} {{ .CommonLabels.SortedPairs }}',
      '{{ range .Alerts }}{{ .Fingerprint }} {{ .StartsAt }} {{ .EndsAt }} {{ index .Labels "__proto__" }};{{ end }}',
    ],
    html: ['{{ template "email.default.html" . }}', '<!-- dropped --><b>{{ .Status }}</b>'],
    payloads: [],
  };
  const rendered = await worker.render(templates, input, texts);
  assert.ok(rendered !== undefined);
  assert.equal(rendered.complete, true);
  const main = alertmanagerTemplates(templates);
  for (const text of texts.text) assert.equal(rendered.text.get(text), main.executeText(text, input), text);
  for (const text of texts.html) assert.equal(rendered.html.get(text), main.executeHtml(text, input), text);
  assert.equal(rendered.html.get('<!-- dropped --><b>{{ .Status }}</b>'), '<b>firing</b>');
  // Times, fingerprints and a label named __proto__ cross to the worker intact.
  const each = /^[0-9a-f]{16} 2026-11-21 00:29:00 \+0000 UTC 2026-11-21 00:29:59\.999 \+0000 UTC odd name;[0-9a-f]{16} 2026-11-21 00:29:00 \+0000 UTC 0001-01-01 00:00:00 \+0000 UTC odd name;/;
  assert.ok(each.test(rendered.text.get(texts.text[3] as string) ?? ''));
});

test('payloads render as on the main thread: read back as data where Alertmanager does, keyed by the value given', async () => {
  const input = largeInput(1_000);
  const details = { firing: '{{ .Alerts.Firing | toJson }}', nested: { '{{ .Status }}': ['{{ len .Alerts }}', 7, true] }, list: '{{ template "__text_alert_list" .Alerts.Resolved }}' };
  const payloads = [details, '{{ .CommonLabels.alertname }}', '{{ len .Alerts }}'];
  const rendered = await worker.render(templates, input, { text: [], html: [], payloads });
  assert.ok(rendered !== undefined);
  assert.equal(rendered.complete, true);
  const main = alertmanagerTemplates(templates);
  for (const payload of payloads) assert.equal(rendered.payloads.get(payload), renderWebhookPayload(payload, (t) => main.executeText(t, input)));
  assert.equal(rendered.payloads.get('{{ len .Alerts }}'), '1000\n');
  assert.equal(rendered.payloads.get(details)?.startsWith('{"firing":[{"annotations":'), true);

  const failing = { a: '{{ .Nope.Deeper }}' };
  const partly = await worker.render(templates, input, { text: [], html: [], payloads: [failing, 'ok'] });
  assert.equal(partly?.complete, false);
  assert.deepEqual([...(partly?.payloads ?? [])], [['ok', '"ok"\n']]);
});

test('a text that fails is left out, and the others render', async () => {
  const input = largeInput(300);
  const rendered = await worker.render(templates, input, { text: ['{{ template "nope" . }}', '{{ len .Alerts }}'], html: ['{{ .Nope.Deeper }}'], payloads: [] });
  assert.ok(rendered !== undefined);
  assert.equal(rendered.complete, false);
  assert.deepEqual([...rendered.text], [['{{ len .Alerts }}', '300']]);
  assert.deepEqual([...rendered.html], []);
});

test('the main thread goes on while a large input is sent and rendered', async () => {
  const input = largeInput(20_000);
  const counter = countTurns();
  const rendered = await worker.render(templates, input, { text: ['{{ template "slack.default.text" . }}'], html: ['{{ template "email.default.html" . }}'], payloads: [] });
  const turns = counter.stop();
  assert.equal(rendered?.complete, true);
  assert.ok(turns > 10, `only ${turns} turns ran`);
});

test('each template set renders with its own definitions, also after the worker let older sets go', async () => {
  const sets = Array.from({ length: 6 }, (_, i) => new AlertmanagerTemplates([...DEFAULT_TEMPLATE_SOURCES, { name: 'own.tmpl', text: `{{ define "own" }}set ${i}: {{ len .Alerts }}{{ end }}` }]));
  const input = largeInput(300);
  const texts = { text: ['{{ template "own" . }}'], html: [], payloads: [] };
  for (const round of [0, 1]) {
    for (const [i, set] of sets.entries()) {
      const rendered = await worker.render(set, input, texts);
      assert.equal(rendered?.text.get(texts.text[0] as string), `set ${i}: 300`, `round ${round}`);
    }
  }
});

test('the worker ends after an idle spell and starts again for the next render', async () => {
  const idle = new RenderWorker({ idleMs: 50 });
  try {
    const texts = { text: ['{{ len .Alerts }}'], html: [], payloads: [] };
    assert.equal((await idle.render(templates, largeInput(300), texts))?.text.get('{{ len .Alerts }}'), '300');
    assert.equal(idle.running, true);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(idle.running, false);
    assert.equal((await idle.render(templates, largeInput(400), texts))?.text.get('{{ len .Alerts }}'), '400');
  } finally {
    await idle.close();
  }
});

test('releasing stops an idle worker at once, and leaves a busy one to finish its render', async () => {
  const released = new RenderWorker();
  try {
    const texts = { text: ['{{ len .Alerts }}'], html: [], payloads: [] };
    await released.render(templates, largeInput(300), texts);
    assert.equal(released.running, true);
    released.release();
    assert.equal(released.running, false);
    const pending = released.render(templates, largeInput(20_000), { ...texts, html: ['{{ template "email.default.html" . }}'] });
    await new Promise((resolve) => setImmediate(resolve));
    released.release();
    assert.equal(released.running, true);
    assert.equal((await pending)?.text.get('{{ len .Alerts }}'), '20000');
  } finally {
    await released.close();
  }
});

test('closing resolves a render under way, and later ones, with nothing rendered', async () => {
  const closing = new RenderWorker();
  const pending = closing.render(templates, largeInput(20_000), { text: ['{{ template "slack.default.text" . }}'], html: [], payloads: [] });
  await new Promise((resolve) => setImmediate(resolve));
  await closing.close();
  assert.equal(await pending, undefined);
  assert.equal(await closing.render(templates, largeInput(300), { text: ['{{ len .Alerts }}'], html: [], payloads: [] }), undefined);
  assert.equal(closing.running, false);
});
