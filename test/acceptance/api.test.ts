// Upstream api_test.go: posting alerts, live alert status in GET /alerts, filters.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { TestContext } from 'node:test';
import { idleThenAgain, rawExchange } from '../support/raw-http.ts';
import { describeResponse } from './api-client.ts';
import { AcceptanceTest } from './harness.ts';
import type { Server, ServerFlags } from './harness.ts';

const config = (url: string, extra = ''): string => `
route:
  receiver: default
  group_by: []
  group_wait: 1s
  group_interval: 10m
  repeat_interval: 1h
receivers:
- name: default
  webhook_configs:
  - url: '${url}'
${extra}`;

const CRITICAL_INHIBITS_WARNING = `
inhibit_rules:
- source_match:
    severity: critical
  target_match:
    severity: warning
  equal: [alertname]
`;

/** Fingerprints from §3.1's FNV-1a algorithm (checked against Alertmanager 0.25). */
const FP_TEST1_WARNING = '8f14a41207c8456c';
const FP_TEST1_CRITICAL = '4d68350aea315959';

/** One Alertmanager on `config` (with `extra` appended) and its webhook, started. */
async function started(t: TestContext, extra = '', flags: ServerFlags = {}): Promise<{ at: AcceptanceTest; am: Server }> {
  const at = new AcceptanceTest(t);
  const wh = await at.webhook('webhook');
  await at.alertmanager(config(wh.url, extra), flags);
  return { at, am: await at.start() };
}

function window(): { startsAt: string; endsAt: string } {
  const now = Date.now();
  return { startsAt: new Date(now).toISOString(), endsAt: new Date(now + 5 * 60_000).toISOString() };
}

