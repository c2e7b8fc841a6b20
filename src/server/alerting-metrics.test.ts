import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Registry } from 'prom-client';
import { MemoryAlertStore } from '../alerts/memory-alert-store.ts';
import { FakeClock, settle } from '../common/fake-clock.ts';
import { silentLogger } from '../common/logger.ts';
import { parseConfig } from '../config/load.ts';
import { alertAt } from '../dispatch/fixtures.ts';
import { DispatcherMetrics } from '../dispatch/dispatcher-metrics.ts';
import { NotifyMetrics } from '../notify/metrics.ts';
import { LocalNotificationLog } from '../notify/nflog/local-notification-log.ts';
import { eq, silenceInput } from '../silences/fixtures.ts';
import { MemorySilenceStore } from '../silences/memory-silence-store.ts';
import { Silencer } from '../silences/silencer.ts';
import { exposition } from '../api/sliced-metrics.ts';
import { textOf } from '../../test/support/text-of.ts';
import { registerAlertingMetrics } from './alerting-metrics.ts';
import { buildGeneration } from './generation.ts';

const S = 1000;

/** A generation over fresh in-memory stores with the metrics registered; not started. */
function setup(yaml: string, features: { groupKeyInMetrics?: boolean; receiverNames?: boolean } = {}) {
  const clock = new FakeClock();
  const t0 = clock.now();
  const registry = new Registry();
  const alerts = new MemoryAlertStore({ clock });
  const silences = new MemorySilenceStore({ clock, retentionMs: 3600 * S, matcherMode: 'fallback' });
  const state = {
    clock,
    logger: silentLogger,
    alerts,
    silencer: new Silencer(silences, { clock }),
    nflog: new LocalNotificationLog({ clock, retentionMs: 3600 * S }),
    notifyMetrics: new NotifyMetrics(registry, { receiverNames: features.receiverNames === true }),
    dispatcherMetrics: new DispatcherMetrics(registry),
    externalUrl: 'http://am.example',
  };
  const generation = buildGeneration(parseConfig(yaml, { filename: 'am.yml' }), state);
  registerAlertingMetrics(registry, { clock, silences, current: () => generation, groupKeyInMetrics: features.groupKeyInMetrics === true });
  /** Gauge values by their label (or '' without labels); absent when not exported. */
  const gauge = async (name: string): Promise<Record<string, number>> => {
    const metric = await registry.getSingleMetric(name)?.get();
    return Object.fromEntries((metric?.values ?? []).map((v) => [String(v.labels['state'] ?? ''), v.value]));
  };
  const put = async (...list: Parameters<typeof alertAt>[]) => {
    await alerts.put(list.map((args) => alertAt(...args)));
    await settle();
  };
  /** The text `/metrics` answers. */
  const scrape = async (): Promise<string> => textOf(await exposition(registry));
  return { clock, t0, registry, state, alerts, silences, generation, gauge, put, scrape };
}

const counts = (active: number, suppressed: number, unprocessed: number) => ({ active, suppressed, unprocessed });

