import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { Alert } from '../../alerts/alert.ts';
import { Secret } from '../../config/secret.ts';
import type { IncidentioConfig } from '../../config/types.ts';
import type { NotifyError } from '../notify-error.ts';
import { createIncidentioNotifier } from './incidentio.ts';
import { captureServerForTests, fixtureAlerts, fixtureContext, loadFixture, OPS_CAPTURE, testDeps } from './integration-test-support.ts';

// The alerts and group of the captured fixtures; the expectations are derived by hand from 0.34's
// notify/incidentio/incidentio.go (Message = template.Data + version "1", groupKey, truncatedAlerts).
const fixture = loadFixture('pagerduty', 'events-v2');
const deps = testDeps();
const server = captureServerForTests(deps, OPS_CAPTURE);
const logged: string[] = [];
const logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: (_f: object, m: string) => void logged.push(`warn ${m}`),
  error: (_f: object, m: string) => void logged.push(`error ${m}`),
};

function config(overrides: Partial<IncidentioConfig> = {}): IncidentioConfig {
  return {
    send_resolved: true,
    url: `${server.base}/v2/alert_events/http/01ABC`,
    url_file: '',
    alert_source_token: new Secret('inc-token'),
    alert_source_token_file: '',
    max_alerts: 0,
    timeout: 0,
    ...overrides,
  };
}

async function send(cfg: IncidentioConfig, alerts: readonly Alert[] = fixtureAlerts(fixture, false)): Promise<void> {
  await createIncidentioNotifier(cfg, { ...deps, logger }).notify(fixtureContext(fixture), alerts);
}

const ALERT_1 =
  '{"status":"firing","labels":{"alertname":"A1","instance":"host1:9100","severity":"critical","team":"db"},' +
  '"annotations":{"description":"Disk on host1 is 99% full","summary":"Disk \\u003cfull\\u003e \\u0026 \\"hot\\""},' +
  '"startsAt":"2026-11-21T00:29:00Z","endsAt":"0001-01-01T00:00:00Z",' +
  '"generatorURL":"http://prom.example/graph?g0.expr=up\\u0026g0.tab=1","fingerprint":"8ff20a32f3042e45"}';

function expectedBody(alerts: string, commonLabels: string, commonAnnotations: string, truncated: number): string {
  return (
    `{"receiver":"rcv","status":"firing","alerts":[${alerts}],"notification_reason":"first notification",` +
    `"groupLabels":{"alertname":"A1"},"commonLabels":${commonLabels},"commonAnnotations":${commonAnnotations},` +
    `"routeLabels":{},"externalURL":"http://am.example:9093","version":"1","groupKey":"{}:{alertname=\\"A1\\"}",` +
    `"truncatedAlerts":${truncated}}\n`
  );
}

describe('incidentio', () => {
  test('POSTs the version 1 message with the alert source token as Bearer; max_alerts keeps the first N', async () => {
    await send(config({ max_alerts: 1 }));
    const [req] = server.take();
    assert.equal(req?.method, 'POST');
    assert.equal(req?.path, '/v2/alert_events/http/01ABC');
    assert.deepEqual(req?.headers, { authorization: 'Bearer inc-token', 'content-type': 'application/json', 'user-agent': 'Tocsin/test' });
    const labels = '{"alertname":"A1","instance":"host1:9100","severity":"critical","team":"db"}';
    const annotations = '{"description":"Disk on host1 is 99% full","summary":"Disk \\u003cfull\\u003e \\u0026 \\"hot\\""}';
    assert.equal(req?.body, expectedBody(ALERT_1, labels, annotations, 1));
  });

  test('url_file and alert_source_token_file are read at send time and trimmed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'inc-'));
    await writeFile(join(dir, 'url'), `${server.base}/from-file\n`);
    await writeFile(join(dir, 'token'), ' file-token\n');
    const { url: _u, alert_source_token: _t, ...rest } = config();
    await send({ ...rest, url_file: join(dir, 'url'), alert_source_token_file: join(dir, 'token') });
    const [req] = server.take();
    assert.equal(req?.path, '/from-file');
    assert.equal(req?.headers['authorization'], 'Bearer file-token');
  });

  test('a payload over 512KiB keeps only the first alert, common data unchanged, with a warning', async () => {
    logged.length = 0;
    const big = fixtureAlerts(fixture, false).map((a, i) => ({ ...a, annotations: { ...a.annotations, blob: (i === 0 ? 'x' : 'y').repeat(300_000) } }));
    await send(config(), big);
    const body = JSON.parse(server.take()[0]?.body ?? '{}') as { alerts: unknown[]; commonLabels: Record<string, string>; truncatedAlerts: number };
    assert.equal(body.alerts.length, 1);
    assert.deepEqual(body.commonLabels, { alertname: 'A1', severity: 'critical', team: 'db' });
    assert.equal(body.truncatedAlerts, 0);
    assert.deepEqual(logged, ['warn Truncated alert content due to incident.io payload size limit']);
  });

  test('500 is retried (then 200 succeeds), 429 is retried, 400 is not and shows the decoded answer', async () => {
    server.answer = () => ({ status: 500, body: '{"message":"internal"}' });
    await assert.rejects(send(config()), (e: NotifyError) => e.retryable && e.reason === 'serverError' && e.message === 'unexpected status code 500: internal');
    server.answer = () => ({ status: 202, body: '{"status":"success"}' });
    await send(config());
    assert.equal(server.take().length, 2);
    server.answer = () => ({ status: 429, body: '{"error":"rate limited"}' });
    await assert.rejects(send(config()), (e: NotifyError) => e.retryable && e.reason === 'rateLimited' && e.message.endsWith(': rate limited'));
    server.answer = () => ({ status: 400, body: '{"message":"invalid","errors":["a","b"]}' });
    await assert.rejects(send(config()), (e: NotifyError) => {
      assert.equal(e.message, 'unexpected status code 400: invalid: a, b');
      assert.equal(e.retryable, false);
      assert.equal(e.reason, 'clientError');
      return true;
    });
    server.answer = () => ({ status: 401, body: 'nope' });
    await assert.rejects(send(config()), (e: NotifyError) => !e.retryable && e.reason === 'authError' && e.message === 'unexpected status code 401');
    server.answer = () => ({ status: 200, body: '{}' });
    server.take();
  });

  test('timeout bounds an attempt and is named in the error', async () => {
    server.answer = () => ({ status: 200, delayMs: 300 });
    await assert.rejects(send(config({ timeout: 50 })), (e: NotifyError) => e.retryable && e.message.endsWith('configured incident.io timeout reached (50ms)'));
    server.answer = () => ({ status: 200, body: '{}' });
    server.take();
  });
});
