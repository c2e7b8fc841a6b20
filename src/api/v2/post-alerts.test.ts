import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { createTestApi } from './fixtures.ts';
import type { TestApi } from './fixtures.ts';

const JSON_HEADERS = { 'content-type': 'application/json' };
const MINUTE = 60_000;

describe('POST /api/v2/alerts', () => {
  let t: TestApi;
  beforeEach(async () => {
    t = await createTestApi();
  });
  afterEach(async () => t.close());

  const post = (payload: string | Buffer, url = '/api/v2/alerts', headers: Record<string, string> = JSON_HEADERS) =>
    t.app.inject({ method: 'POST', url, payload, headers });

  test('stores a valid alert with startsAt = now, endsAt = now + resolve_timeout and updatedAt = now', async () => {
    const res = await post('[{"labels":{"alertname":"A"},"annotations":{"summary":"s"},"generatorURL":"http://prom/graph"}]');
    assert.equal(res.statusCode, 200);
    assert.equal(res.body, '');
    assert.equal(res.headers['content-type'], undefined);
    const [alert] = t.alerts.select();
    const now = t.clock.now();
    assert.deepEqual(
      { ...alert },
      {
        fingerprint: alert?.fingerprint,
        labels: { alertname: 'A' },
        annotations: { summary: 's' },
        startsAt: now,
        endsAt: now + 5 * MINUTE,
        generatorURL: 'http://prom/graph',
        updatedAt: now,
        timeout: true,
      },
    );
  });

  test('a missing startsAt becomes endsAt when that is set', async () => {
    const endsAt = new Date(t.clock.now() - MINUTE).toISOString();
    await post(`[{"labels":{"alertname":"A"},"endsAt":"${endsAt}"}]`);
    const [alert] = t.alerts.select();
    assert.equal(alert?.startsAt, t.clock.now() - MINUTE);
    assert.equal(alert?.endsAt, t.clock.now() - MINUTE);
    assert.equal(alert?.timeout, false);
  });

  test("Flux's extra status field and zero endsAt are accepted, the trailing slash too", async () => {
    const res = await post('[{"labels":{"alertname":"F"},"status":"firing","endsAt":"0001-01-01T00:00:00Z"}]', '/api/v2/alerts/');
    assert.equal(res.statusCode, 200);
    assert.equal(t.alerts.select()[0]?.endsAt, t.clock.now() + 5 * MINUTE);
  });

  test('empty label values are dropped before validation', async () => {
    const res = await post('[{"labels":{"alertname":"A","empty":""}}]');
    assert.equal(res.statusCode, 200);
    assert.deepEqual(t.alerts.select()[0]?.labels, { alertname: 'A' });
    const only = await post('[{"labels":{"empty":""}}]');
    assert.equal(only.statusCode, 400);
    assert.equal(only.body, '"at least one label pair required"\n');
  });

  test('valid alerts of a partly bad batch are stored and the errors are joined in a JSON string', async () => {
    const res = await post(
      '[{"labels":{"a":"1"},"startsAt":"2030-01-01T00:00:00Z","endsAt":"2020-01-01T00:00:00Z"},{"labels":{"ok":"1"}},{"labels":{}}]',
    );
    assert.equal(res.statusCode, 400);
    assert.equal(res.headers['content-type'], 'application/json');
    assert.equal(JSON.parse(res.body), 'start time must be before end time\nat least one label pair required');
    assert.deepEqual(t.alerts.select().map((a) => a.labels), [{ ok: '1' }]);
  });

  test('exports the received and invalid counters at zero before any alert, as Alertmanager does', async () => {
    const text = await t.registry.metrics();
    assert.match(text, /^alertmanager_alerts_received_total\{status="firing",version="v2"\} 0$/m);
    assert.match(text, /^alertmanager_alerts_received_total\{status="resolved",version="v2"\} 0$/m);
    assert.match(text, /^alertmanager_alerts_invalid_total\{version="v2"\} 0$/m);
  });

  test('counts received alerts by status and invalid ones', async () => {
    const past = new Date(t.clock.now() - MINUTE).toISOString();
    await post(`[{"labels":{"a":"1"}},{"labels":{"b":"1"},"endsAt":"${past}"},{"labels":{}}]`);
    const text = await t.registry.metrics();
    assert.match(text, /alertmanager_alerts_received_total\{status="firing",version="v2"\} 2/);
    assert.match(text, /alertmanager_alerts_received_total\{status="resolved",version="v2"\} 1/);
    assert.match(text, /alertmanager_alerts_invalid_total\{version="v2"\} 1/);
  });

  test('schema and JSON errors are answered the go-swagger way and store nothing', async () => {
    const cases: Array<[string, number, string]> = [
      ['', 422, '{"code":602,"message":"alerts in body is required"}'],
      ['{', 400, '{"code":400,"message":"parsing alerts body from \\"\\" failed, because unexpected EOF"}'],
      ['[{}]', 422, '{"code":602,"message":"0.labels in body is required"}'],
      ['[{"labels":{"a":"b"}},{}]', 422, '{"code":602,"message":"1.labels in body is required"}'],
      ['[null]', 422, '{"code":602,"message":"0.labels in body is required"}'],
      [
        '[{"labels":{"a":1}}]',
        400,
        '{"code":400,"message":"parsing alerts body from \\"\\" failed, because json: cannot unmarshal number into Go struct field Alert.labels of type string"}',
      ],
      ['[{"labels":{"a":"b"},"generatorURL":"::x"}]', 422, '{"code":601,"message":"0.generatorURL in body must be of type uri: \\"::x\\""}'],
    ];
    for (const [body, status, answer] of cases) {
      const res = await post(body);
      assert.equal(res.statusCode, status, body);
      assert.equal(res.body, answer, body);
    }
    assert.equal(t.alerts.size, 0);
  });

  test('only application/json bodies are accepted', async () => {
    const res = await post('[]', '/api/v2/alerts', { 'content-type': 'text/plain' });
    assert.equal(res.statusCode, 415);
    assert.equal(res.body, '{"code":415,"message":"unsupported media type \\"text/plain\\", only [application/json] are allowed"}');
  });

  test('bodies over the size limit get 413', async () => {
    const small = await createTestApi({ deps: { maxBodyBytes: 1024 } });
    try {
      const res = await small.app.inject({ method: 'POST', url: '/api/v2/alerts', payload: `[${'{"labels":{"a":"b"}},'.repeat(100)}{}]`, headers: JSON_HEADERS });
      assert.equal(res.statusCode, 413);
      assert.equal(res.body, '{"code":413,"message":"request body is larger than 1024 bytes"}');
      assert.equal(small.alerts.size, 0);
    } finally {
      await small.close();
    }
  });

  test('UTF-8 label names are valid by default and invalid in classic mode', async () => {
    assert.equal((await post('[{"labels":{"Σ":"c","0x":"🙂"}}]')).statusCode, 200);
    const classic = await createTestApi({ matcherMode: 'classic' });
    try {
      const res = await classic.app.inject({ method: 'POST', url: '/api/v2/alerts', payload: '[{"labels":{"Σ":"c"}}]', headers: JSON_HEADERS });
      assert.equal(res.statusCode, 400);
      assert.equal(res.body, '"invalid label set: invalid name \\"Σ\\""\n');
    } finally {
      await classic.close();
    }
  });
});
