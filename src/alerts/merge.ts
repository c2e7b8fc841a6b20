import type { LabelSet } from '../labels/label-set.ts';
import { isResolved } from './alert.ts';
import type { Alert } from './alert.ts';

/**
 * Merges two versions of the same alert as Alertmanager's `Alert.Merge`: the one with the later
 * `updatedAt` (on a tie, `b`) provides annotations and the other fields; the earliest `startsAt`
 * wins; if the younger one is resolved at `now`, the older `endsAt` wins only when both are
 * resolved and it is later; if the younger one is firing, the older `endsAt` wins when it is
 * later and was not synthesised from `resolve_timeout`.
 */
export function mergeAlerts(a: Alert, b: Alert, now: number): Alert {
  const [older, younger] = b.updatedAt < a.updatedAt ? [b, a] : [a, b];
  let startsAt = younger.startsAt;
  if (older.startsAt < younger.startsAt) startsAt = older.startsAt;
  let endsAt = younger.endsAt;
  if (isResolved(younger, now)) {
    if (isResolved(older, now) && older.endsAt > younger.endsAt) endsAt = older.endsAt;
  } else if (older.endsAt > younger.endsAt && !older.timeout) {
    endsAt = older.endsAt;
  }
  if (startsAt === younger.startsAt && endsAt === younger.endsAt) return younger;
  return { ...younger, startsAt, endsAt };
}

/**
 * Whether a newly received alert's activity range overlaps the stored one, the condition under
 * which Alertmanager's in-memory provider merges instead of replacing: the new `endsAt` or the new
 * `startsAt` lies strictly inside the stored (`startsAt`, `endsAt`).
 */
export function activityOverlaps(stored: Alert, incoming: Alert): boolean {
  return (
    (incoming.endsAt > stored.startsAt && incoming.endsAt < stored.endsAt) ||
    (incoming.startsAt > stored.startsAt && incoming.startsAt < stored.endsAt)
  );
}

/** What the store keeps when `incoming` arrives while `stored` is held (provider `Put`). */
export function combineAlerts(stored: Alert | undefined, incoming: Alert, now: number): Alert {
  if (stored === undefined) return incoming;
  const shared = sharingStrings(stored, incoming);
  if (!activityOverlaps(stored, shared)) return shared;
  return mergeAlerts(stored, shared, now);
}

/**
 * `incoming` with the stored fingerprint string, and the stored labels, annotations and
 * generator URL where they are equal: sources re-send the same alert every minute, and keeping
 * one copy of its strings halves what it costs in memory.
 */
function sharingStrings(stored: Alert, incoming: Alert): Alert {
  const labels = equalLabelSets(stored.labels, incoming.labels) ? stored.labels : incoming.labels;
  const annotations = equalLabelSets(stored.annotations, incoming.annotations) ? stored.annotations : incoming.annotations;
  const generatorURL = stored.generatorURL === incoming.generatorURL ? stored.generatorURL : incoming.generatorURL;
  // A re-send read against the stored alert (decode-resends.ts) already carries all of them.
  if (labels === incoming.labels && annotations === incoming.annotations && generatorURL === incoming.generatorURL && stored.fingerprint === incoming.fingerprint) {
    return incoming;
  }
  return { ...incoming, fingerprint: stored.fingerprint, labels, annotations, generatorURL };
}

function equalLabelSets(a: LabelSet, b: LabelSet): boolean {
  if (a === b) return true;
  let size = 0;
  for (const name in b) {
    if (a[name] !== b[name] || !Object.hasOwn(a, name)) return false;
    size++;
  }
  let sizeOfA = 0;
  for (const name in a) if (Object.hasOwn(a, name)) sizeOfA++;
  return sizeOfA === size;
}