describe('alertmanager_alerts', () => {
  const config = `
route: { receiver: 'null', group_by: [alertname], group_wait: 1s, group_interval: 10s }
receivers: [{ name: 'null' }]
inhibit_rules:
  - { source_matchers: [severity=critical], target_matchers: [severity=warning], equal: [alertname] }
`;

  it('exports nothing until the dispatcher runs, then counts unflushed alerts as unprocessed', async () => {
    const { clock, t0, generation, gauge, put } = setup(config);
    await put([{ alertname: 'a' }, t0]);
    assert.deepEqual(await gauge('alertmanager_alerts'), {});
    await generation.start(t0 + 0.5 * S);
    await settle();
    assert.deepEqual(await gauge('alertmanager_alerts'), {});
    await clock.advanceTo(t0 + 0.5 * S);
    assert.deepEqual(await gauge('alertmanager_alerts'), counts(0, 0, 1));
    await clock.advanceTo(t0 + 1 * S);
    assert.deepEqual(await gauge('alertmanager_alerts'), counts(1, 0, 0));
    generation.stop();
    assert.deepEqual(await gauge('alertmanager_alerts'), {});
  });

  it('follows silences and their expiry at each flush, as the group markers do', async () => {
    const { clock, t0, silences, generation, gauge, put } = setup(config);
    await generation.start(t0);
    await put([{ alertname: 'a' }, t0, { endsAt: t0 + 3600 * S }]);
    await clock.advanceTo(t0 + 1 * S);
    assert.deepEqual(await gauge('alertmanager_alerts'), counts(1, 0, 0));

    await silences.set(silenceInput([eq('alertname', 'a')], undefined, t0 + 25 * S));
    // The marker changes when the pipeline next looks at the alert, not when the silence is made.
    assert.deepEqual(await gauge('alertmanager_alerts'), counts(1, 0, 0));
    await clock.advanceTo(t0 + 11 * S);
    assert.deepEqual(await gauge('alertmanager_alerts'), counts(0, 1, 0));

    await clock.advanceTo(t0 + 21 * S);
    assert.deepEqual(await gauge('alertmanager_alerts'), counts(0, 1, 0));
    await clock.advanceTo(t0 + 31 * S);
    assert.deepEqual(await gauge('alertmanager_alerts'), counts(1, 0, 0));

    const id = await silences.set(silenceInput([eq('alertname', 'a')], undefined, t0 + 3600 * S));
    await clock.advanceTo(t0 + 41 * S);
    assert.deepEqual(await gauge('alertmanager_alerts'), counts(0, 1, 0));
    await silences.expire(id);
    await clock.advanceTo(t0 + 51 * S);
    assert.deepEqual(await gauge('alertmanager_alerts'), counts(1, 0, 0));
    generation.stop();
  });

  it('follows inhibition and leaves resolved alerts out at once', async () => {
    const { clock, t0, generation, gauge, put } = setup(config);
    await generation.start(t0);
    await put([{ alertname: 'a', severity: 'warning' }, t0, { endsAt: t0 + 3600 * S }]);
    await clock.advanceTo(t0 + 1 * S);
    assert.deepEqual(await gauge('alertmanager_alerts'), counts(1, 0, 0));

    await put([{ alertname: 'a', severity: 'critical' }, clock.now(), { endsAt: t0 + 3600 * S }]);
    assert.deepEqual(await gauge('alertmanager_alerts'), counts(1, 0, 1));
    await clock.advanceTo(t0 + 11 * S);
    assert.deepEqual(await gauge('alertmanager_alerts'), counts(1, 1, 0));

    // The source resolves: both alerts stay marked until the next flush, but it no longer counts.
    await put([{ alertname: 'a', severity: 'critical' }, clock.now(), { endsAt: clock.now() }]);
    assert.deepEqual(await gauge('alertmanager_alerts'), counts(0, 1, 0));
    await clock.advanceTo(t0 + 21 * S);
    assert.deepEqual(await gauge('alertmanager_alerts'), counts(1, 0, 0));
    generation.stop();
  });

  it('counts an alert of several groups once, with its highest state', async () => {
    const { clock, t0, generation, gauge, put } = setup(`
route:
  receiver: 'null'
  routes:
    - { matchers: [team=db], group_wait: 1s, continue: true }
    - { matchers: [team=db], group_wait: 30s }
receivers: [{ name: 'null' }]
`);
    await generation.start(t0);
    await clock.advance(0);
    await put([{ alertname: 'a', team: 'db' }, t0]);
    assert.equal(generation.dispatcher.groupCount, 2);
    assert.deepEqual(await gauge('alertmanager_alerts'), counts(0, 0, 1));
    await clock.advanceTo(t0 + 1 * S);
    assert.deepEqual(await gauge('alertmanager_alerts'), counts(1, 0, 0));
    generation.stop();
  });
});

