// Tocsin and the real Alertmanager 0.25, given the same configuration and the same randomised
// alerts and silences at the same moments, must behave alike: for every receiver and group, the
// same sequence of webhook notifications (status, firing and resolved alerts in order with their
// annotations, truncation, group and common labels) at the same moments (within 250 ms) and the
// same refused ones; after every step, the same API listings of alerts, groups and silences; at
// the end, the same counts of alerts, notifications and silences in /metrics.
// The scenario (./scenario.ts) covers grouping, `continue`, `max_alerts`, `send_resolved`, repeat
// intervals, re-sent and resolved alerts, old `startsAt`, resolve timeouts, silences created and
// expired, inhibition, mute and active time intervals, and a receiver refusing
// notifications (4xx, which are not retried); each seed's variant adds some of: a nested route
// tree with regex and negative matchers and its own intervals, inhibition on a label some alerts
// lack, pending silences, silences edited in place or replaced, a group per alert (`...`) created
// and destroyed during the run. Seeds: TOCSIN_DIFF_SEEDS (default
// 2,9, which together have every variant and every listing non-empty).
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { tocsinOnly } from '../acceptance/target.ts';
import { PairedServers } from '../support/paired-servers.ts';
import { findProgram, skipUnless } from '../support/programs.ts';
import { FIRST_STEP_MS, REFUSALS, STEP_MS, planScenario, receivers, scenarioConfig } from './scenario.ts';
import type { Matchers, PlannedAlert, Scenario } from './scenario.ts';
import { WebhookLog } from './webhook-log.ts';
import type { Delivery } from './webhook-log.ts';

const ALERTMANAGER = findProgram('prometheus-alertmanager');
const DEFAULT_SEEDS = '2,9';
const SEEDS = (process.env['TOCSIN_DIFF_SEEDS'] ?? DEFAULT_SEEDS).split(',').map(Number);
const STEPS = 40;
/** After the last step: long enough for the last repeat and resolved notifications. */
const TAIL_MS = 9_000;
/** The time intervals' minute boundary falls at most this long after the anchors. */
const BOUNDARY_WITHIN_MS = 40_000;
const SKEW_MS = 250;

interface Run {
  deliveries: Delivery[];
  /** The anchors' post, epoch ms. */
  anchorsAt: number;
  /** Each API call's status per server, in order, e.g. `POST /api/v2/silences 200`. */
  answers: Record<string, string[]>;
  /** What each step did, for failure messages. */
  posts: string[];
  /** Each server's API listings after each step (see `LISTINGS`). */
  listings: Record<string, string[]>;
  /** Each server's counters and gauges of the pipeline after the run (see `pipelineMetrics`). */
  metrics: Record<string, Record<string, number>>;
}

/**
 * The series compared after a run: the webhook integration's (0.34 has more integrations) and API
 * v2's (it has no v1); labels 0.25 lacks (`reason`, added in 0.26) are summed over.
 */
const COMPARED_METRICS = new Set([
  'alertmanager_alerts_received_total',
  'alertmanager_alerts_invalid_total',
  'alertmanager_notifications_total',
  'alertmanager_notifications_failed_total',
  'alertmanager_notification_requests_total',
  'alertmanager_notification_requests_failed_total',
  'alertmanager_silences',
]);
const DROPPED_LABELS = /,?reason="[^"]*"/;
const OTHER_SERIES = /integration="(?!webhook")|version="v1"/;

/** `name{labels}` → value for the compared series of a `/metrics` text. */
function pipelineMetrics(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const match = /^([a-z_]+)(\{[^}]*\})? (\S+)$/.exec(line);
    if (match === null || !COMPARED_METRICS.has(match[1] as string) || OTHER_SERIES.test(match[2] ?? '')) continue;
    const key = `${match[1]}${(match[2] ?? '').replace(DROPPED_LABELS, '').replace('{,', '{')}`;
    out[key] = (out[key] ?? 0) + Number(match[3]);
  }
  return out;
}

