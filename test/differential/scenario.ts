/**
 * A randomised alerting scenario, the same for Tocsin and Alertmanager: the configuration and,
 * step by step, the alerts posted and the silences created or expired. Everything is planned
 * from a seed, in times relative to the step, so that a failing seed replays; only where the
 * time intervals' minute boundary falls depends on the wall clock.
 *
 * The timeline keeps every event that races another half a step away from it, so that both
 * servers see the same order:
 * - anchors (one alert per group, never resolved) create every group at once, so that all group
 *   ticks fall on one grid, and no group ever empties: Alertmanager 0.25 kept an empty group
 *   ticking for up to 30 s where 0.34 (and Tocsin) destroy it, and a new group starts a new
 *   `group_wait` (documented in shared/reference/alertmanager.md §3.4);
 * - the first step comes 1.5 s after the anchors, after their first flush (0.25 checked an old
 *   `startsAt` on every insert until the first flush, 0.34 only at the group's creation);
 * - steps are 1 s apart and ticks fall 0.5 s off them; silences start and end and alerts time
 *   out on the steps' grid; silences are edited three quarters of a step after a step; the time
 *   intervals' minute boundary falls 0.5 s off the ticks;
 * - the repeat intervals (3.5 s, 5.5 s; 4.5 s where the interval is 3 s) fall at least 0.5 s off
 *   any tick after a notification: a repeat due exactly on a tick depends, in Alertmanager
 *   itself, on whether the send took longer than its timer's lateness, microseconds either way.
 *
 * There is no reload: Alertmanager 0.25 started each regrouped group as it routed the stored
 * alerts, so a group's immediate flush held whichever of them were routed by then (0.30 routes
 * all first, as Tocsin does), and it flushed before its new inhibitor had loaded (0.30 waits).
 */
import { prng, randomBelow } from '../../src/common/prng.ts';

export const STEP_MS = 1_000;
/** From the anchors to the first step. */
export const FIRST_STEP_MS = 1_500;
const GROUP_WAIT_MS = 1_000;
const NAMES = ['A', 'B', 'C'] as const;
const TEAMS = ['a', 'b', 'c'] as const;
const SEVERITIES = ['crit', 'warn'] as const;

export type Labels = Record<string, string>;

/** An alert to post; times are relative to the moment of the post. */
export interface PlannedAlert {
  labels: Labels;
  annotations?: Labels;
  /** Absent: the server stamps it. */
  startsAgoMs?: number;
  /** Absent: `resolve_timeout` applies; negative: resolved in the past. */
  endsInMs?: number;
}

export type Matchers = Array<{ name: string; value: string; isRegex: boolean; isEqual: boolean }>;

export interface PlannedSilence {
  matchers: Matchers;
  /** Absent: it starts at once; else it is pending for this long. */
  startsInMs?: number;
  endsInMs: number;
}

/**
 * A change to a silence (by its index in creation order, edits counting as creations): its end
 * moved (updated in place while it has not expired, else replaced) or its matchers changed
 * (replaced: the old one expires).
 */
export interface SilenceEdit {
  index: number;
  matchers?: Matchers;
  endsInMs: number;
}

export interface Step {
  alerts: PlannedAlert[];
  /** A silence to create with the step. */
  silence?: PlannedSilence;
  /** The index (in creation order) of a silence to expire with the step. */
  expire?: number;
  edit?: SilenceEdit;
}

/** What a seed adds to the base scenario; drawn apart from it, so the base stays as it was. */
export interface Variant {
  /** Team b's alerts take a sub-tree with regex and negative matchers, inherited grouping, `continue` and their own intervals, to receiver r4. */
  nested: boolean;
  /** Some new alerts carry a `region`; the inhibition rule (odd seeds) asks for equal `instance` and `region`, which alerts without one share. */
  regions: boolean;
  /** Silences may start later, be edited, and match with `!=`. */
  silenceEdits: boolean;
  /**
   * Some new alerts carry a `uid` of their own and go to r5, grouped by all labels (`...`): each
   * is a group created during the run, waiting its `group_wait`, and destroyed once resolved.
   * Such an alert never fires again once resolved (Alertmanager 0.25 kept an emptied group up to
   * 30 s), never times out (for the same reason) and never starts in the past (its immediate
   * flush would put the group's ticks on the steps' grid).
   */
  perAlert: boolean;
}

export interface Scenario {
  seed: number;
  steps: Step[];
  /** One firing alert per group, re-sent with every step when `resolve_timeout` is short. */
  anchors: PlannedAlert[];
  resendAnchors: boolean;
  resolveTimeout: string;
  repeatInterval: string;
  /** Odd seeds have an inhibition rule. */
  inhibit: boolean;
  variant: Variant;
}

