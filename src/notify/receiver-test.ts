/**
 * Sends one test notification through every integration of a receiver, outside the pipeline: no
 * grouping, inhibition, silences, time intervals or dedup, one attempt per integration, nothing
 * written to the notification log. Backs `POST /api/v2/receivers/{name}/test`.
 */
import type { Alert } from '../alerts/alert.ts';
import { GO_ZERO_TIME_MS } from '../alerts/timestamps.ts';
import { fingerprint, labelSetToString } from '../labels/label-set.ts';
import type { LabelSet } from '../labels/label-set.ts';
import type { FlushContext, MarkerWriter } from './flush.ts';
import { ReceiverDataStore } from './nflog/receiver-data.ts';
import type { Integration } from './notifier.ts';
import { integrationLabel } from './notifier.ts';

/** The labels of the default test alert; request labels are added to (and override) them. */
export const TEST_ALERT_LABELS: LabelSet = { alertname: 'TestAlert', instance: 'tocsin' };

/** The annotations of the default test alert; request annotations are added to (and override) them. */
export const TEST_ALERT_ANNOTATIONS: LabelSet = {
  summary: 'Notification test',
  description: 'A test notification sent by Tocsin through this receiver; no alert is firing.',
};

/** How long all integrations together may take, as Alertmanager's minimum flush deadline. */
export const RECEIVER_TEST_TIMEOUT_MS = 10_000;

/** One alert of a test notification, as a request describes it. */
export interface TestAlertInput {
  readonly labels: LabelSet;
  readonly annotations?: LabelSet;
  /** Epoch ms; defaults to the time of the test. */
  readonly startsAt?: number;
  /** Epoch ms; unset means firing. */
  readonly endsAt?: number;
  readonly generatorURL?: string;
}

/** What became of one integration's notification. */
export interface IntegrationTestResult {
  /** `webhook[0]`, as Alertmanager names integrations in logs. */
  readonly integration: string;
  readonly status: 'ok' | 'failed';
  /** The failure's message (never a secret: integrations keep URLs out of their errors). */
  readonly error?: string;
  readonly durationMs: number;
}

export interface ReceiverTestOptions {
  readonly receiver: string;
  readonly integrations: readonly Integration[];
  readonly alerts: readonly TestAlertInput[];
  /** Epoch ms of the test. */
  readonly now: number;
  readonly timeoutMs?: number;
  /** Monotonic milliseconds, for the durations; `performance.now` by default. */
  readonly elapsed?: () => number;
}

/** The default test alert with extra labels and annotations merged over its own. */
export function defaultTestAlert(labels: LabelSet = {}, annotations: LabelSet = {}): TestAlertInput {
  return { labels: { ...TEST_ALERT_LABELS, ...labels }, annotations: { ...TEST_ALERT_ANNOTATIONS, ...annotations } };
}

// Test notifications belong to no aggregation group, so nothing records their muting.
const NO_MARKER: MarkerWriter = { setSilenced() {}, setInhibited() {}, setGroupMuted() {} };

/**
 * Notifies every integration concurrently, once, with reason `first notification`, and reports
 * each outcome in the receiver's integration order. Never rejects: failures are results.
 */
export async function testReceiver(options: ReceiverTestOptions): Promise<IntegrationTestResult[]> {
  const { now, receiver } = options;
  const elapsed = options.elapsed ?? (() => performance.now());
  const alerts = options.alerts.map((a) => toAlert(a, now));
  const groupLabels = commonLabels(alerts);
  const timeoutMs = options.timeoutMs ?? RECEIVER_TEST_TIMEOUT_MS;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error(`receiver test deadline of ${timeoutMs}ms exceeded`)), timeoutMs);
  const { signal } = controller;
  const flush: FlushContext = {
    groupKey: `{}/test:${labelSetToString(groupLabels)}`,
    routeId: '{}/test',
    receiver,
    groupLabels,
    routeLabels: {},
    repeatInterval: 0,
    muteTimeIntervals: [],
    activeTimeIntervals: [],
    now,
    deadline: now + timeoutMs,
    signal,
    marker: NO_MARKER,
  };
  const results = Promise.all(
    options.integrations.map(async (integration): Promise<IntegrationTestResult> => {
      const started = elapsed();
      const durationMs = (): number => Math.round(elapsed() - started);
      const context = { flush, reason: 'first notification' as const, receiverData: new ReceiverDataStore(), signal };
      try {
        await integration.notifier.notify(context, alerts);
        return { integration: integrationLabel(integration), status: 'ok', durationMs: durationMs() };
      } catch (err) {
        const error = err instanceof Error ? err.message : String(err);
        return { integration: integrationLabel(integration), status: 'failed', error, durationMs: durationMs() };
      }
    }),
  );
  return results.finally(() => clearTimeout(timer));
}

function toAlert(input: TestAlertInput, now: number): Alert {
  return {
    fingerprint: fingerprint(input.labels),
    labels: input.labels,
    annotations: input.annotations ?? {},
    startsAt: input.startsAt ?? now,
    endsAt: input.endsAt ?? GO_ZERO_TIME_MS,
    generatorURL: input.generatorURL ?? '',
    updatedAt: now,
    timeout: false,
  };
}

// The group labels a route grouping by every shared label would give: the pairs all alerts share.
function commonLabels(alerts: readonly Alert[]): LabelSet {
  const [first, ...rest] = alerts;
  if (first === undefined) return {};
  return Object.fromEntries(Object.entries(first.labels).filter(([k, v]) => rest.every((a) => a.labels[k] === v)));
}
