// The ops integrations behind the pipeline's RetryStage: what is retried, what is not, and the
// failure reason counted (pagerduty, opsgenie, victorops, webex, jira, incidentio).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Registry } from 'prom-client';
import { SystemClock } from '../../common/clock.ts';
import { Secret } from '../../config/secret.ts';
import type { ReceiverConfig } from '../../config/types.ts';
import { silentNotifyLogger } from '../logger.ts';
import { NotifyMetrics } from '../metrics.ts';
import { ReceiverDataStore } from '../nflog/receiver-data.ts';
import { NotifyError } from '../notify-error.ts';
import type { Notifier } from '../notifier.ts';
import { RetryStage } from '../stages/retry-stage.ts';
import type { StageContext } from '../stages/stage.ts';
import { createIncidentioNotifier } from './incidentio.ts';
import { createJiraNotifier } from './jira.ts';
import { createOpsgenieNotifier } from './opsgenie.ts';
import { createPagerdutyNotifier } from './pagerduty.ts';
import { createVictoropsNotifier } from './victorops.ts';
import { createWebexNotifier } from './webex.ts';
import { CaptureServer, fixtureAlerts, fixtureContext, loadFixture, OPS_CAPTURE, scenarioReceiver, testDeps } from './integration-test-support.ts';

const server = new CaptureServer(OPS_CAPTURE);
const deps = testDeps();
let answers: number[] = [];

before(async () => {
  await server.start();
  server.answer = () => ({ status: answers.shift() ?? 200, body: '{}' });
});
after(async () => {
  await server.close();
  await deps.http.close();
});

const receiver = (dir: string, name: string): ReceiverConfig => scenarioReceiver(loadFixture(dir, name), server.base);

const NOTIFIERS: Record<string, () => Notifier> = {
  pagerduty: () => createPagerdutyNotifier(receiver('pagerduty', 'events-v2').pagerduty_configs?.[0] as never, deps),
  opsgenie: () => createOpsgenieNotifier(receiver('opsgenie', 'defaults').opsgenie_configs?.[0] as never, deps),
  victorops: () => createVictoropsNotifier(receiver('victorops', 'defaults').victorops_configs?.[0] as never, deps),
  webex: () => createWebexNotifier(receiver('webex', 'defaults').webex_configs?.[0] as never, deps),
  jira: () =>
    createJiraNotifier(
      {
        send_resolved: true,
        api_url: `${server.base}/rest/api/2/`,
        api_type: 'auto',
        project: 'OPS',
        summary: { template: 's' },
        description: { template: 'd' },
        priority: '',
        issue_type: 'Bug',
        reopen_transition: '',
        resolve_transition: '',
        wont_fix_resolution: '',
        reopen_duration: 0,
      },
      deps,
    ),
  incidentio: () =>
    createIncidentioNotifier(
      {
        send_resolved: true,
        url: `${server.base}/incidentio`,
        url_file: '',
        alert_source_token: new Secret('t'),
        alert_source_token_file: '',
        max_alerts: 0,
        timeout: 0,
      },
      deps,
    ),
};

/** Integrations that retry 429 besides 5xx (Alertmanager 0.34 retriers). */
const RETRY_429 = new Set(['pagerduty', 'opsgenie', 'jira', 'incidentio']);

const fixture = loadFixture('pagerduty', 'events-v2');

function setup(name: string): { stage: RetryStage; registry: Registry } {
  const registry = new Registry();
  const notifier = (NOTIFIERS[name] as () => Notifier)();
  const stage = new RetryStage(
    { name, index: 0, receiver: 'rcv', sendResolved: true, notifier },
    { clock: new SystemClock(), metrics: new NotifyMetrics(registry), random: () => 0 },
  );
  return { stage, registry };
}

function ctx(): StageContext {
  const base = fixtureContext(fixture);
  const now = Date.now();
  return {
    flush: { ...base.flush, now, deadline: now + 10_000 },
    logger: silentNotifyLogger,
    firing: ['x'],
    resolved: [],
    reason: 'first notification',
    receiverData: new ReceiverDataStore(),
  };
}

async function failures(registry: Registry, name: string, reason: string): Promise<number> {
  const m = new RegExp(`^alertmanager_notifications_failed_total\\{integration="${name}",reason="${reason}"\\} (\\S+)$`, 'm').exec(await registry.metrics());
  return Number(m?.[1]);
}

for (const name of Object.keys(NOTIFIERS)) {
  describe(`${name} behind the RetryStage`, () => {
    test('500 then 200: retried, delivered once', async () => {
      const { stage } = setup(name);
      answers = [500];
      server.take();
      const alerts = fixtureAlerts(fixture, false);
      assert.deepEqual(await stage.exec(ctx(), alerts), alerts);
      const got = server.take();
      assert.equal(got[0]?.path, got[1]?.path);
      assert.equal(got[0]?.body, got[1]?.body);
    });

    test('400: not retried, counted as clientError', async () => {
      const { stage, registry } = setup(name);
      answers = [400];
      server.take();
      await assert.rejects(stage.exec(ctx(), fixtureAlerts(fixture, false)), (e: unknown) => e instanceof NotifyError && e.reason === 'clientError');
      assert.equal(server.take().length, 1);
      assert.equal(await failures(registry, name, 'clientError'), 1);
    });

    test(RETRY_429.has(name) ? '429 is retried' : '429 is not retried (rateLimited)', async () => {
      const { stage, registry } = setup(name);
      answers = [429];
      server.take();
      const run = stage.exec(ctx(), fixtureAlerts(fixture, false));
      if (RETRY_429.has(name)) {
        await run;
        assert.ok(server.take().length >= 2);
      } else {
        await assert.rejects(run);
        assert.equal(server.take().length, 1);
        assert.equal(await failures(registry, name, 'rateLimited'), 1);
      }
    });
  });
}
