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
  /**
   * The stored alert this one re-sends, when the decoder found its labels, annotations and
   * generator URL to be the stored ones (which passed validation then), so they are not checked
   * or fingerprinted again.
   */
  readonly resends?: Alert | undefined;
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

  const annotations = input.annotations ?? {};

  if (endsAt < startsAt) return { ok: false, error: 'start time must be before end time' };
  const known = input.resends;
  if (known !== undefined) {
    const { fingerprint, labels, annotations: knownAnnotations, generatorURL } = known;
    return { ok: true, alert: { fingerprint, labels, annotations: knownAnnotations, startsAt, endsAt, generatorURL, updatedAt: now, timeout: !endsAtSet } };
  }
  // Labels with empty values are dropped before validation, so they are not checked.
  const scan = scanLabelSet(input.labels, options.labelNameMode, true);
  if (scan.error !== undefined) return { ok: false, error: `invalid label set: ${scan.error}` };
  if (scan.nonEmpty === 0) return { ok: false, error: 'at least one label pair required' };
  const annotationError = scanLabelSet(annotations, options.labelNameMode, false).error;
  if (annotationError !== undefined) return { ok: false, error: `invalid annotations: ${annotationError}` };
  const labels = scan.hasEmpty ? withoutEmptyValues(input.labels) : input.labels;

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

interface LabelSetScan {
  /** prometheus/common LabelSet.Validate's complaint about the first bad name or value, Go-quoted. */
  readonly error: string | undefined;
  readonly hasEmpty: boolean;
  readonly nonEmpty: number;
}

// One pass over a label set: validity (of the non-empty ones only when `skipEmpty`) and counts.
function scanLabelSet(ls: LabelSet, mode: MatcherMode, skipEmpty: boolean): LabelSetScan {
  let hasEmpty = false;
  let nonEmpty = 0;
  for (const name in ls) {
    if (!Object.hasOwn(ls, name)) continue;
    const value = ls[name] as string;
    if (value === '') {
      hasEmpty = true;
      if (skipEmpty) continue;
    } else {
      nonEmpty++;
    }
    if (!isValidLabelName(name, mode)) return { error: `invalid name ${goQuote(name)}`, hasEmpty, nonEmpty };
    if (!isValidUtf8(value)) return { error: `invalid value ${goQuote(value)}`, hasEmpty, nonEmpty };
  }
  return { error: undefined, hasEmpty, nonEmpty };
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
