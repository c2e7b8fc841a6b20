#!/usr/bin/env node
// Captures the requests Alertmanager (the Debian 0.25 binary) sends to PagerDuty, OpsGenie,
// VictorOps and Webex, as fixtures for the integration tests under
// test/fixtures/integrations/<name>/<scenario>.json.
//
// For each scenario one Alertmanager runs with a root route only (group key
// `{}:{alertname="A1"}`), every integration URL pointing at a local capture server. Two alerts are
// posted firing, then resolved; the requests of each flush are recorded (method, path with query,
// the headers that matter, raw body). The capture server's host:port is replaced by
// `127.0.0.1:PORT` and Alertmanager's User-Agent by `Alertmanager/VERSION`.
//
// Usage: node scripts/capture-ops-fixtures.mjs [/usr/bin/prometheus-alertmanager]
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_BINARY, postAlerts, spawnAlertmanager } from './lib/alertmanager-process.mjs';
import { collect, sleep, waitFor } from './lib/capture-server.mjs';
import { freePort, listen } from './lib/free-port.mjs';

const binary = process.argv[2] ?? DEFAULT_BINARY;
const root = join(dirname(fileURLToPath(import.meta.url)), '..', 'test', 'fixtures', 'integrations');
const EXTERNAL_URL = 'http://am.example:9093';
const KEPT_HEADERS = ['authorization', 'content-type', 'user-agent'];

const STARTS_AT = ['2026-11-21T00:29:00Z', '2026-11-21T00:29:30.5Z'];
const RESOLVED_AT = '2026-11-21T00:31:00Z';
/** The alerts of every scenario, as posted to /api/v2/alerts (endsAt added when resolving). */
const ALERTS = [
  {
    labels: { alertname: 'A1', instance: 'host1:9100', severity: 'critical', team: 'db' },
    annotations: { summary: 'Disk <full> & "hot"', description: 'Disk on host1 is 99% full' },
    generatorURL: 'http://prom.example/graph?g0.expr=up&g0.tab=1',
    startsAt: STARTS_AT[0],
  },
  {
    labels: { alertname: 'A1', instance: 'host2:9100', severity: 'critical', team: 'db' },
    annotations: { summary: 'Disk <full> & "hot"', description: 'Disk on host2 is 97% full' },
    generatorURL: 'http://prom.example/graph?g0.expr=up&g0.tab=1',
    startsAt: STARTS_AT[1],
  },
];

/** Each scenario: integration dir, file name, receiver YAML (BASE = capture server), requests per flush. */
const SCENARIOS = [
  {
    dir: 'pagerduty',
    name: 'events-v2',
    expect: [1, 1],
    receiver: `
    pagerduty_configs:
      - routing_key: rk-0123456789
        url: BASE/v2/enqueue
        severity: '{{ .CommonLabels.severity }}'
        class: disk
        component: '{{ .CommonLabels.instance }}'
        group: '{{ .CommonLabels.team }}'
        details:
          team: '{{ .CommonLabels.team }}'
          static: plain value
        images:
          - src: https://img.example/a.png
            alt: graph
            href: https://img.example/
          - src: ''
            alt: dropped because src is empty
        links:
          - href: 'https://runbook.example/{{ .GroupLabels.alertname }}'
            text: runbook
          - href: ''
            text: dropped because href is empty`,
  },
  {
    dir: 'opsgenie',
    name: 'update-alerts',
    expect: [3, 1],
    receiver: `
    opsgenie_configs:
      - api_key: og-key-0123
        api_url: BASE/
        update_alerts: true
        details:
          team: '{{ .CommonLabels.team }}'
          extra: x
        responders:
          - name: ops-team
            type: team
          - username: jane@example.com
            type: user
          - name: 'a, b ,c'
            type: teams
          - name: '{{ .CommonLabels.missing }}'
            type: '{{ .CommonLabels.missing }}'
        tags: ' t1,t2,,{{ .CommonLabels.severity }} '
        note: a note
        priority: P2
        entity: '{{ .CommonLabels.instance }}'
        actions: restart,ping`,
  },
  {
    dir: 'opsgenie',
    name: 'defaults',
    expect: [1, 1],
    receiver: `
    opsgenie_configs:
      - api_key: og-key-0123
        api_url: BASE/`,
  },
  {
    dir: 'victorops',
    name: 'custom-fields',
    expect: [1, 1],
    receiver: `
    victorops_configs:
      - api_key: vo-key-0123
        api_url: BASE/integrations/generic/20131114/alert/
        routing_key: '{{ .CommonLabels.team }}-route'
        message_type: WARNING
        custom_fields:
          team: '{{ .CommonLabels.team }}'
          note: static`,
  },
  {
    dir: 'victorops',
    name: 'defaults',
    expect: [1, 1],
    receiver: `
    victorops_configs:
      - api_key: vo-key-0123
        api_url: BASE/integrations/generic/20131114/alert/
        routing_key: team1`,
  },
  {
    dir: 'webex',
    name: 'defaults',
    expect: [1, 1],
    receiver: `
    webex_configs:
      - api_url: BASE/v1/messages
        room_id: 'room-{{ .CommonLabels.team }}'
        http_config:
          authorization:
            credentials: wx-token-0123`,
  },
];

