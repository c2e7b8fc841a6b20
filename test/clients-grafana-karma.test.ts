// Grafana's Alertmanager data source and Karma against `tocsin serve`: the API v2 requests each
// client makes (test/fixtures/clients/*-requests.json, read from their source) are replayed, and
// every answer must have the status code and the fields the client reads. With Alertmanager 0.25
// installed, the same requests go to it too, in the same state, and the fields must be equal.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { parse as parseYaml } from 'yaml';
import { PairedServers } from './support/paired-servers.ts';
import { findProgram } from './support/programs.ts';

const CONFIG = `route:
  receiver: default
  group_by: [alertname]
  group_wait: 1h
  routes:
  - receiver: team-apps
    matchers: ['namespace="apps"']
receivers:
- name: default
- name: team-apps
inhibit_rules:
- source_matchers: [severity="critical"]
  target_matchers: [severity="warning"]
  equal: [alertname]
`;

const ALERTS = [
  { labels: { alertname: 'HighLatency', severity: 'warning', namespace: 'apps', instance: 'web-1' }, annotations: { summary: 'p99 above 1s' } },
  { labels: { alertname: 'HighLatency', severity: 'critical', namespace: 'apps', instance: 'web-1' }, annotations: { summary: 'p99 above 5s' } },
  { labels: { alertname: 'DiskFull', severity: 'warning', namespace: 'infra', instance: 'db-1' }, generatorURL: 'http://prometheus/graph?g0.expr=disk' },
];

type Schema = string | Schema[] | { [field: string]: Schema };

interface ClientRequest {
  name: string;
  method: string;
  path: string;
  body?: unknown;
  expect: number | { not: number };
  reads?: string;
  capture?: string;
}

interface ClientFixture {
  schemas: Record<string, Schema>;
  requests: ClientRequest[];
}

interface Answer {
  status: number;
  contentType: string;
  /** The fields the client reads, normalised (times, ids and free text replaced). */
  fields: unknown;
  captured?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const KARMA_MIN_VERSION = [0, 17, 0];

/** Checks `value` against the client's field list and keeps only those fields, normalised. */
function project(value: unknown, schema: Schema, path: string): unknown {
  if (Array.isArray(schema)) {
    assert.ok(Array.isArray(value), `${path}: an array expected, got ${JSON.stringify(value)}`);
    return value.map((v, i) => project(v, schema[0] as Schema, `${path}[${i}]`));
  }
  if (typeof schema === 'object') {
    assert.ok(typeof value === 'object' && value !== null && !Array.isArray(value), `${path}: an object expected`);
    const out: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(schema)) {
      const name = key.replace(/\?$/, '');
      const v = (value as Record<string, unknown>)[name];
      if (v === undefined && key.endsWith('?')) continue;
      out[name] = project(v, field, `${path}.${name}`);
    }
    return out;
  }
  const kind = typeof value;
  switch (schema) {
    case 'string':
      assert.equal(kind, 'string', `${path}: a string expected`);
      return value;
    case 'text':
      assert.equal(kind, 'string', `${path}: a string expected`);
      return '<text>';
    case 'bool':
      assert.equal(kind, 'boolean', `${path}: a boolean expected`);
      return value;
    case 'uuid':
      assert.match(String(value), UUID, `${path}: a UUID expected`);
      return '<uuid>';
    case 'date':
      assert.ok(kind === 'string' && !Number.isNaN(Date.parse(value as string)), `${path}: a date-time expected, got ${String(value)}`);
      return '<date>';
    case 'map':
      assert.ok(kind === 'object' && value !== null && Object.values(value as object).every((v) => typeof v === 'string'), `${path}: a string map expected`);
      return value;
    case 'yaml': {
      assert.equal(kind, 'string', `${path}: a string expected`);
      const doc = parseYaml(value as string) as { route?: { receiver?: string }; receivers?: { name: string }[] };
      assert.equal(doc.route?.receiver, 'default', `${path}: YAML with the configuration's route expected`);
      return { route: doc.route.receiver, receivers: doc.receivers?.map((r) => r.name) };
    }
    default:
      throw new Error(`unknown schema type ${schema}`);
  }
}

/** Karma's version probe: `alertmanager_build_info{version}` must be a semver it maps (>=0.17.0). */
function buildInfoVersion(metrics: string): string {
  const line = metrics.split('\n').find((l) => l.startsWith('alertmanager_build_info{'));
  return /version="([^"]*)"/.exec(line ?? '')?.[1] ?? '';
}

function atLeast(version: string, min: readonly number[]): boolean {
  const parts = version.split(/[.+-]/).slice(0, 3).map(Number);
  for (let i = 0; i < 3; i++) {
    const a = parts[i] ?? 0;
    const b = min[i] ?? 0;
    if (a !== b) return a > b;
  }
  return true;
}

function fill(text: string, vars: Record<string, string>): string {
  return text.replace(/\{([a-zA-Z0-9+]+)\}/g, (m, name: string) => vars[name] ?? m);
}

