import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { Secret } from '../../config/secret.ts';
import type { PagerdutyConfig } from '../../config/types.ts';
import type { NotifyError } from '../notify-error.ts';
import { createPagerdutyNotifier } from './pagerduty.ts';
import { captureServerForTests, expectedRequest, fixtureAlerts, fixtureContext, loadFixture, OPS_CAPTURE, recordingLogger, scenarioReceiver, testDeps } from './integration-test-support.ts';

const deps = testDeps();
const server = captureServerForTests(deps, OPS_CAPTURE);
const fixture = loadFixture('pagerduty', 'events-v2');
const logger = recordingLogger();
const { warnings } = logger;

function config(overrides: Partial<PagerdutyConfig> = {}): PagerdutyConfig {
  return { ...(scenarioReceiver(fixture, server.base).pagerduty_configs?.[0] as PagerdutyConfig), ...overrides };
}

async function send(cfg: PagerdutyConfig, resolved = false, v1Url?: string): Promise<void> {
  const notifier = createPagerdutyNotifier(cfg, { ...deps, logger }, v1Url === undefined ? {} : { v1Url });
  await notifier.notify(fixtureContext(fixture), fixtureAlerts(fixture, resolved));
}

// 0.25 sent details as rendered strings; 0.34 reads rendered values as YAML data (DeepCopyWithTemplate,
// notify/pagerduty/pagerduty.go renderDetails) and its defaults use toJson (notify/pagerduty/config.go).
function withoutDetails(body: string): string {
  const start = body.indexOf('"custom_details":');
  const end = body.indexOf('},"client":');
  assert.ok(start > 0 && end > start);
  return body.slice(0, start - 1) + body.slice(end);
}

function alertJson(i: number, status: 'firing' | 'resolved'): string {
  const host = `host${i + 1}`;
  const pct = i === 0 ? '99' : '97';
  const fp = i === 0 ? '8ff20a32f3042e45' : 'e28b3229e2391020';
  const startsAt = i === 0 ? '2026-11-21T00:29:00Z' : '2026-11-21T00:29:30.5Z';
  const endsAt = status === 'firing' ? '0001-01-01T00:00:00Z' : '2026-11-21T00:31:00Z';
  return (
    `{"annotations":{"description":"Disk on ${host} is ${pct}% full","summary":"Disk \\u003cfull\\u003e \\u0026 \\"hot\\""},` +
    `"endsAt":"${endsAt}","fingerprint":"${fp}","generatorURL":"http://prom.example/graph?g0.expr=up\\u0026g0.tab=1",` +
    `"labels":{"alertname":"A1","instance":"${host}:9100","severity":"critical","team":"db"},"startsAt":"${startsAt}","status":"${status}"}`
  );
}