function startCapture() {
  const received = [];
  const server = createServer((req, res) => {
    collect(req, (body) => {
      const headers = {};
      for (const h of KEPT_HEADERS) if (req.headers[h] !== undefined) headers[h] = req.headers[h];
      received.push({ method: req.method, path: req.url, headers, body });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  return listen(server).then(() => ({ server, received }));
}

function normalise(requests, base) {
  const host = base.replace('http://', '');
  return requests.map((r) => ({
    ...r,
    headers: Object.fromEntries(
      Object.entries(r.headers).map(([k, v]) => [k, k === 'user-agent' ? v.replace(/^Alertmanager\/.*/, 'Alertmanager/VERSION') : v]),
    ),
    body: r.body.replaceAll(host, '127.0.0.1:PORT'),
  }));
}

async function runScenario(scenario) {
  const { server, received } = await startCapture();
  const base = `http://127.0.0.1:${server.address().port}`;
  const dir = await mkdtemp(join(tmpdir(), 'am-capture-'));
  const receiverYaml = scenario.receiver.replaceAll('BASE', base);
  const config = `route:
  receiver: rcv
  group_by: [alertname]
  group_wait: 1s
  group_interval: 2s
  repeat_interval: 1h
receivers:
  - name: rcv${receiverYaml}
`;
  await writeFile(join(dir, 'am.yml'), config);
  const port = await freePort();
  const am = spawnAlertmanager(binary, {
    configFile: join(dir, 'am.yml'),
    storage: dir,
    port,
    externalUrl: EXTERNAL_URL,
    stderr: 'pipe',
  });
  let log = '';
  am.stderr.on('data', (c) => (log += c.toString('utf8')));
  try {
    await waitFor(() => log.includes('Listening'), 10_000, 'alertmanager to start');
    await sleep(300);
    await postAlerts(port, ALERTS);
    const [firingCount, resolvedCount] = scenario.expect;
    await waitFor(() => received.length >= firingCount, 15_000, 'firing requests');
    await sleep(500);
    const firing = received.splice(0, received.length);
    // Alertmanager may flush between the two alerts of one POST; such a capture is useless.
    if (!firing.some((r) => r.body.includes('host2'))) throw new Error('first flush lacked the second alert', { cause: 'partial' });
    await postAlerts(port, ALERTS.map((a) => ({ ...a, endsAt: RESOLVED_AT })));
    await waitFor(() => received.length >= resolvedCount, 15_000, 'resolved requests');
    await sleep(500);
    const resolved = received.splice(0, received.length);
    const fixture = {
      capturedFrom: 'prometheus-alertmanager 0.25.0 (Debian)',
      script: 'scripts/capture-ops-fixtures.mjs',
      externalURL: EXTERNAL_URL,
      groupKey: '{}:{alertname="A1"}',
      receiver: 'rcv',
      receiverYaml: receiverYaml.replaceAll(base, 'BASE'),
      alerts: ALERTS,
      resolvedAt: RESOLVED_AT,
      firing: normalise(firing, base),
      resolved: normalise(resolved, base),
    };
    await mkdir(join(root, scenario.dir), { recursive: true });
    await writeFile(join(root, scenario.dir, `${scenario.name}.json`), `${JSON.stringify(fixture, null, 2)}\n`);
    process.stdout.write(`${scenario.dir}/${scenario.name}: ${firing.length} firing, ${resolved.length} resolved requests\n`);
    return true;
  } catch (error) {
    if (error.cause === 'partial') return false;
    process.stderr.write(log);
    throw error;
  } finally {
    am.kill('SIGTERM');
    await new Promise((r) => am.once('exit', r));
    await new Promise((r) => server.close(r));
    await rm(dir, { recursive: true, force: true });
  }
}

const only = process.env.ONLY;
for (const s of SCENARIOS) {
  if (only !== undefined && !`${s.dir}/${s.name}`.includes(only)) continue;
  let attempts = 0;
  while (!(await runScenario(s))) {
    if (++attempts === 3) throw new Error(`${s.dir}/${s.name}: every capture had a partial first flush`);
  }
}
