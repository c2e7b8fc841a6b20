import type { Alert } from '../alerts/alert.ts';
import { sortedLabelNames } from '../labels/label-set.ts';
import type { LabelSet } from '../labels/label-set.ts';
import { compareGoStrings } from '../labels/go-string.ts';

/**
 * Orders label sets as prometheus/common `LabelSet.Before`: smaller sets first, then by the
 * first differing label in name order (the set lacking that name comes first), then by its value.
 * Pass the sorted names when they are at hand (group labels keep theirs).
 */
export function compareLabelSets(
  a: LabelSet,
  b: LabelSet,
  an: readonly string[] = sortedLabelNames(a),
  bn: readonly string[] = sortedLabelNames(b),
): number {
  if (an.length !== bn.length) return an.length - bn.length;
  for (let i = 0, j = 0; i < an.length && j < bn.length; ) {
    const x = an[i] as string;
    const y = bn[j] as string;
    const c = compareGoStrings(x, y);
    if (c < 0) return 1;
    if (c > 0) return -1;
    const v = compareGoStrings(a[x] as string, b[y] as string);
    if (v !== 0) return v;
    i++;
    j++;
  }
  return 0;
}

/**
 * Orders alerts as Alertmanager's `AlertSlice.Less`: by the `job` label, then `instance` (alerts
 * having the label first), then by {@link compareLabelSets} (given the sorted label names if at hand).
 */
export function compareAlerts(
  a: Alert,
  b: Alert,
  an?: readonly string[],
  bn?: readonly string[],
): number {
  for (const name of ['job', 'instance']) {
    const has = Object.hasOwn(a.labels, name);
    const other = Object.hasOwn(b.labels, name);
    if (!has && !other) continue;
    if (!other) return -1;
    if (!has) return 1;
    const c = compareGoStrings(a.labels[name] as string, b.labels[name] as string);
    if (c !== 0) return c;
  }
  return compareLabelSets(a.labels, b.labels, an, bn);
}