describe('pagerduty Events API v2', () => {
  test('firing and resolved requests match Alertmanager 0.25 apart from the 0.34 details', async () => {
    await send(config());
    await send(config(), true);
    const got = server.take();
    const want = [...fixture.firing, ...fixture.resolved].map((r) => expectedRequest(r, server.base));
    assert.equal(got.length, 2);
    for (let i = 0; i < 2; i++) {
      const g = got[i];
      const w = want[i];
      assert.ok(g !== undefined && w !== undefined);
      assert.equal(g.method, w.method);
      assert.equal(g.path, w.path);
      assert.deepEqual(g.headers, w.headers);
      assert.equal(withoutDetails(g.body), withoutDetails(w.body));
    }
    const firing = `[${alertJson(0, 'firing')},${alertJson(1, 'firing')}]`;
    const resolved = `[${alertJson(0, 'resolved')},${alertJson(1, 'resolved')}]`;
    assert.ok(got[0]?.body.includes(`"custom_details":{"firing":${firing},"num_firing":2,"num_resolved":0,"resolved":[],"static":"plain value","team":"db"}},`));
    assert.ok(got[1]?.body.includes(`"custom_details":{"firing":[],"num_firing":0,"num_resolved":2,"resolved":${resolved},"static":"plain value","team":"db"}},`));
    assert.ok(got[0]?.body.endsWith('}\n'));
  });

  test('nested details are rendered, keys included; values that read as YAML become data', async () => {
    const details = { nested: { '{{ .CommonLabels.team }}-key': ['{{ .Status }}', 3, true], plain: 'a: b' }, n: '{{ len .Alerts }}' };
    await send(config({ details }));
    const body = server.take()[0]?.body ?? '';
    assert.ok(body.includes('"custom_details":{"n":2,"nested":{"db-key":["firing",3,true],"plain":{"a":"b"}}}},'), body);
  });

  test('routing_key_file is read at send time and trimmed; severity defaults to error', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pd-'));
    const file = join(dir, 'key');
    await writeFile(file, ' rk-from-file\n');
    const { routing_key: _ignored, ...rest } = config({ severity: '', details: {} });
    await send({ ...rest, routing_key_file: file });
    const body = server.take()[0]?.body ?? '';
    assert.ok(body.startsWith('{"routing_key":"rk-from-file","dedup_key":"e13c8de3'), body);
    assert.ok(body.includes('"severity":"error"'));
    assert.ok(!body.includes('custom_details'));
  });

  test('an empty routing key after templating is a non-retryable error', async () => {
    await assert.rejects(send(config({ routing_key: new Secret('{{ .CommonLabels.nope }}') })), (e: NotifyError) => {
      assert.equal(e.message, 'routing key cannot be empty');
      assert.equal(e.retryable, false);
      return true;
    });
    assert.equal(server.take().length, 0);
  });

  test('the summary is cut to 1024 runes with "…" and a warning', async () => {
    warnings.length = 0;
    await send(config({ description: 'é'.repeat(1030), details: {} }));
    const body = server.take()[0]?.body ?? '';
    assert.ok(body.includes(`"summary":"${'é'.repeat(1023)}…"`));
    assert.deepEqual(warnings, ['Truncated summary']);
  });

  test('an event over 512000 bytes loses its details', async () => {
    warnings.length = 0;
    await send(config({ details: { big: 'a'.repeat(513_000) } }));
    const body = server.take()[0]?.body ?? '';
    assert.ok(
      body.includes('"custom_details":{"error":"Custom details have been removed because the original event exceeds the maximum size of 512KB"}}'),
    );
    assert.equal(warnings.length, 1);
    assert.match(warnings[0] ?? '', /^Truncated Details because message of size 513KB\d+B exceeds limit 512KB$/);
  });

  test('500 is retried (then 200 succeeds), 429 is retried, 400 is not and says why', async () => {
    server.answer = () => ({ status: 500, body: 'boom' });
    await assert.rejects(send(config()), (e: NotifyError) => e.retryable && e.reason === 'serverError' && e.message === 'unexpected status code 500');
    server.answer = () => ({ status: 200, body: '{}' });
    await send(config());
    assert.equal(server.take().length, 2);

    server.answer = () => ({ status: 429 });
    await assert.rejects(send(config()), (e: NotifyError) => e.retryable && e.reason === 'rateLimited');
    server.answer = () => ({ status: 400, body: '{"status":"invalid event","message":"Event object is invalid","errors":["a","b"]}' });
    await assert.rejects(send(config()), (e: NotifyError) => {
      assert.equal(e.message, 'unexpected status code 400: Event object is invalid: a,b');
      assert.equal(e.retryable, false);
      assert.equal(e.reason, 'clientError');
      assert.equal(e.statusCode, 400);
      return true;
    });
    server.answer = () => ({ status: 200, body: '{}' });
    server.take();
  });

  test('a timeout bounds one attempt and is named in the retryable error', async () => {
    server.answer = () => ({ status: 200, delayMs: 300 });
    await assert.rejects(send(config({ timeout: 50 })), (e: NotifyError) => {
      assert.equal(e.retryable, true);
      assert.match(e.message, /^failed to post message to PagerDuty: Post "<redacted>": .*: configured pagerduty timeout reached \(50ms\)$/);
      return true;
    });
    server.answer = () => ({ status: 200, body: '{}' });
    server.take();
  });
});

describe('pagerduty Events API v1', () => {
  function v1Config(): PagerdutyConfig {
    const { routing_key: _ignored, ...rest } = config({ service_key: new Secret('sk-{{ .CommonLabels.team }}') });
    return rest;
  }

  test('trigger carries client fields, resolve does not; event_action and payload stay as Go encodes them', async () => {
    const url = `${server.base}/generic/2010-04-15/create_event.json`;
    await send(v1Config(), false, url);
    await send(v1Config(), true, url);
    const [trigger, resolve] = server.take();
    assert.equal(trigger?.path, '/generic/2010-04-15/create_event.json');
    assert.ok(
      trigger?.body.startsWith(
        '{"service_key":"sk-db","incident_key":"e13c8de3b38380d672e60a03a31094c19b3b51592d2961b96c19e94367520364","event_type":"trigger",' +
          '"description":"[FIRING:2] A1 (critical db)","event_action":"","payload":null,"client":"Alertmanager",' +
          '"client_url":"http://am.example:9093/#/alerts?receiver=rcv","details":{"firing":[',
      ),
      trigger?.body,
    );
    assert.ok(
      resolve?.body.startsWith(
        '{"service_key":"sk-db","incident_key":"e13c8de3b38380d672e60a03a31094c19b3b51592d2961b96c19e94367520364","event_type":"resolve",' +
          '"description":"[RESOLVED] A1 (critical db)","event_action":"","payload":null,"details":{"firing":[],',
      ),
      resolve?.body,
    );
  });

  test('403 is retried; status failures carry reason other, as 0.34 does for v1', async () => {
    const url = `${server.base}/v1`;
    server.answer = () => ({ status: 403 });
    await assert.rejects(send(v1Config(), false, url), (e: NotifyError) => e.retryable && e.reason === 'other' && e.statusCode === 403);
    server.answer = () => ({ status: 400, body: '{"message":"bad","errors":["x"]}' });
    await assert.rejects(send(v1Config(), false, url), (e: NotifyError) => !e.retryable && e.message === 'unexpected status code 400: bad: x');
    server.answer = () => ({ status: 200, body: '{}' });
    server.take();
  });
});
