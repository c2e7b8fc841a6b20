import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, test } from 'node:test';
import { Registry } from 'prom-client';
import { SystemClock } from '../../common/clock.ts';
import type { Clock } from '../../common/clock.ts';
import { flushDeadlineExceeded } from '../../dispatch/flush-signals.ts';
import { Secret } from '../../config/secret.ts';
import { HttpClient } from '../../http-client/http-client.ts';
import { WebhookNotifier } from '../integrations/webhook.ts';
import { silentNotifyLogger } from '../logger.ts';
import { NotifyMetrics } from '../metrics.ts';
import { ReceiverDataStore } from '../nflog/receiver-data.ts';
import { NotifyError } from '../notify-error.ts';
import type { Integration } from '../notifier.ts';
import { alert, flushContext, literalTemplates } from '../test-fixtures.ts';
import { RetryStage } from './retry-stage.ts';
import type { StageContext } from './stage.ts';

let server: Server;
let url: string;
let answers: number[] = [];
let requests = 0;
const http = new HttpClient(undefined);
const clock = new SystemClock();

before(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      requests++;
      res.writeHead(answers.shift() ?? 200);
      res.end(`answer ${requests}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
});
after(async () => {
  await http.close();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  requests = 0;
  answers = [];
});

function setup(sendResolved = true, stageClock: Clock = clock): { stage: RetryStage; metrics: NotifyMetrics; registry: Registry } {
  const registry = new Registry();
  const metrics = new NotifyMetrics(registry);
  const notifier = new WebhookNotifier(
    { send_resolved: sendResolved, url: new Secret(url), url_file: '', max_alerts: 0, timeout: 0 },
    { http, templates: literalTemplates, externalURL: 'http://am', userAgent: 'test' },
  );
  const integration: Integration = { name: 'webhook', index: 0, receiver: 'team', sendResolved, notifier };
  // random() = 0 makes each wait the lower bound: 250ms, 375ms, …
  return { stage: new RetryStage(integration, { clock: stageClock, metrics, random: () => 0 }), metrics, registry };
}

function ctx(deadlineIn = 10_000, signal = new AbortController().signal): StageContext {
  const now = Date.now();
  return {
    flush: flushContext({ now, deadline: now + deadlineIn, signal }),
    logger: silentNotifyLogger,
    firing: ['x'],
    resolved: [],
    reason: 'first notification',
    receiverData: new ReceiverDataStore(),
  };
}

function sample(text: string, name: string): number {
  const m = new RegExp(`^${name.replace(/[{}]/g, '\\$&')} (\\S+)$`, 'm').exec(text);
  return m === null ? Number.NaN : Number(m[1]);
}

test("an integration's preparation is awaited once, before the first attempt", async () => {
  const events: string[] = [];
  let attempts = 0;
  const integration: Integration = {
    name: 'fake',
    index: 0,
    receiver: 'team',
    sendResolved: true,
    notifier: {
      notify: () => {
        events.push(`attempt ${++attempts}`);
        return attempts === 1 ? Promise.reject(new NotifyError('try again', { retryable: true })) : Promise.resolve();
      },
    },
    prepare: (_ctx, alerts) => {
      events.push(`prepare ${alerts.length}`);
      return new Promise<void>((resolve) => setImmediate(() => {
        events.push('prepared');
        resolve();
      }));
    },
  };
  const stage = new RetryStage(integration, { clock, metrics: new NotifyMetrics(new Registry()), random: () => 0 });
  await stage.exec(ctx(), [alert({ alertname: 'A1' }), alert({ alertname: 'A2' })]);
  assert.deepEqual(events, ['prepare 2', 'prepared', 'attempt 1', 'attempt 2']);
});

test('a flush aborted while its integration prepares fails without an attempt, not waiting for the preparation', { timeout: 5_000 }, async () => {
  let attempts = 0;
  const integration: Integration = {
    name: 'msteams',
    index: 0,
    receiver: 'team',
    sendResolved: true,
    notifier: { notify: () => (attempts++, Promise.resolve()) },
    // A preparation that never ends.
    prepare: () => new Promise<void>(() => undefined),
  };
  const stage = new RetryStage(integration, { clock, metrics: new NotifyMetrics(new Registry()), random: () => 0 });
  const ac = new AbortController();
  const sent = stage.exec(ctx(10_000, ac.signal), [alert({ alertname: 'A1' })]);
  setTimeout(() => ac.abort(flushDeadlineExceeded()), 20);
  await assert.rejects(sent, (e: unknown) => {
    assert.ok(e instanceof NotifyError);
    assert.equal(e.reason, 'contextDeadlineExceeded');
    assert.match(e.message, /^team\/msteams\[0\]: notify retry canceled after 0 attempts: context deadline exceeded/);
    return true;
  });
  assert.equal(attempts, 0);
});

describe('RetryStage against a local webhook', () => {
  test('500 then 200: retried once, one delivery', async () => {
    const { stage, registry } = setup();
    answers = [500, 200];
    const a = alert({ alertname: 'A1' });
    assert.deepEqual(await stage.exec(ctx(), [a]), [a]);
    assert.equal(requests, 2);
    const text = await registry.metrics();
    assert.equal(sample(text, 'alertmanager_notifications_total{integration="webhook"}'), 1);
    assert.equal(sample(text, 'alertmanager_notification_requests_total{integration="webhook"}'), 2);
    assert.equal(sample(text, 'alertmanager_notification_requests_failed_total{integration="webhook"}'), 1);
    assert.equal(sample(text, 'alertmanager_notifications_failed_total{integration="webhook",reason="serverError"}'), 0);
  });

  test('400: no retry, failure counted as clientError', async () => {
    const { stage, registry } = setup();
    answers = [400];
    await assert.rejects(stage.exec(ctx(), [alert({ alertname: 'A1' })]), (e: unknown) => {
      assert.ok(e instanceof NotifyError);
      assert.equal(e.reason, 'clientError');
      assert.equal(e.statusCode, 400);
      assert.equal(
        e.message,
        'team/webhook[0]: notify retry canceled due to unrecoverable error after 1 attempts: unexpected status code 400: answer 1',
      );
      return true;
    });
    assert.equal(requests, 1);
    const text = await registry.metrics();
    assert.equal(sample(text, 'alertmanager_notifications_failed_total{integration="webhook",reason="clientError"}'), 1);
  });

  test('the deadline stops retries and reports the last error', async () => {
    const { stage, registry } = setup();
    answers = Array(20).fill(503) as number[];
    const started = Date.now();
    await assert.rejects(stage.exec(ctx(500), [alert({ alertname: 'A1' })]), (e: unknown) => {
      assert.ok(e instanceof NotifyError);
      assert.equal(e.reason, 'serverError');
      assert.match(e.message, /^team\/webhook\[0\]: notify retry canceled after 2 attempts: unexpected status code 503/);
      return true;
    });
    const elapsed = Date.now() - started;
    assert.ok(elapsed >= 450 && elapsed < 1500, `stopped after ${elapsed}ms`);
    assert.equal(requests, 2);
    const text = await registry.metrics();
    assert.equal(sample(text, 'alertmanager_notifications_failed_total{integration="webhook",reason="serverError"}'), 1);
  });

  test('a wait that runs to the deadline ends the retries, though its timer fires before the clock reads the deadline', async () => {
    // The clock stands still and timers fire at once: only the wait itself knows it reached the deadline.
    const frozen = Date.now();
    const stalled: Clock = { now: () => frozen, setTimeout: (fn) => clock.setTimeout(fn, 0), clearTimeout: (h) => clock.clearTimeout(h) };
    const { stage } = setup(true, stalled);
    answers = Array(20).fill(503) as number[];
    // Waits of 250 ms, then 375 ms: the second reaches the deadline 300 ms on.
    await assert.rejects(stage.exec(ctx(300), [alert({ alertname: 'A1' })]), /^NotifyError: team\/webhook\[0\]: notify retry canceled after 2 attempts: unexpected status code 503/);
    assert.equal(requests, 2);
  });

  test('an aborted flush before any attempt fails with contextCanceled', async () => {
    const { stage } = setup();
    const ac = new AbortController();
    ac.abort();
    await assert.rejects(stage.exec(ctx(10_000, ac.signal), [alert({ alertname: 'A1' })]), (e: unknown) => {
      assert.ok(e instanceof NotifyError);
      assert.equal(e.reason, 'contextCanceled');
      return true;
    });
    assert.equal(requests, 0);
  });

  test('a flush aborted by its deadline timer fails with contextDeadlineExceeded, even before the clock reaches the deadline', async () => {
    const { stage, registry } = setup();
    const ac = new AbortController();
    ac.abort(flushDeadlineExceeded());
    await assert.rejects(stage.exec(ctx(10_000, ac.signal), [alert({ alertname: 'A1' })]), (e: unknown) => {
      assert.ok(e instanceof NotifyError);
      assert.equal(e.reason, 'contextDeadlineExceeded');
      return true;
    });
    const text = await registry.metrics();
    assert.equal(sample(text, 'alertmanager_notifications_failed_total{integration="webhook",reason="contextDeadlineExceeded"}'), 1);
  });

  test('send_resolved false: nothing sent when nothing fires; only firing alerts otherwise', async () => {
    const { stage } = setup(false);
    const resolved = alert({ alertname: 'A1', i: '2' }, { endsAt: Date.now() - 1000 });
    const c = ctx();
    c.firing = [];
    assert.deepEqual(await stage.exec(c, [resolved]), [resolved]);
    assert.equal(requests, 0);
  });
});