describe('acceptance: API', { concurrency: true }, () => {
  test('TestAddAlerts', async (t) => {
    // UTF-8 label *values* are valid even in classic mode.
    const { at, am } = await started(t, '', { features: ['classic-mode'] });
    await at.verify(async () => {
      const res = await am.api.postAlerts([{ labels: { a: 'b', b: 'Σ', c: '🙂', d: 'eΘ' }, ...window() }]);
      assert.equal(res.status, 200, describeResponse(res));
    });
  });

  test('TestAlertGetReturnsCurrentAlertStatus', async (t) => {
    const { at, am } = await started(t, CRITICAL_INHIBITS_WARNING);
    await at.verify(async () => {
      const times = window();
      const warning = { labels: { alertname: 'test1', severity: 'warning' }, ...times };
      const posted = await am.api.postAlerts([warning]);
      assert.equal(posted.status, 200, describeResponse(posted));
      for (const a of await am.api.getAlerts()) assert.equal(a.status.state, 'active');

      // Past group_wait the pipeline no longer updates the status: the API must compute it.
      await at.clock.sleepUntil(2);
      const silenceId = await am.api.createSilence({
        ...times,
        comment: 'a',
        createdBy: 'a',
        matchers: [{ name: 'alertname', value: 'test1', isRegex: false }],
      });
      const silenced = await am.api.getAlerts();
      assert.equal(silenced.length, 1);
      for (const a of silenced) {
        assert.equal(a.status.state, 'suppressed');
        assert.equal(a.fingerprint, FP_TEST1_WARNING);
        assert.deepEqual(a.status.silencedBy, [silenceId]);
      }

      const critical = await am.api.postAlerts([{ ...warning, labels: { alertname: 'test1', severity: 'critical' } }]);
      assert.equal(critical.status, 200, describeResponse(critical));
      const inhibited = await am.api.getAlerts();
      assert.equal(inhibited.length, 2);
      for (const a of inhibited) {
        assert.deepEqual(a.status.silencedBy, [silenceId]);
        if (a.fingerprint === FP_TEST1_WARNING) {
          assert.equal(a.status.state, 'suppressed');
          assert.deepEqual(a.status.inhibitedBy, [FP_TEST1_CRITICAL]);
        }
      }

      await am.api.deleteSilence(silenceId);
      const after = await am.api.getAlerts();
      assert.equal(after.length, 2);
      for (const a of after) {
        assert.deepEqual(a.status.silencedBy, []);
        assert.equal(a.status.state, a.fingerprint === FP_TEST1_CRITICAL ? 'active' : 'suppressed');
      }
    });
  });

  test('TestFilterAlertRequest', async (t) => {
    const { at, am } = await started(t, CRITICAL_INHIBITS_WARNING);
    await at.verify(async () => {
      const times = window();
      const res = await am.api.postAlerts([
        { labels: { alertname: 'test1', severity: 'warning' }, ...times },
        { labels: { system: 'foo', severity: 'critical' }, ...times },
      ]);
      assert.equal(res.status, 200, describeResponse(res));
      // Not inhibited: the source's alertname is missing (""), not "test1".
      const found = await am.api.getAlerts(['alertname=test1', 'severity=warning']);
      assert.equal(found.length, 1);
      assert.equal(found[0]?.status.state, 'active');
    });
  });
  test('HTTP that never reaches a route is answered as Go net/http answers it', async (t) => {
    const { at, am } = await started(t);
    await at.verify(async () => {
      const get = (headers: string, version = 'HTTP/1.1'): string => `GET /-/healthy ${version}\r\n${headers}\r\n`;
      const cases: Array<[string, string, string, string]> = [
        ['unreadable', 'HELLO\r\n\r\n', 'HTTP/1.1 400 Bad Request', '400 Bad Request'],
        ['version 9.9', get('Host: am\r\n', 'HTTP/9.9'), 'HTTP/1.1 505 HTTP Version Not Supported: unsupported protocol version', '505 HTTP Version Not Supported: unsupported protocol version'],
        ['no Host', get(''), 'HTTP/1.1 400 Bad Request: missing required Host header', '400 Bad Request: missing required Host header'],
        ['bad Host', get('Host: a b\r\n'), 'HTTP/1.1 400 Bad Request: malformed Host header', '400 Bad Request: malformed Host header'],
        ['gzip coding', 'POST /api/v2/alerts HTTP/1.1\r\nHost: am\r\nTransfer-Encoding: gzip\r\n\r\n[]', 'HTTP/1.1 501 Not Implemented', 'Unsupported transfer encoding'],
        ['64 KiB cookie', get(`Host: am\r\nCookie: ${'c'.repeat(64 * 1024)}\r\n`), 'HTTP/1.1 200 OK', 'OK'],
        ['2 MiB cookie', get(`Host: am\r\nCookie: ${'c'.repeat(2 << 20)}\r\n`), 'HTTP/1.1 431 Request Header Fields Too Large', '431 Request Header Fields Too Large'],
        ['OPTIONS *', 'OPTIONS * HTTP/1.1\r\nHost: am\r\n\r\n', 'HTTP/1.1 200 OK', ''],
        ['GET *', 'GET * HTTP/1.1\r\nHost: am\r\n\r\n', 'HTTP/1.1 400 Bad Request', ''],
        ['CONNECT', 'CONNECT am:443 HTTP/1.1\r\nHost: am:443\r\n\r\n', 'HTTP/1.1 404 Not Found', '404 page not found\n'],
        ['HTTP/2 preface', 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'HTTP/1.1 400 Bad Request', ''],
      ];
      for (const [name, request, statusLine, body] of cases) {
        const res = await rawExchange(am.url, request);
        assert.equal(res.statusLine, statusLine, name);
        assert.equal(res.body, body, name);
        if (body !== '' && body !== 'OK') assert.equal(res.headers.get('content-type'), 'text/plain; charset=utf-8', name);
      }
      // An idle keep-alive connection is kept past node's default of 5 s.
      const { received } = await idleThenAgain(am.url, get('Host: am\r\n'), 5_500);
      assert.equal(received.match(/HTTP\/1\.1 200 OK/g)?.length, 2, received);
    });
  });
});