const alertBody = (alert: PlannedAlert, now: number): Record<string, unknown> => ({
  labels: alert.labels,
  ...(alert.annotations === undefined ? {} : { annotations: alert.annotations }),
  ...(alert.startsAgoMs === undefined ? {} : { startsAt: new Date(now - alert.startsAgoMs).toISOString() }),
  ...(alert.endsInMs === undefined ? {} : { endsAt: new Date(now + alert.endsInMs).toISOString() }),
});

interface ListedAlert {
  fingerprint: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  receivers: Array<{ name: string }>;
  /** `mutedBy` is 0.28+. */
  status: { state: string; silencedBy: string[]; inhibitedBy: string[]; mutedBy?: string[] };
}

type SilenceIds = ReadonlyArray<Record<string, string>>;
/** Silences are named by their order of creation: their IDs differ. */
const silenceIndex = (id: string, server: string, silenceIds: SilenceIds) => silenceIds.findIndex((ids) => ids[server] === id);

/**
 * An alert of a listing as compared: labels, annotations, receivers and status, without the times
 * a server stamps itself. Of the inhibiting alerts only whether there are any: where several
 * inhibit one, Alertmanager 0.25 names one of them, picked by Go's random map order. A group
 * muted by a time interval lists its alerts `suppressed` with `mutedBy` since 0.28; 0.25 listed
 * them `active`, as they are when neither silenced nor inhibited.
 */
function listedAlert(a: ListedAlert, server: string, silenceIds: SilenceIds): string {
  const { silencedBy, inhibitedBy, mutedBy = [] } = a.status;
  const state = mutedBy.length > 0 && silencedBy.length === 0 && inhibitedBy.length === 0 ? 'active' : a.status.state;
  const silences = silencedBy.map((id) => silenceIndex(id, server, silenceIds)).sort();
  const receivers = a.receivers.map((r) => r.name).sort();
  return `${a.fingerprint} ${JSON.stringify(a.labels)} ${JSON.stringify(a.annotations)} ${receivers.join(',')} ${state} silenced [${silences.join(',')}]${inhibitedBy.length > 0 ? ' inhibited' : ''}`;
}

/** A listing's answer as compared. */
type Describe = (text: string, server: string, silenceIds: SilenceIds) => string;
const alerts: Describe = (text, server, ids) => (JSON.parse(text) as ListedAlert[]).map((a) => listedAlert(a, server, ids)).sort().join('; ');
const groups: Describe = (text, server, ids) =>
  (JSON.parse(text) as Array<{ labels: Record<string, string>; receiver: { name: string }; alerts: ListedAlert[] }>)
    .map((g) => `${g.receiver.name} ${JSON.stringify(g.labels)}: ${g.alerts.map((a) => listedAlert(a, server, ids)).join(', ')}`)
    .join('; ');

/** The API listings compared after every step, with filters of each kind. */
const LISTINGS: ReadonlyArray<[string, Describe]> = [
  ['/api/v2/alerts', alerts],
  ['/api/v2/alerts?silenced=false&inhibited=false', alerts],
  [`/api/v2/alerts?receiver=r1&filter=${encodeURIComponent('team=~"a|b"')}&filter=${encodeURIComponent('sev!="crit"')}`, alerts],
  [`/api/v2/alerts?filter=${encodeURIComponent('region=""')}&filter=${encodeURIComponent('instance!~"anchor|1"')}`, alerts],
  ['/api/v2/alerts/groups', groups],
  [`/api/v2/alerts/groups?active=false&silenced=true&filter=${encodeURIComponent('alertname=~"A|B"')}`, groups],
  [
    '/api/v2/silences',
    (text, server, ids) =>
      (JSON.parse(text) as Array<{ id: string; status: { state: string } }>)
        .map((silence) => `${silenceIndex(silence.id, server, ids)} ${silence.status.state}`)
        .sort()
        .join(', '),
  ],
];

