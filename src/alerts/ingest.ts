import { fingerprint } from '../labels/label-set.ts';
import type { LabelSet } from '../labels/label-set.ts';
import { isValidLabelName } from '../labels/parse.ts';
import type { MatcherMode } from '../labels/parse.ts';
import { goQuote } from '../labels/go-quote.ts';
import { isValidUtf8 } from '../labels/go-string.ts';
import type { Alert } from './alert.ts';
import { isUnsetTime } from './timestamps.ts';

/** An alert as a client posts it (API v2 `postableAlert`), times already parsed to epoch ms. */
export interface PostableAlert {
  readonly labels: LabelSet;
  readonly annotations?: LabelSet | undefined;
  /** Absent or Go's zero time means unset. */
  readonly startsAt?: number | undefined;
  /** Absent or Go's zero time means unset. */
  readonly endsAt?: number | undefined;
  readonly generatorURL?: string | undefined;
}

export interface IngestOptions {
  readonly now: number;
  /** `global.resolve_timeout` in milliseconds. */
  readonly resolveTimeoutMs: number;
  /** Label-name rules for validating label and annotation names. */
  readonly labelNameMode: MatcherMode;
}

/** A ready-to-store alert, or Alertmanager's reason for rejecting the posted one. */
export type IngestResult =
  | { readonly ok: true; readonly alert: Alert }
  | { readonly ok: false; readonly error: string };

/**
 * Turns a posted alert into a stored one as API v2's postAlerts does: `updatedAt` = now; a missing
 * `startsAt` becomes `endsAt` when that is set, else now; a missing `endsAt` becomes now +
 * resolve_timeout with `timeout` set; labels with empty values are dropped; then the alert is
 * validated with Alertmanager's messages (`start time must be before end time`,
 * `invalid label set: invalid name "0bad"`, `at least one label pair required`,
 * `invalid annotations: …`). The stored alert keeps the posted label and annotation maps when
 * nothing is dropped from them, so callers hand over freshly decoded ones.
 */
export function ingestAlert(input: PostableAlert, options: IngestOptions): IngestResult {
  const { now } = options;
  const endsAtSet = !isUnsetTime(input.endsAt);
  let startsAt = input.startsAt;
  if (isUnsetTime(startsAt)) startsAt = endsAtSet ? (input.endsAt as number) : now;
  const endsAt = endsAtSet ? (input.endsAt as number) : now + options.resolveTimeoutMs;

  const labels = hasEmptyValue(input.labels) ? withoutEmptyValues(input.labels) : input.labels;
  const annotations = input.annotations ?? {};

  if (endsAt < startsAt) return { ok: false, error: 'start time must be before end time' };
  const labelError = labelSetError(labels, options.labelNameMode);
  if (labelError !== undefined) return { ok: false, error: `invalid label set: ${labelError}` };
  if (isEmpty(labels)) return { ok: false, error: 'at least one label pair required' };
  const annotationError = labelSetError(annotations, options.labelNameMode);
  if (annotationError !== undefined) return { ok: false, error: `invalid annotations: ${annotationError}` };

  return {
    ok: true,
    alert: {
      fingerprint: fingerprint(labels),
      labels,
      annotations,
      startsAt,
      endsAt,
      generatorURL: input.generatorURL ?? '',
      updatedAt: now,
      timeout: !endsAtSet,
    },
  };
}

function hasEmptyValue(ls: LabelSet): boolean {
  for (const name in ls) if (ls[name] === '') return true;
  return false;
}

function withoutEmptyValues(ls: LabelSet): LabelSet {
  const out: Record<string, string> = {};
  for (const name of Object.keys(ls)) {
    const value = ls[name] as string;
    if (value === '') continue;
    // Assigning `__proto__` would set the prototype instead of adding a label.
    if (name === '__proto__') Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true });
    else out[name] = value;
  }
  return out;
}

function isEmpty(ls: LabelSet): boolean {
  for (const name in ls) if (Object.hasOwn(ls, name)) return false;
  return true;
}

// prometheus/common LabelSet.Validate: the first bad name or value, Go-quoted.
function labelSetError(ls: LabelSet, mode: MatcherMode): string | undefined {
  for (const name in ls) {
    if (!Object.hasOwn(ls, name)) continue;
    if (!isValidLabelName(name, mode)) return `invalid name ${goQuote(name)}`;
    if (!isValidUtf8(ls[name] as string)) return `invalid value ${goQuote(ls[name] as string)}`;
  }
  return undefined;
}

/** The posted alerts that ingest, in order, and the reasons for the others. */
export function ingestAlerts(inputs: readonly PostableAlert[], options: IngestOptions): { valid: Alert[]; errors: string[] } {
  const valid: Alert[] = [];
  const errors: string[] = [];
  for (const input of inputs) {
    const result = ingestAlert(input, options);
    if (result.ok) valid.push(result.alert);
    else errors.push(result.error);
  }
  return { valid, errors };
}