export function planScenario(seed: number, steps: number): Scenario {
  const rand = prng(seed);
  // The variant's draws come from a stream of their own, so that a seed's base plan is the same with or without them.
  const extra = prng(seed ^ 0x5bd1e995);
  const variant: Variant = { nested: extra() < 0.5, regions: extra() < 0.5, silenceEdits: extra() < 0.5, perAlert: extra() < 0.5 };
  const pick = <T>(items: readonly T[]): T => items[randomBelow(rand, items.length)] as T;
  const shortResolve = rand() < 0.5;
  const anchors: PlannedAlert[] = [];
  for (const alertname of NAMES) {
    for (const team of TEAMS) for (const sev of SEVERITIES) anchors.push({ labels: { alertname, team, sev, instance: 'anchor' } });
  }
  // Team c's warning anchors then have a region that no critical anchor has, so inhibition spares them.
  if (variant.regions) for (const { labels } of anchors) if (labels['team'] === 'c' && labels['sev'] === 'warn') labels['region'] = 'x';
  const live = new Map<string, Labels>();
  let uids = 0;
  /** The silences' matchers, in creation order. */
  const silences: Matchers[] = [];
  const planned: Step[] = [];
  for (let i = 0; i < steps; i++) {
    const step: Step = { alerts: [] };
    const operations = 1 + randomBelow(rand, 3);
    for (let o = 0; o < operations; o++) {
      const r = rand();
      if (r < 0.45 || live.size === 0) {
        const labels: Labels = { alertname: pick(NAMES), team: pick(TEAMS), sev: pick(SEVERITIES), instance: String(randomBelow(rand, 3)) };
        if (variant.regions && extra() < 0.4) labels['region'] = 'x';
        const alert: PlannedAlert = { labels, annotations: { v: String(randomBelow(rand, 2)) } };
        if (rand() < 0.5) alert.endsInMs = 240_000;
        if (rand() < 0.3) alert.startsAgoMs = randomBelow(rand, 3_000);
        if (variant.perAlert && extra() < 0.3) {
          labels['uid'] = String(++uids);
          alert.endsInMs = 240_000;
          delete alert.startsAgoMs;
        }
        live.set(JSON.stringify(labels), labels);
        step.alerts.push(alert);
      } else if (r < 0.8) {
        const [key, labels] = pick([...live]);
        live.delete(key);
        step.alerts.push({ labels, endsInMs: rand() < 0.5 ? 0 : -500 });
      } else {
        const [, labels] = pick([...live]);
        step.alerts.push({ labels, endsInMs: 240_000, annotations: { v: String(randomBelow(rand, 2)) } });
      }
    }
    if (rand() < 0.3) {
      if (silences.length > 0 && rand() < 0.4) step.expire = randomBelow(rand, silences.length);
      else {
        const matchers: Matchers = [{ name: 'alertname', value: pick(NAMES), isRegex: false, isEqual: true }];
        if (rand() < 0.5) matchers.push({ name: 'team', value: rand() < 0.3 ? 'a|b' : pick(TEAMS), isRegex: true, isEqual: rand() < 0.8 });
        if (rand() < 0.3) matchers.push({ name: 'instance', value: String(randomBelow(rand, 3)), isRegex: false, isEqual: !variant.silenceEdits || extra() < 0.5 });
        step.silence = { matchers, endsInMs: STEP_MS + randomBelow(rand, 5) * STEP_MS };
        if (variant.silenceEdits && extra() < 0.4) step.silence.startsInMs = STEP_MS * (1 + randomBelow(extra, 2));
        silences.push(matchers);
      }
    }
    if (variant.silenceEdits && silences.length > 0 && step.expire === undefined && extra() < 0.25) {
      const index = randomBelow(extra, silences.length);
      const edit: SilenceEdit = { index, endsInMs: STEP_MS * (1 + randomBelow(extra, 4)) };
      // A changed matcher set: the instance matcher added, or dropped where there is one.
      const matchers = silences[index] as Matchers;
      if (extra() < 0.4) {
        edit.matchers = matchers.some((m) => m.name === 'instance')
          ? matchers.filter((m) => m.name !== 'instance')
          : [...matchers, { name: 'instance', value: String(randomBelow(extra, 3)), isRegex: false, isEqual: true }];
      }
      step.edit = edit;
      silences.push(edit.matchers ?? matchers);
    }
    planned.push(step);
  }
  return {
    seed,
    steps: planned,
    anchors,
    resendAnchors: shortResolve,
    resolveTimeout: shortResolve ? '3s' : '5m',
    repeatInterval: rand() < 0.5 ? '3500ms' : '5500ms',
    inhibit: seed % 2 === 1,
    variant,
  };
}

