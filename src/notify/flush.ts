/**
 * The contract between the dispatcher and the notification pipeline: what one aggregation group's
 * flush hands over, and how the pipeline reports muting back for the API's markers.
 */
import type { Alert } from '../alerts/alert.ts';
import type { LabelSet } from '../labels/label-set.ts';

/** Records why alerts of a group were suppressed; read by the API (silencedBy, inhibitedBy, mutedBy). */
export interface MarkerWriter {
  /** Active silences muting the alert; an empty list clears the mark. */
  setSilenced(fingerprint: string, silenceIds: readonly string[]): void;
  /** The inhibiting source alert's fingerprint(s); an empty list clears the mark. */
  setInhibited(fingerprint: string, sourceFingerprints: readonly string[]): void;
  /** Time intervals muting the whole group; an empty list clears the mark. */
  setGroupMuted(routeId: string, groupKey: string, intervalNames: readonly string[]): void;
}

/** Everything the pipeline needs to know about one flush of one aggregation group. */
export interface FlushContext {
  /** `routeKey + ":" + groupLabels` as Alertmanager prints it, e.g. `{}:{alertname="A1"}`. */
  readonly groupKey: string;
  /** The route's unique id (its key plus sibling index), for the group marker. */
  readonly routeId: string;
  readonly receiver: string;
  readonly groupLabels: LabelSet;
  /** The route's `labels` (0.34), already rendered for this group. */
  readonly routeLabels: LabelSet;
  readonly repeatInterval: number;
  readonly muteTimeIntervals: readonly string[];
  readonly activeTimeIntervals: readonly string[];
  /** The tick time (epoch ms): every decision in this flush uses it, as Alertmanager does. */
  readonly now: number;
  /** Epoch ms after which retries stop: `now + max(group_interval, 10s)` (+ HA wait later). */
  readonly deadline: number;
  /** Aborted when the deadline passes or the group is stopped (reload, shutdown). */
  readonly signal: AbortSignal;
  readonly marker: MarkerWriter;
}

/**
 * Runs the notification pipeline for one flush. Resolves when every integration succeeded or had
 * nothing to do; rejects when any failed, so the dispatcher keeps the resolved alerts for the next
 * flush. The alerts are copies: unresolved ones already have `endsAt` unset.
 */
export type NotifyFn = (ctx: FlushContext, alerts: readonly Alert[]) => Promise<void>;

/** Decides whether an alert is muted (the inhibitor and the silencer implement it). */
export interface Muter {
  /**
   * The ids muting the alert now (silence ids, or the inhibiting alert's fingerprint); empty when
   * it is not muted. Implementations read time from their injected Clock.
   */
  mutes(labels: LabelSet, fingerprint: string): readonly string[];
}
