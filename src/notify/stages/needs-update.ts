import type { AlertHash } from '../alert-hash.ts';
import type { NflogEntry } from '../nflog/notification-log.ts';
import type { NotificationReason } from '../notification-reason.ts';

export interface NeedsUpdateInput {
  /** The previous notification of this group to this integration, if any. */
  readonly entry: NflogEntry | undefined;
  readonly firing: readonly AlertHash[];
  readonly resolved: readonly AlertHash[];
  readonly sendResolved: boolean;
  readonly repeatIntervalMs: number;
  /** The flush's tick time. */
  readonly now: number;
}

/**
 * Alertmanager's `DedupStage.needsUpdate`: whether to notify and why; `none` means no. The first
 * rule that applies decides:
 * 1. no previous entry: notify when something fires (`first notification`);
 * 2. something fires that the entry did not list: `first notification` when the entry listed
 *    nothing firing, else `new alerts added`;
 * 3. nothing fires: `all alerts resolved` when the entry listed firing alerts, else none
 *    (whatever `send_resolved` says);
 * 4. with `send_resolved`, a resolved alert the entry did not list: `some alerts resolved`;
 * 5. the entry is older than the repeat interval: `repeat interval elapsed`.
 */
export function needsUpdate(input: NeedsUpdateInput): NotificationReason {
  const { entry, firing, resolved } = input;
  if (entry === undefined) return firing.length > 0 ? 'first notification' : 'none';
  if (!isSubset(firing, entry.firingAlerts)) {
    return entry.firingAlerts.length === 0 ? 'first notification' : 'new alerts added';
  }
  if (firing.length === 0) return entry.firingAlerts.length > 0 ? 'all alerts resolved' : 'none';
  if (input.sendResolved && !isSubset(resolved, entry.resolvedAlerts)) return 'some alerts resolved';
  if (entry.timestamp < input.now - input.repeatIntervalMs) return 'repeat interval elapsed';
  return 'none';
}

// Whether every element of `subset` is in `of` (nflogpb `IsFiringSubset` / `IsResolvedSubset`).
function isSubset(subset: readonly AlertHash[], of: readonly AlertHash[]): boolean {
  if (subset.length === 0) return true;
  const ofSet = new Set(of);
  for (const h of subset) if (!ofSet.has(h)) return false;
  return true;
}