/** Runs `scenario` on both servers, returning every webhook request they made. */
async function runScenario(scenario: Scenario): Promise<Run> {
  let firstStepAt = Number.POSITIVE_INFINITY;
  const log = await WebhookLog.start(({ receiver, atMs }) => {
    const t = atMs - firstStepAt;
    return receiver === 'r3' && t >= REFUSALS.fromMs && t < REFUSALS.toMs ? 400 : 200;
  });
  const dir = await mkdtemp(join(tmpdir(), `tocsin-diff-${scenario.seed}-`));
  const configFile = join(dir, 'alertmanager.yml');
  const boundary = Math.ceil((Date.now() + 12_000) / 60_000) * 60_000;
  await writeFile(configFile, scenarioConfig(scenario, log.url, boundary));
  const servers = new PairedServers(ALERTMANAGER);
  const answers: Record<string, string[]> = {};
  const listings: Record<string, string[]> = {};
  const posts: string[] = [];
  try {
    await servers.start(configFile, dir);
    const targets = [
      { name: 'tocsin', url: servers.tocsin.url },
      { name: 'alertmanager', url: servers.alertmanagerUrl },
    ];
    /** Makes the same call on both servers; `body` may differ by server. */
    const call = (method: string, path: (target: string) => string, body?: unknown) =>
      Promise.all(
        targets.map(async ({ name, url }) => {
          const payload = typeof body === 'function' ? (body as (target: string) => unknown)(name) : body;
          const res = await fetch(`${url}${path(name)}`, {
            method,
            ...(payload === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) }),
          });
          const text = await res.text();
          (answers[name] ??= []).push(`${method} ${path('<id>')} ${res.status}`);
          return { name, status: res.status, text };
        }),
      );
    /** Whether both servers made the silence (created or replaced it): '' stands for a refusal. */
    const made = (ids: Record<string, string> | undefined): ids is Record<string, string> => ids !== undefined && targets.every(({ name }) => (ids[name] ?? '') !== '');
    // Ticks fall 0.5 s off the minute boundary: the anchors come a whole number of seconds and a half before it.
    const anchorsAt = boundary - 500 - STEP_MS * Math.min(Math.floor((boundary - 500 - Date.now()) / STEP_MS), BOUNDARY_WITHIN_MS / STEP_MS);
    await sleep(anchorsAt - Date.now());
    await call('POST', () => '/api/v2/alerts', scenario.anchors.map((a) => alertBody(a, Date.now())));
    firstStepAt = anchorsAt + FIRST_STEP_MS;
    const silenceIds: Array<Record<string, string>> = [];
    for (const [i, step] of scenario.steps.entries()) {
      await sleep(firstStepAt + i * STEP_MS - Date.now());
      const now = Date.now();
      const alerts = [...(scenario.resendAnchors ? scenario.anchors : []), ...step.alerts];
      posts.push(`${now - anchorsAt} ms: ${step.alerts.map((a) => `${JSON.stringify(a.labels)}${a.endsInMs === undefined ? '' : ` ends ${a.endsInMs}`}`).join(', ')}`);
      await call('POST', () => '/api/v2/alerts', alerts.map((a) => alertBody(a, now)));
      if (step.silence !== undefined) {
        const startsAt = now + (step.silence.startsInMs ?? 0);
        const body = { matchers: step.silence.matchers, startsAt: new Date(startsAt).toISOString(), endsAt: new Date(startsAt + step.silence.endsInMs).toISOString(), createdBy: 'diff', comment: `seed ${scenario.seed}` };
        silenceIds.push(silenceIdsOf(await call('POST', () => '/api/v2/silences', body)));
        posts.push(`${now - anchorsAt} ms: silence ${JSON.stringify(step.silence.matchers)} from ${step.silence.startsInMs ?? 0} for ${step.silence.endsInMs} ms`);
      }
      const expired = step.expire === undefined ? undefined : silenceIds[step.expire];
      if (step.expire !== undefined && made(expired)) {
        await call('DELETE', (name) => `/api/v2/silence/${expired[name]}`);
        posts.push(`${now - anchorsAt} ms: expire silence ${step.expire}`);
      }
      // A quarter step later, between the steps and the ticks.
      await sleep(firstStepAt + i * STEP_MS + STEP_MS / 4 - Date.now());
      for (const [path, describe] of LISTINGS) {
        for (const { name, text } of await call('GET', () => path)) (listings[name] ??= []).push(`${i} ${path}: ${describe(text, name, silenceIds)}`);
      }
      const { edit } = step;
      const edited = edit === undefined ? undefined : silenceIds[edit.index];
      if (edit !== undefined && !made(edited)) {
        // A refused creation or edit made no silence to edit; the skipped edit's index stays taken.
        silenceIds.push({});
      } else if (edit !== undefined && edited !== undefined) {
        // Three quarters of a step after the step's post: a quarter step from the ticks and from
        // any silence's start or end; the new end falls on the steps' grid.
        await sleep(firstStepAt + i * STEP_MS + (STEP_MS * 3) / 4 - Date.now());
        const stored = Object.fromEntries(
          (await call('GET', (name) => `/api/v2/silence/${edited[name]}`)).map(({ name, text }) => [name, JSON.parse(text) as { matchers: Matchers; startsAt: string }]),
        );
        const replies = await call('POST', () => '/api/v2/silences', (name: string) => ({
          id: edited[name],
          matchers: edit.matchers ?? stored[name]?.matchers,
          startsAt: stored[name]?.startsAt,
          endsAt: new Date(now + edit.endsInMs).toISOString(),
          createdBy: 'diff',
          comment: `seed ${scenario.seed} edited`,
        }));
        const editedIds = silenceIdsOf(replies);
        for (const { name } of replies) (answers[name] ??= []).push(`edit of ${edit.index} ${editedIds[name] === edited[name] ? 'kept its ID' : 'made a new one'}`);
        silenceIds.push(editedIds);
        posts.push(`${now - anchorsAt + (STEP_MS * 3) / 4} ms: edit silence ${edit.index}${edit.matchers === undefined ? '' : ` to ${JSON.stringify(edit.matchers)}`}, ending at ${edit.endsInMs} ms after the step`);
      }
    }
    await sleep(TAIL_MS);
    const metrics: Record<string, Record<string, number>> = {};
    for (const { name, url } of targets) metrics[name] = pipelineMetrics(await (await fetch(`${url}/metrics`)).text());
    return { deliveries: log.deliveries, anchorsAt, answers, listings, posts, metrics };
  } finally {
    await servers.stop();
    await log.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Each server's ID of a silence created or replaced, from its answers; '' where it refused. */
const silenceIdsOf = (answers: ReadonlyArray<{ name: string; status: number; text: string }>): Record<string, string> =>
  Object.fromEntries(answers.map(({ name, status, text }) => [name, status === 200 ? (JSON.parse(text) as { silenceID: string }).silenceID : '']));

const alertText = (a: Delivery['body']['alerts'][number]): string =>
  `${a.labels['alertname']}/${a.labels['team']}/${a.labels['sev']}/${a.labels['instance']}${a.labels['region'] === undefined ? '' : `@${a.labels['region']}`}${a.labels['uid'] === undefined ? '' : `#${a.labels['uid']}`}${a.status === 'firing' ? `:${a.annotations['v'] ?? '-'}` : ''}`;

/**
 * A notification as compared: its status; its alerts in the order sent (Alertmanager's: by
 * `instance`, then labels), resolved ones marked `-`, with their fingerprints; truncation; the
 * group's labels and the common labels and annotations, as encoded (key order included).
 */
function summary(d: Delivery): string {
  const { body } = d;
  const alerts = body.alerts.map((a) => `${a.status === 'firing' ? '' : '-'}${alertText(a)}=${a.fingerprint}`);
  return `${body.status} [${alerts.join(' ')}] truncated ${body.truncatedAlerts} group ${JSON.stringify(body.groupLabels)} common ${JSON.stringify(body.commonLabels)} ${JSON.stringify(body.commonAnnotations)}`;
}

/** Successful notifications per `receiver groupKey`, in arrival order. */
function notifications(run: Run, server: string): Map<string, Delivery[]> {
  const out = new Map<string, Delivery[]>();
  for (const d of run.deliveries) {
    if (d.server !== server || d.status !== 200) continue;
    const key = `${d.receiver} ${d.groupKey}`;
    const group = out.get(key);
    if (group === undefined) out.set(key, [d]);
    else group.push(d);
  }
  return out;
}

const skip =
  tocsinOnly('it compares Tocsin with Alertmanager') ||
  (ALERTMANAGER === undefined ? skipUnless('prometheus-alertmanager', 'prometheus-alertmanager') : false);

describe('notifications, compared with Alertmanager 0.25 on randomised scenarios', { skip, concurrency: true }, () => {
  for (const seed of SEEDS) {
    const scenario = planScenario(seed, STEPS);
    const variant = Object.entries(scenario.variant).flatMap(([name, on]) => (on ? [`${name}, `] : []));
    test(`seed ${seed} (${scenario.inhibit ? 'inhibition, ' : ''}${variant.join('')}resolve_timeout ${scenario.resolveTimeout}, repeat_interval ${scenario.repeatInterval})`, async () => {
      const run = await runScenario(scenario);
      const tocsin = notifications(run, 'tocsin');
      const alertmanager = notifications(run, 'alertmanager');
      const sequences = (byGroup: Map<string, Delivery[]>) =>
        Object.fromEntries([...byGroup].sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, ds]) => [key, ds.map((d) => `${d.atMs - run.anchorsAt} ms ${summary(d)}`)]));
      const contents = (byGroup: Map<string, Delivery[]>) => Object.fromEntries([...byGroup].map(([key, ds]) => [key, ds.map(summary)]));
      const context = `\nsteps (ms after the anchors):\n${run.posts.join('\n')}\ntocsin:\n${JSON.stringify(sequences(tocsin), null, 1)}\nalertmanager:\n${JSON.stringify(sequences(alertmanager), null, 1)}`;

      assert.deepEqual(run.answers['tocsin'], run.answers['alertmanager'], 'both answered every API call alike');
      assert.deepEqual(run.listings['tocsin'], run.listings['alertmanager'], 'the same alerts, groups and silences listed after every step');
      assert.deepEqual(run.metrics['tocsin'], run.metrics['alertmanager'], 'the same counts of alerts, notifications and silences');
      assert.deepEqual(contents(tocsin), contents(alertmanager), `the same notifications per receiver and group${context}`);
      const late: string[] = [];
      for (const [key, ds] of alertmanager) {
        ds.forEach((d, i) => {
          const skew = Math.abs((tocsin.get(key)?.[i]?.atMs ?? Number.NaN) - d.atMs);
          if (!(skew <= SKEW_MS)) late.push(`${key} #${i + 1}: ${skew} ms apart`);
        });
      }
      assert.deepEqual(late, [], `notifications at the same moments${context}`);
      const refused = (server: string) => run.deliveries.filter((d) => d.server === server && d.status !== 200).map((d) => `${d.receiver} ${d.groupKey} ${summary(d)}`).sort();
      assert.deepEqual(refused('tocsin'), refused('alertmanager'), 'the same notifications refused');

      // The default seeds exercise everything the scenario is meant to, on both servers alike;
      // another seed's random plan may leave some of it out (no refusal falls in r3's window, say).
      if (!DEFAULT_SEEDS.split(',').includes(String(seed))) return;
      for (const [path] of LISTINGS) {
        const listed = (run.listings['alertmanager'] ?? []).filter((l) => l.includes(` ${path}: `) && !l.endsWith(': '));
        assert.ok(listed.length > 0, `${path} listed something`);
      }
      assert.ok((run.metrics['alertmanager']?.['alertmanager_notification_requests_failed_total{integration="webhook"}'] ?? 0) > 0, 'failed requests counted');
      const all = [...alertmanager.values()].flat();
      assert.ok(all.length >= 60, `${all.length} notifications`);
      assert.ok(all.some((d) => d.body.truncatedAlerts > 0), 'max_alerts truncated a notification');
      assert.ok(all.some((d) => d.body.alerts.some((a) => a.status === 'resolved')), 'a notification carried a resolved alert');
      assert.deepEqual(new Set(all.map((d) => d.receiver)), new Set(receivers(scenario)), 'every receiver was notified');
      assert.ok(refused('alertmanager').length > 0, 'r3 refused notifications');
    });
  }
});
