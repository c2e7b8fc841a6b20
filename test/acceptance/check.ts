import { formatLabels } from './builders.ts';
import type { LabelSet, TestAlert } from './builders.ts';
import type { RelativeClock } from './relative-clock.ts';
import type { ReceivedAlert, Webhook } from './webhook.ts';

export interface CheckResult {
  ok: boolean;
  report: string;
}

/** When a scheduled action (a push, say) actually ran: from `startMs` to `endMs`, epoch ms. */
export interface ActionRun {
  /** Its relative second in the scenario. */
  at: number;
  startMs: number;
  endMs: number;
}

/** What received times are compared with. */
export interface TimeMatch {
  clock: RelativeClock;
  toleranceMs: number;
  /**
   * The actions as they ran. A time the server stamps (the startsAt of an alert pushed without
   * one) is when it read the push, which on a loaded machine can be later than the push's
   * scheduled second by more than the tolerance; an expected time equal to an action's second
   * therefore also matches any time during that action's run, within the tolerance.
   */
  runs: readonly ActionRun[];
}

/**
 * Alertmanager's collector rules: every expected batch must equal (as a set) some batch that
 * arrived inside its interval (an empty expectation means nothing arrived there); the total number
 * of received alerts must equal the total expected, so extra notifications fail; empty batches fail.
 */
export function checkWebhook(webhook: Webhook, match: TimeMatch): CheckResult {
  const { clock } = match;
  const lines: string[] = [`webhook ${JSON.stringify(webhook.name)}:`];
  let ok = true;
  for (const { interval, alerts } of webhook.expectations) {
    const inside = webhook.batches.filter((b) => {
      const t = clock.relative(b.atMs);
      return t >= interval.from && t <= interval.to;
    });
    const found =
      alerts.length === 0
        ? inside.length === 0
        : inside.some((b) => batchEquals(alerts, b.alerts, match));
    ok &&= found;
    const wanted = alerts.length === 0 ? 'nothing' : alerts.map((a) => a.toString()).join(', ');
    lines.push(`  ${found ? '✓' : '✗'} [${interval.from}, ${interval.to}] ${wanted}`);
  }
  const expectedTotal = webhook.expectations.reduce((n, e) => n + e.alerts.length, 0);
  const receivedTotal = webhook.batches.reduce((n, b) => n + b.alerts.length, 0);
  if (expectedTotal !== receivedTotal) {
    ok = false;
    lines.push(`  ✗ expected a total of ${expectedTotal} alerts, received ${receivedTotal}`);
  }
  if (webhook.batches.some((b) => b.alerts.length === 0)) {
    ok = false;
    lines.push('  ✗ received an empty notification');
  }
  lines.push('  received:');
  if (webhook.batches.length === 0) lines.push('    (nothing)');
  for (const batch of webhook.batches) {
    const alerts = batch.alerts.map((a) => receivedString(a, clock)).join(', ');
    lines.push(`    @${clock.relative(batch.atMs).toFixed(3)} ${alerts}`);
  }
  return { ok, report: lines.join('\n') };
}

function batchEquals(expected: readonly TestAlert[], received: readonly ReceivedAlert[], match: TimeMatch): boolean {
  if (expected.length !== received.length) return false;
  return expected.every((e) => received.some((r) => alertEquals(e, r, match)));
}

function alertEquals(e: TestAlert, r: ReceivedAlert, match: TimeMatch): boolean {
  return (
    labelsEqual(e.labels, r.labels) &&
    labelsEqual(e.annotations, r.annotations) &&
    timeEquals(e.startsAt, r.startsAt, match) &&
    timeEquals(e.endsAt, r.endsAt, match)
  );
}

/** A relative 0 is Go's zero time and matches only a zero (undefined) received time. */
export function timeEquals(expected: number, received: number | undefined, match: TimeMatch): boolean {
  if (expected === 0 || received === undefined) return expected === 0 && received === undefined;
  const { clock, toleranceMs } = match;
  if (Math.abs(clock.absolute(expected) - received) <= toleranceMs) return true;
  return match.runs.some((run) => run.at === expected && received >= run.startMs - toleranceMs && received <= run.endMs + toleranceMs);
}

function labelsEqual(a: LabelSet, b: LabelSet): boolean {
  const ak = Object.keys(a);
  return ak.length === Object.keys(b).length && ak.every((k) => Object.hasOwn(b, k) && b[k] === a[k]);
}

function receivedString(a: ReceivedAlert, clock: RelativeClock): string {
  const at = (ms: number | undefined): string => (ms === undefined ? '' : clock.relative(ms).toFixed(3));
  return `${formatLabels(a.labels)}${formatLabels(a.annotations, 'ann')}[${at(a.startsAt)}:${at(a.endsAt)}]`;
}
