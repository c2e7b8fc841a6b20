/**
 * Template rendering throughput for a 100-alert group: `node --import tsx bench/templates.ts`.
 * Reports renders per second of the Slack text (and the other chat-style templates) and of the
 * HTML e-mail.
 */
import { loadTemplates } from '../src/template/alertmanager-templates.ts';
import { buildTemplateData } from '../src/template/data.ts';

const now = new Date('2026-11-21T00:30:00Z');
const alerts = Array.from({ length: 100 }, (_, i) => ({
  labels: { alertname: 'TargetDown', job: 'blackbox', severity: i % 3 === 0 ? 'critical' : 'warning', instance: `host-${i}:9115` },
  annotations: { summary: 'Target down', description: `Probe ${i} failed` },
  startsAt: new Date(now.getTime() - (i + 1) * 60_000),
  endsAt: i % 7 === 0 ? new Date(now.getTime() - 1000) : new Date(now.getTime() + 300_000),
  generatorURL: `http://prometheus:9090/graph?g0.expr=probe_success%7Binstance%3D%22host-${i}%22%7D`,
}));
const data = buildTemplateData({ receiver: 'bulk', groupLabels: { alertname: 'TargetDown' }, alerts, externalURL: 'http://am:9093', now });
const templates = loadTemplates([]);

function bench(label: string, render: () => string, minMs = 1500): void {
  for (let i = 0; i < 50; i++) render();
  let n = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < minMs) {
    for (let i = 0; i < 20; i++) render();
    n += 20;
    elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  }
  console.log(`${label.padEnd(34)} ${Math.round((n / elapsed) * 1000).toLocaleString('en-US').padStart(10)} renders/s  (${render().length} bytes)`);
}

const text = (name: string) => (): string => templates.executeText(`{{ template "${name}" . }}`, data);
bench('slack.default.text', text('slack.default.text'));
bench('slack.default.title', text('slack.default.title'));
bench('opsgenie.default.description', text('opsgenie.default.description'));
bench('msteams.default.text', text('msteams.default.text'));
bench('email.default.html', () => templates.executeHtml('{{ template "email.default.html" . }}', data));
