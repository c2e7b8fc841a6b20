import type { LabelSet } from '../labels/label-set.ts';
import { isUnsetTime } from './timestamps.ts';

/**
 * An alert as the store holds it (Alertmanager's `types.Alert`). Times are epoch milliseconds.
 * Ingest always sets `endsAt`; `timeout` records that it was synthesised from `resolve_timeout`
 * rather than sent by the client, which matters when merging.
 */
export interface Alert {
  /** FNV-1a fingerprint of `labels`, 16 hex digits; the alert's identity. */
  readonly fingerprint: string;
  readonly labels: LabelSet;
  readonly annotations: LabelSet;
  readonly startsAt: number;
  readonly endsAt: number;
  readonly generatorURL: string;
  /** When the alert was last received: the authoritative timestamp for merges. */
  readonly updatedAt: number;
  readonly timeout: boolean;
}

/** Whether the alert is resolved at `at`: its `endsAt` is set and not after `at` (Go's `ResolvedAt`). */
export function isResolved(alert: Pick<Alert, 'endsAt'>, at: number): boolean {
  return !isUnsetTime(alert.endsAt) && alert.endsAt <= at;
}

/** The alert's name: its `alertname` label, or "" when it has none. */
export function alertName(alert: Pick<Alert, 'labels'>): string {
  return Object.hasOwn(alert.labels, 'alertname') ? (alert.labels['alertname'] as string) : '';
}
