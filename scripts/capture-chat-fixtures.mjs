// Captures the requests Alertmanager 0.25 (/usr/bin/prometheus-alertmanager) sends to Slack and
// Discord for the alerts the chat integration tests use, and stores them (method, path, the
// headers that matter, body) under test/fixtures/integrations/<name>/<scenario>.json, beside the
// config used (am-0.25-config.yml).
// Usage: node scripts/capture-chat-fixtures.mjs [path/to/alertmanager]
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const binary = process.argv[2] ?? '/usr/bin/prometheus-alertmanager';
const fixtures = new URL('../test/fixtures/integrations/', import.meta.url);

// Which receiver config produced which path on the capture server.
const SCENARIOS = {
  '/slack/default': ['slack', 'am-0.25-default'],
  '/slack/rich': ['slack', 'am-0.25-rich'],
  '/api/chat.postMessage': ['slack', 'am-0.25-bot-token'],
  '/discord/default': ['discord', 'am-0.25-default'],
};

// The alerts of the tests (src/notify/integrations/slack.test.ts, discord.test.ts).
const ALERTS = [
  {
    labels: { alertname: 'A1', instance: 'i1', severity: 'warning' },
    annotations: { summary: 's <b>&', description: 'line1\nline2 \u2028 é' },
    generatorURL: 'http://prom.example/graph?g0.expr=up&x=<1>',
    startsAt: '2026-11-21T00:29:41.451Z',
  },
  {
    labels: { alertname: 'A1', instance: 'i2', severity: 'warning' },
    annotations: { summary: 's <b>&' },
    startsAt: '2026-11-21T00:29:40Z',
    endsAt: '2026-11-21T00:30:00.5Z',
  },
];

// The config posted to; the tests load it too, with @BASE@ pointing at their own server.
const CONFIG = `
route:
  receiver: chat
  group_by: [alertname]
  group_wait: 1s
receivers:
  - name: chat
    slack_configs:
      - api_url: @BASE@/slack/default
      - api_url: @BASE@/slack/rich
        send_resolved: true
        channel: '#alerts'
        username: 'bot {{ .CommonLabels.severity }}'
        icon_emoji: ':fire:'
        link_names: true
        title_link: 'http://grafana.example/d?x=1&y=2'
        pretext: 'pre <{{ .Status }}>'
        text: '{{ range .Alerts }}{{ .Annotations.summary }} {{ end }}'
        short_fields: true
        fields:
          - title: severity
            value: '{{ .CommonLabels.severity }}'
          - title: fixed
            value: v
            short: false
        footer: foot
        fallback: 'fb {{ .GroupLabels.alertname }}'
        callback_id: cb
        image_url: http://img.example/i.png
        thumb_url: http://img.example/t.png
        mrkdwn_in: [text]
        actions:
          - type: button
            text: 'Runbook <x>'
            url: 'http://rb.example/?a=1&b=2'
            style: primary
          - type: button
            text: Ack
            name: ack
            value: v
            confirm:
              text: sure?
              title: T
              ok_text: 'yes'
              dismiss_text: 'no'
      - api_url: @BASE@/api/chat.postMessage
        channel: C0123
        http_config:
          authorization:
            credentials: xoxb-test
    discord_configs:
      - webhook_url: @BASE@/discord/default
`;

async function listen(server) {
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server.address().port;
}

async function freePort() {
  const s = createServer();
  const port = await listen(s);
  await new Promise((resolve) => s.close(resolve));
  return port;
}

async function waitReady(url, deadline) {
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`alertmanager not ready at ${url}`);
}

const captured = new Map();
const capture = createServer((req, res) => {
  let body = '';
  req.on('data', (chunk) => (body += chunk.toString('utf8')));
  req.on('end', () => {
    captured.set(req.url, {
      method: req.method,
      path: req.url,
      headers: {
        'content-type': req.headers['content-type'],
        'user-agent': req.headers['user-agent']?.replace(/^Alertmanager\/.*/, 'Alertmanager/<version>'),
        ...(req.headers.authorization === undefined ? {} : { authorization: req.headers.authorization }),
      },
      body,
    });
    if (req.url.startsWith('/discord')) {
      res.writeHead(204).end();
    } else if (req.url === '/api/chat.postMessage') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true,"channel":"C0123","ts":"1.2"}');
    } else {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    }
  });
});
const base = `http://127.0.0.1:${await listen(capture)}`;

const dir = await mkdtemp(join(tmpdir(), 'tocsin-capture-'));
const configFile = join(dir, 'alertmanager.yml');
await writeFile(configFile, CONFIG.replaceAll('@BASE@', base));
const port = await freePort();
const am = spawn(
  binary,
  [
    `--config.file=${configFile}`,
    `--storage.path=${dir}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--cluster.listen-address=',
    '--web.external-url=http://am.example:9093',
  ],
  { stdio: ['ignore', 'ignore', 'inherit'] },
);
try {
  await waitReady(`http://127.0.0.1:${port}/-/ready`, Date.now() + 15_000);
  const posted = await fetch(`http://127.0.0.1:${port}/api/v2/alerts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ALERTS),
  });
  if (!posted.ok) throw new Error(`POST alerts: ${posted.status} ${await posted.text()}`);
  const deadline = Date.now() + 15_000;
  while (captured.size < Object.keys(SCENARIOS).length && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  for (const [path, [name, scenario]] of Object.entries(SCENARIOS)) {
    const request = captured.get(path);
    if (request === undefined) throw new Error(`no request captured for ${path}`);
    const out = new URL(`${name}/`, fixtures);
    await mkdir(out, { recursive: true });
    await writeFile(new URL(`${scenario}.json`, out), `${JSON.stringify(request, null, 2)}\n`);
    await writeFile(new URL('am-0.25-config.yml', out), CONFIG.trimStart());
    console.log(`captured ${name}/${scenario}.json`);
  }
} finally {
  am.kill();
  capture.close();
  await rm(dir, { recursive: true, force: true });
}
