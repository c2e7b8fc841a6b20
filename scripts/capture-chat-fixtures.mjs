// Captures the requests Alertmanager 0.25 (/usr/bin/prometheus-alertmanager) sends to Slack and
// Discord for the alerts the chat integration tests use, and stores them (method, path, the
// headers that matter, body) under test/fixtures/integrations/<name>/<scenario>.json, beside the
// config used (am-0.25-config.yml).
// Usage: node scripts/capture-chat-fixtures.mjs [path/to/alertmanager]
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_BINARY, startAndPost } from './lib/alertmanager-process.mjs';
import { CHAT_ALERTS as ALERTS, CHAT_CONFIG_HEAD } from './lib/chat-alerts.mjs';
import { collect, pollUntil } from './lib/capture-server.mjs';
import { listen } from './lib/free-port.mjs';

const binary = process.argv[2] ?? DEFAULT_BINARY;
const fixtures = new URL('../test/fixtures/integrations/', import.meta.url);

// Which receiver config produced which path on the capture server.
const SCENARIOS = {
  '/slack/default': ['slack', 'am-0.25-default'],
  '/slack/rich': ['slack', 'am-0.25-rich'],
  '/api/chat.postMessage': ['slack', 'am-0.25-bot-token'],
  '/discord/default': ['discord', 'am-0.25-default'],
};

// The config posted to; the tests load it too, with @BASE@ pointing at their own server.
const CONFIG = `
${CHAT_CONFIG_HEAD}    slack_configs:
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

const captured = new Map();
const capture = createServer((req, res) => {
  collect(req, (body) => {
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
let am;
try {
  am = await startAndPost(binary, dir, CONFIG.replaceAll('@BASE@', base), ALERTS);
  await pollUntil(() => captured.size >= Object.keys(SCENARIOS).length, 15_000);
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
  am?.kill();
  capture.close();
  await rm(dir, { recursive: true, force: true });
}