function timeVars(now: number): Record<string, string> {
  const iso = (ms: number): string => new Date(ms).toISOString();
  return { now: iso(now), 'now+15m': iso(now + 15 * 60_000), 'now+1h': iso(now + 3_600_000), 'now+2h': iso(now + 7_200_000), 'now+3h': iso(now + 10_800_000) };
}

/** Replays one client's requests against `base`; returns each answer, or throws on the first mismatch. */
async function replay(base: string, fixture: ClientFixture): Promise<Answer[]> {
  const vars: Record<string, string> = timeVars(Date.now());
  const answers: Answer[] = [];
  for (const r of fixture.requests) {
    const what = `${r.name}: ${r.method} ${r.path}`;
    const res = await fetch(`${base}${fill(r.path, vars)}`, {
      method: r.method,
      ...(r.body === undefined ? {} : { body: fill(JSON.stringify(r.body), vars), headers: { 'content-type': 'application/json' } }),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await res.text();
    if (typeof r.expect === 'number') assert.equal(res.status, r.expect, `${what} answered ${res.status}: ${text}`);
    else assert.notEqual(res.status, r.expect.not, `${what} must not answer ${r.expect.not}`);
    const contentType = (res.headers.get('content-type') ?? '').split(';')[0] ?? '';
    let fields: unknown;
    if (r.reads === 'buildInfo') {
      fields = buildInfoVersion(text);
    } else if (r.reads !== undefined) {
      // go-openapi clients pick the decoder by the response's content type.
      assert.equal(contentType, 'application/json', `${what}: content type`);
      fields = project(JSON.parse(text), fixture.schemas[r.reads] as Schema, r.reads);
    }
    let captured: string | undefined;
    if (r.capture !== undefined) {
      captured = (JSON.parse(text) as Record<string, string>)[r.capture];
      vars[r.capture] = captured ?? '';
    }
    answers.push({ status: res.status, contentType, fields, captured });
  }
  return answers;
}

async function seed(base: string): Promise<void> {
  const post = async (path: string, body: unknown): Promise<void> => {
    const res = await fetch(`${base}${path}`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
    assert.equal(res.status, 200, `seeding ${path}: ${await res.text()}`);
  };
  await post('/api/v2/alerts', ALERTS);
  const now = Date.now();
  await post('/api/v2/silences', {
    matchers: [{ name: 'alertname', value: 'DiskFull', isRegex: false }],
    startsAt: new Date(now).toISOString(),
    endsAt: new Date(now + 3_600_000).toISOString(),
    createdBy: 'ops',
    comment: 'disk replacement',
  });
  // Alerts reach the dispatcher's groups asynchronously.
  for (let i = 0; i < 50; i++) {
    const groups = (await (await fetch(`${base}/api/v2/alerts/groups`)).json()) as { alerts: unknown[] }[];
    if (groups.reduce((n, g) => n + g.alerts.length, 0) === ALERTS.length) return;
    await sleep(100);
  }
  throw new Error(`${base}: the seeded alerts never showed up in /api/v2/alerts/groups`);
}

const ALERTMANAGER = findProgram('prometheus-alertmanager');

describe('API v2 clients replayed against tocsin serve', () => {
  const servers = new PairedServers(ALERTMANAGER);
  const fixtures: Record<string, ClientFixture> = {};

  before(async () => {
    for (const client of ['grafana', 'karma']) {
      const text = await readFile(new URL(`./fixtures/clients/${client}-requests.json`, import.meta.url), 'utf8');
      fixtures[client] = JSON.parse(text) as ClientFixture;
    }
    await servers.startOn('tocsin-clients-', CONFIG);
    await Promise.all([seed(servers.tocsin.url), ...(servers.alertmanager === undefined ? [] : [seed(servers.alertmanagerUrl)])]);
  });
  after(() => servers.stop());

  const compare = async (client: string): Promise<void> => {
    const fixture = fixtures[client] as ClientFixture;
    const ours = await replay(servers.tocsin.url, fixture);
    if (servers.alertmanager === undefined) return;
    const theirs = await replay(servers.alertmanagerUrl, fixture);
    fixture.requests.forEach((r, i) => {
      if (r.reads === 'buildInfo') return;
      const { captured: _a, ...a } = ours[i] as Answer;
      const { captured: _b, ...b } = theirs[i] as Answer;
      assert.deepEqual(a, b, `${client} "${r.name}" (${r.method} ${r.path}): tocsin (actual) vs Alertmanager 0.25 (expected)`);
    });
  };

  test('Grafana: health check, configuration, alerts and groups with filters, silence create/update/expire', async () => {
    await compare('grafana');
  });

  test('Karma: status, silences, alert groups; ack silence create, edit, expire', async () => {
    await compare('karma');
  });

  test('Karma: the version in alertmanager_build_info selects its API mapper (>=0.17.0)', async () => {
    const version = buildInfoVersion(await (await fetch(`${servers.tocsin.url}/metrics`)).text());
    assert.ok(atLeast(version, KARMA_MIN_VERSION), `alertmanager_build_info{version="${version}"} is below 0.17.0`);
  });
});
