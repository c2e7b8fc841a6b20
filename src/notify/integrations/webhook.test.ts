import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Secret } from '../../config/secret.ts';
import type { WebhookConfig } from '../../config/types.ts';
import { HttpClient } from '../../http-client/http-client.ts';
import { NotifyError } from '../notify-error.ts';
import type { NotificationContext } from '../notifier.ts';
import { ReceiverDataStore } from '../nflog/receiver-data.ts';
import type { TemplateInput } from '../templates.ts';
import { alert, flushContext } from '../test-fixtures.ts';
import { buildNotificationData } from '../notification-data.ts';
import { templateInput } from './text-renderer.ts';
import { WebhookNotifier } from './webhook.ts';
import { webhookMessage } from './webhook-message.ts';
import { countTurns } from '../../../test/support/turn-counter.ts';

interface Received {
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

let server: Server;
let base: string;
const received: Received[] = [];
let status = 200;
let delayMs = 0;
const http = new HttpClient(undefined);

before(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      received.push({ url: req.url ?? '', headers: req.headers, body });
      setTimeout(() => {
        res.writeHead(status);
        res.end(status === 200 ? 'ok' : 'nope: bad request');
      }, delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  await http.close();
  await new Promise((resolve) => server.close(resolve));
});

function config(overrides: Partial<WebhookConfig> = {}): WebhookConfig {
  return { send_resolved: true, url: new Secret(`${base}/hook`), url_file: '', max_alerts: 0, timeout: 0, ...overrides };
}

const rendered: string[] = [];
const templates = {
  executeText: (text: string, input: TemplateInput): string => {
    rendered.push(text);
    return text.replace('{{ .GroupLabels.alertname }}', input.groupLabels['alertname'] ?? '');
  },
  executeHtml: (text: string): string => text,
};

function notifier(overrides: Partial<WebhookConfig> = {}): WebhookNotifier {
  return new WebhookNotifier(config(overrides), {
    http,
    templates,
    externalURL: 'http://am.example:9093',
    userAgent: 'Tocsin/test',
  });
}

function ctx(now = Date.parse('2026-11-21T00:30:30Z')): NotificationContext {
  return {
    flush: flushContext({ now }),
    reason: 'first notification',
    receiverData: new ReceiverDataStore(),
    signal: new AbortController().signal,
  };
}

// The two alerts posted to Alertmanager 0.25 to capture the fixture body.
const firing = alert(
  { alertname: 'A1', instance: 'i1', severity: 'warning' },
  {
    annotations: { summary: 's <b>&', description: 'line1\nline2 \u2028 é' },
    generatorURL: 'http://prom.example/graph?g0.expr=up&x=<1>',
    startsAt: Date.parse('2026-11-21T00:29:41.451Z'),
  },
);
const resolved = alert(
  { alertname: 'A1', instance: 'i2', severity: 'warning' },
  {
    annotations: { summary: 's <b>&' },
    startsAt: Date.parse('2026-11-21T00:29:40Z'),
    endsAt: Date.parse('2026-11-21T00:30:00.5Z'),
  },
);

// Go prints nanoseconds; we keep milliseconds. Cut Go's fractions to ms and drop trailing zeros.
function toMillis(json: string): string {
  return json.replace(/(T\d\d:\d\d:\d\d)\.(\d+)Z/g, (_m, hms: string, frac: string) => {
    const ms = frac.slice(0, 3).replace(/0+$/, '');
    return ms === '' ? `${hms}Z` : `${hms}.${ms}Z`;
  });
}

describe('WebhookNotifier', () => {
  test('sends the body Alertmanager 0.25 sends, plus the 0.34 keys', async () => {
    received.length = 0;
    status = 200;
    await notifier().notify(ctx(), [firing, resolved]);
    assert.equal(received.length, 1);
    const got = received[0] as Received;
    assert.equal(got.url, '/hook');
    assert.equal(got.headers['content-type'], 'application/json');
    assert.equal(got.headers['user-agent'], 'Tocsin/test');
    const body = JSON.parse(got.body) as Record<string, unknown>;
    assert.equal(body['notification_reason'], 'first notification');
    assert.deepEqual(body['routeLabels'], {});
    const without034 = got.body.replace('"notification_reason":"first notification",', '').replace('"routeLabels":{},', '');
    const fixture = await readFile(new URL('./testdata/am-0.25-webhook-body.json', import.meta.url), 'utf8');
    assert.equal(without034, toMillis(fixture));
  });

  test("a large group's body is written over several turns, alert for alert as small bodies write them", async () => {
    received.length = 0;
    status = 200;
    const alerts = Array.from({ length: 20_000 }, (_, i) =>
      i % 2 === 0
        ? alert({ ...firing.labels, instance: `i${i}` }, { annotations: firing.annotations, generatorURL: firing.generatorURL, startsAt: firing.startsAt })
        : alert({ ...resolved.labels, instance: `i${i}` }, { annotations: resolved.annotations, startsAt: resolved.startsAt, endsAt: resolved.endsAt }),
    );
    const c = ctx();
    const input = templateInput(c, 'http://am.example:9093', alerts);
    const counter = countTurns();
    const written = webhookMessage(buildNotificationData(input, alerts), c.flush.groupKey, 0);
    assert.ok(written instanceof Promise);
    const message = (await written).toString('utf8');
    const turns = counter.stop();
    assert.ok(turns > 1, `${turns} other turns ran while the body was written`);

    const alertsOf = (body: string): string => body.slice(body.indexOf('"alerts":[') + 10, body.indexOf('],"notification_reason"'));
    const pieces: string[] = [];
    for (let i = 0; i < alerts.length; i += 200) {
      const small = webhookMessage(buildNotificationData(input, alerts.slice(i, i + 200)), c.flush.groupKey, 0);
      assert.ok(Buffer.isBuffer(small), 'a small body is written at once');
      pieces.push(alertsOf(small.toString('utf8')));
    }
    assert.equal(alertsOf(message), pieces.join(','));

    await notifier().notify(c, alerts);
    const body = (received[0] as Received).body;
    assert.equal(body, message);
    const parsed = JSON.parse(body) as { alerts: unknown[]; commonLabels: unknown; status: string; truncatedAlerts: number };
    assert.equal(parsed.alerts.length, 20_000);
    assert.deepEqual(parsed.commonLabels, { alertname: 'A1', severity: 'warning' });
    assert.equal(parsed.status, 'firing');
    assert.ok(body.endsWith('"truncatedAlerts":0}\n'));
  });

  test('max_alerts keeps the first alerts and counts the rest', async () => {
    received.length = 0;
    await notifier({ max_alerts: 1 }).notify(ctx(), [firing, resolved]);
    const body = JSON.parse((received[0] as Received).body) as { alerts: unknown[]; truncatedAlerts: number; status: string };
    assert.equal(body.alerts.length, 1);
    assert.equal(body.truncatedAlerts, 1);
    assert.equal(body.status, 'firing');
  });

  test('url_file is read on every send and trimmed', async () => {
    received.length = 0;
    const dir = await mkdtemp(join(tmpdir(), 'tocsin-webhook-'));
    const file = join(dir, 'url');
    await writeFile(file, `  ${base}/first \n`);
    const n = notifier({ url: undefined, url_file: file });
    await n.notify(ctx(), [firing]);
    await writeFile(file, `${base}/second\n`);
    await n.notify(ctx(), [firing]);
    assert.deepEqual(
      received.map((r) => r.url),
      ['/first', '/second'],
    );
  });

  test('a missing url_file fails without retry', async () => {
    const n = notifier({ url: undefined, url_file: '/nonexistent/url' });
    await assert.rejects(n.notify(ctx(), [firing]), (e: unknown) => e instanceof NotifyError && !e.retryable);
  });

  test('a templated url is rendered with the notification data', async () => {
    received.length = 0;
    rendered.length = 0;
    await notifier({ url: new Secret(`${base}/g/{{ .GroupLabels.alertname }}`) }).notify(ctx(), [firing]);
    assert.equal((received[0] as Received).url, '/g/A1');
    assert.equal(rendered.length, 1);
  });

  test('a custom payload replaces the body: templated keys and values, YAML-looking values decoded', async () => {
    received.length = 0;
    const payload = { text: 'Group {{ .GroupLabels.alertname }}', count: '3', tags: '[a, b]', empty: '', plain: 'just text', map: 'x: 1', keep: 7 };
    await notifier({ payload }).notify(ctx(), [firing]);
    assert.equal((received[0] as Received).body, '{"count":3,"empty":null,"keep":7,"map":{"x":1},"plain":"just text","tags":["a","b"],"text":"Group A1"}\n');
  });

  test('a payload that cannot be encoded fails without retry', async () => {
    await assert.rejects(notifier({ payload: { n: '.inf' } }).notify(ctx(), [firing]), (e: unknown) => {
      assert.ok(e instanceof NotifyError);
      assert.equal(e.retryable, false);
      assert.match(e.message, /^failed to render custom payload: json: unsupported value: \+Inf/);
      return true;
    });
  });

  test('statuses: 5xx retryable serverError, 4xx final clientError, 429 rateLimited', async () => {
    const cases: [number, boolean, string][] = [
      [500, true, 'serverError'],
      [503, true, 'serverError'],
      [400, false, 'clientError'],
      [401, false, 'authError'],
      [429, false, 'rateLimited'],
    ];
    for (const [code, retryable, reason] of cases) {
      status = code;
      await assert.rejects(notifier().notify(ctx(), [firing]), (e: unknown) => {
        assert.ok(e instanceof NotifyError);
        assert.equal(e.retryable, retryable, `${code}`);
        assert.equal(e.reason, reason);
        assert.equal(e.statusCode, code);
        assert.match(e.message, new RegExp(`^unexpected status code ${code}: nope: bad request$`));
        return true;
      });
    }
    status = 200;
  });

  test('timeout bounds one attempt; the error is retryable and hides the URL', async () => {
    delayMs = 300;
    try {
      await assert.rejects(notifier({ timeout: 50 }).notify(ctx(), [firing]), (e: unknown) => {
        assert.ok(e instanceof NotifyError);
        assert.equal(e.retryable, true);
        assert.match(e.message, /configured webhook timeout reached \(50ms\)/);
        assert.doesNotMatch(e.message, /127\.0\.0\.1/);
        return true;
      });
    } finally {
      delayMs = 0;
    }
  });
});