/**
 * Receiver r3 answers 400 (not retried) to every notification in this window, ms from the first
 * step: two ticks, before the time intervals' boundary turns r3 off. A retried 5xx is left out:
 * the retry's random backoff decides when the group's next tick comes, so the two servers' ticks
 * would part (retries are compared in test/acceptance/send.test.ts and http-retry.test.ts).
 */
export const REFUSALS = { fromMs: 2_000, toMs: 6_000 } as const;

/** `HH:MM` in UTC; the end of a day is `24:00`, as a time interval's `end_time` must be. */
function clock(ms: number, end: boolean): string {
  const text = new Date(ms).toISOString().slice(11, 16);
  return end && text === '00:00' ? '24:00' : text;
}

/** The receivers a scenario's configuration has. */
export const receivers = (scenario: Scenario): string[] => [
  'r1',
  'r2',
  'r3',
  ...(scenario.variant.nested ? ['r4'] : []),
  ...(scenario.variant.perAlert ? ['r5'] : []),
];

/**
 * The alerts with a `uid` (variant `perAlert`), one group each; half a step longer a wait than
 * the others, so that the group's ticks fall 0.5 s off the steps that created it.
 */
const PER_ALERT_ROUTE = `    - matchers: ['uid=~".+"']
      receiver: r5
      group_by: ['...']
      group_wait: ${GROUP_WAIT_MS + STEP_MS / 2}ms
`;

/**
 * Team b's sub-tree (variant `nested`): grouped by name and severity, its A and B alerts go to r4
 * on a 3 s interval and go on to the next child, which takes the warnings to r4 on the parent's
 * intervals; the rest stay with the parent (r1). Its matchers use only the labels every anchor
 * shares with the alerts of its kind, so that each of its groups holds an anchor.
 */
const NESTED_ROUTE = `    - matchers: ['team="b"']
      group_by: [alertname, sev]
      routes:
        - matchers: ['alertname=~"A|B"', 'sev=~".+"']
          receiver: r4
          group_interval: 3s
          repeat_interval: 4500ms
          continue: true
        - matchers: ['sev!="crit"', 'alertname!~"X.*"']
          receiver: r4
`;

/**
 * The configuration: r1 groups by alert name (team a also by team), r2 takes the critical ones
 * with `continue`, `send_resolved: false` and `max_alerts: 2`, muted from `minuteMs` on, and r3
 * (team c, its webhook refusing some) is active only in the minute before `minuteMs`.
 */
export function scenarioConfig(scenario: Scenario, webhookUrl: string, minuteMs: number): string {
  const webhook = (name: string, extra: string) => `  - name: ${name}\n    webhook_configs:\n      - url: '${webhookUrl}${name}'\n        ${extra}\n`;
  const { nested, regions, perAlert } = scenario.variant;
  const inhibition = scenario.inhibit
    ? `inhibit_rules:
  - source_matchers: ['sev="crit"'${regions ? `, 'alertname!="C"'` : ''}]
    target_matchers: ['sev="warn"']
    equal: [${regions ? 'instance, region' : 'alertname, instance'}]
`
    : '';
  return `global:
  resolve_timeout: ${scenario.resolveTimeout}
route:
  receiver: r1
  group_by: [alertname]
  group_wait: ${GROUP_WAIT_MS}ms
  group_interval: 2s
  repeat_interval: ${scenario.repeatInterval}
  routes:
${perAlert ? PER_ALERT_ROUTE : ''}    - matchers: ['sev="crit"']
      receiver: r2
      continue: true
      mute_time_intervals: [after]
    - matchers: ['team="a"']
      receiver: r1
      group_by: [alertname, team]
${nested ? NESTED_ROUTE : ''}    - matchers: ['team="c"']
      receiver: r3
      group_by: [alertname, team]
      active_time_intervals: [before]
time_intervals:
  - name: before
    time_intervals: [{ times: [{ start_time: '${clock(minuteMs - 60_000, false)}', end_time: '${clock(minuteMs, true)}' }] }]
  - name: after
    time_intervals: [{ times: [{ start_time: '${clock(minuteMs, false)}', end_time: '${clock(minuteMs + 60_000, true)}' }] }]
${inhibition}receivers:
${webhook('r1', 'send_resolved: true')}${webhook('r2', 'send_resolved: false\n        max_alerts: 2')}${webhook('r3', 'send_resolved: true')}${nested ? webhook('r4', 'send_resolved: true') : ''}${perAlert ? webhook('r5', 'send_resolved: true') : ''}`;
}