describe('alertmanager_alerts under group-key-in-metrics', () => {
  it('counts per aggregation group, an alert of two groups in each', async () => {
    const { clock, t0, generation, put, scrape } = setup(
      `
route:
  receiver: 'null'
  group_by: [alertname]
  group_wait: 1s
  routes:
    - { receiver: 'null', matchers: [team=a], continue: true }
    - { receiver: 'null', matchers: ['alertname=~".+"'] }
receivers: [{ name: 'null' }]
`,
      { groupKeyInMetrics: true },
    );
    await generation.start(t0);
    await put([{ alertname: 'x', team: 'a' }, t0], [{ alertname: 'y' }, t0]);
    await clock.advanceTo(t0 + 1 * S);
    const lines = (await scrape()).split('\n').filter((l) => l.startsWith('alertmanager_alerts{'));
    const re = '{}/{alertname=~\\".+\\"}';
    const team = '{}/{team=\\"a\\"}';
    const x = '{alertname=\\"x\\"}';
    const y = '{alertname=\\"y\\"}';
    const expected = [];
    for (const state of ['active', 'suppressed', 'unprocessed']) {
      for (const key of [`${re}:${x}`, `${re}:${y}`, `${team}:${x}`]) expected.push(`alertmanager_alerts{state="${state}",group_key="${key}"} ${state === 'active' ? 1 : 0}`);
    }
    assert.deepEqual(lines.sort(), expected);
    generation.stop();
    const stopped = await scrape();
    assert.deepEqual(stopped.split('\n').filter((l) => l.startsWith('alertmanager_alerts{')), []);
    assert.match(stopped, /\n\n# HELP alertmanager_alerts How many alerts by state\.\n# TYPE alertmanager_alerts gauge\n$/);
  });

  it('writes the samples of many groups in slices, a turn of the event loop each, all of them, once', async () => {
    const { clock, t0, registry, generation, put } = setup(
      "route: { receiver: 'null', group_by: [alertname], group_wait: 1s }\nreceivers: [{ name: 'null' }]\n",
      { groupKeyInMetrics: true },
    );
    await generation.start(t0);
    const groups = 20_000;
    await put(...Array.from({ length: groups }, (_, i): Parameters<typeof alertAt> => [{ alertname: `a${i}` }, t0]));
    // The store hands new alerts to the dispatcher in slices too.
    for (let i = 0; i < 2_000 && generation.dispatcher.groupCount < groups; i++) await settle();
    await clock.advanceTo(t0 + 1 * S);
    // The due flushes start a few per turn, and their stages wait on the clock.
    for (let i = 0; i < 2_000 && (await generation.dispatcher.countAlertsByState(clock.now())).active < groups; i++) await clock.advance(0);
    const body = await exposition(registry);
    assert.ok(typeof body !== 'string', 'the per-group family is streamed');
    const chunks: string[] = [];
    for await (const chunk of body) chunks.push(String(chunk));
    const text = chunks.join('');
    const samples = text.split('\n').filter((l) => l.startsWith('alertmanager_alerts{'));
    assert.equal(samples.length, 3 * groups);
    assert.equal(new Set(samples).size, samples.length);
    assert.equal(samples.filter((l) => l.startsWith('alertmanager_alerts{state="active"') && l.endsWith(' 1')).length, groups);
    // prom-client's families, the empty line, then the samples in slices, each written within one turn.
    assert.ok(chunks.length >= 4, `${chunks.length} chunks`);
    generation.stop();
  });
});

describe('notification metrics under receiver-name-in-metrics', () => {
  const receiver = (name: string) => `
route: { receiver: ${name} }
receivers: [{ name: ${name}, webhook_configs: [{ url: 'http://127.0.0.1:9/hook' }] }]
`;

  it('are made for the receivers in use when a configuration starts, not when it is only built', async () => {
    const { t0, registry, state, generation } = setup(receiver('team'), { receiverNames: true });
    const series = async (receiverName: string) => (await registry.metrics()).includes(`alertmanager_notifications_total{integration="webhook",receiver_name="${receiverName}"} 0`);
    assert.equal(await series('team'), false, 'built only');
    await generation.start(t0);
    assert.equal(await series('team'), true, 'started');
    // A reload that another subscriber vetoes builds its generation and never starts it.
    buildGeneration(parseConfig(receiver('pager'), { filename: 'am.yml' }), state);
    assert.equal(await series('team'), true, 'a generation built but not started resets nothing');
    assert.equal(await series('pager'), false);
    generation.stop();
  });
});

describe('alertmanager_dispatcher_alert_processing_duration_seconds', () => {
  it('counts every alert routed: those stored before the dispatcher started and those put later', async () => {
    const { t0, registry, generation, put } = setup(`
route: { receiver: 'null', group_by: [alertname] }
receivers: [{ name: 'null' }]
`);
    await put([{ alertname: 'a' }, t0], [{ alertname: 'b' }, t0]);
    await generation.start(t0);
    await generation.dispatcher.loaded();
    await put([{ alertname: 'a', instance: '1' }, t0], [{ alertname: 'c' }, t0], [{ alertname: 'd' }, t0]);
    const text = await registry.metrics();
    assert.match(text, /^# TYPE alertmanager_dispatcher_alert_processing_duration_seconds summary$/m);
    assert.match(text, /^alertmanager_dispatcher_alert_processing_duration_seconds_count 5$/m);
    const sum = Number(/^alertmanager_dispatcher_alert_processing_duration_seconds_sum (\S+)$/m.exec(text)?.[1]);
    assert.ok(sum > 0 && sum < 1, `sum ${sum}`);
    generation.stop();
  });
});

describe('alertmanager_receivers and alertmanager_integrations', () => {
  it('count only the receivers some route uses, as Alertmanager builds no others (0.25 reports 2 and 3 here too)', async () => {
    const { gauge } = setup(`
route:
  receiver: a
  routes: [{ receiver: b }, { receiver: a }]
receivers:
  - { name: a, webhook_configs: [{ url: 'http://127.0.0.1:1/' }, { url: 'http://127.0.0.1:2/' }] }
  - { name: b, slack_configs: [{ api_url: 'http://127.0.0.1:3/', channel: '#x' }] }
  - { name: unused, webhook_configs: [{ url: 'http://127.0.0.1:4/' }, { url: 'http://127.0.0.1:5/' }] }
`);
    assert.deepEqual(await gauge('alertmanager_receivers'), { '': 2 });
    assert.deepEqual(await gauge('alertmanager_integrations'), { '': 3 });
  });
});
