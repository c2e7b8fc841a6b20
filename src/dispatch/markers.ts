/**
 * Markers (Alertmanager's `marker` package, 0.33+): why alerts of an aggregation group were
 * suppressed at its last flush, and which time intervals muted a whole group. The notification
 * pipeline writes them through {@link MarkerWriter}; the API reads them.
 */
import type { MarkerWriter } from '../notify/flush.ts';
import { NO_STRINGS } from '../common/no-strings.ts';

/** `unprocessed` until the pipeline has looked at the alert, then `active` or `suppressed`. */
export type AlertState = 'unprocessed' | 'active' | 'suppressed';

/** An alert's status as API v2 prints it. */
export interface AlertStatus {
  readonly state: AlertState;
  readonly silencedBy: readonly string[];
  readonly inhibitedBy: readonly string[];
}

interface Marks {
  silencedBy: readonly string[];
  inhibitedBy: readonly string[];
}

const UNPROCESSED: AlertStatus = { state: 'unprocessed', silencedBy: [], inhibitedBy: [] };

/** Per-alert silence and inhibition marks of one aggregation group. */
export class AlertMarker {
  readonly #marks = new Map<string, Marks>();

  setSilenced(fingerprint: string, silenceIds: readonly string[]): void {
    this.#entry(fingerprint).silencedBy = copyOf(silenceIds);
  }

  setInhibited(fingerprint: string, sourceFingerprints: readonly string[]): void {
    this.#entry(fingerprint).inhibitedBy = copyOf(sourceFingerprints);
  }

  /** The alert's status: `unprocessed` without marks, `suppressed` when silenced or inhibited, else `active`. */
  status(fingerprint: string): AlertStatus {
    const marks = this.#marks.get(fingerprint);
    if (marks === undefined) return UNPROCESSED;
    return { state: stateOf(marks), silencedBy: marks.silencedBy, inhibitedBy: marks.inhibitedBy };
  }

  /** The state alone, without allocating a status (the `alertmanager_alerts` scrape asks for every alert). */
  state(fingerprint: string): AlertState {
    const marks = this.#marks.get(fingerprint);
    return marks === undefined ? 'unprocessed' : stateOf(marks);
  }

  delete(fingerprint: string): void {
    this.#marks.delete(fingerprint);
  }

  #entry(fingerprint: string): Marks {
    let marks = this.#marks.get(fingerprint);
    if (marks === undefined) {
      marks = { silencedBy: NO_STRINGS, inhibitedBy: NO_STRINGS };
      this.#marks.set(fingerprint, marks);
    }
    return marks;
  }
}

// Most alerts are neither silenced nor inhibited: they all share one empty list.
function copyOf(ids: readonly string[]): readonly string[] {
  return ids.length === 0 ? NO_STRINGS : [...ids];
}

function stateOf(marks: Marks): AlertState {
  return marks.silencedBy.length > 0 || marks.inhibitedBy.length > 0 ? 'suppressed' : 'active';
}

/** The time intervals muting each aggregation group, keyed by route id and group key (group keys alone are not unique). */
export class GroupMarker {
  readonly #muted = new Map<string, Map<string, readonly string[]>>();

  setMuted(routeId: string, groupKey: string, intervalNames: readonly string[]): void {
    if (intervalNames.length === 0) {
      this.delete(routeId, groupKey);
      return;
    }
    let byKey = this.#muted.get(routeId);
    if (byKey === undefined) {
      byKey = new Map();
      this.#muted.set(routeId, byKey);
    }
    byKey.set(groupKey, [...intervalNames]);
  }

  /** The names of the intervals muting the group; empty when it is not muted. */
  mutedBy(routeId: string, groupKey: string): readonly string[] {
    return this.#muted.get(routeId)?.get(groupKey) ?? [];
  }

  delete(routeId: string, groupKey: string): void {
    const byKey = this.#muted.get(routeId);
    if (byKey === undefined) return;
    byKey.delete(groupKey);
    if (byKey.size === 0) this.#muted.delete(routeId);
  }
}

/** The {@link MarkerWriter} handed to the pipeline for one group: alert marks go to the group's marker, mutes to the shared group marker. */
export function groupMarkerWriter(alerts: AlertMarker, groups: GroupMarker): MarkerWriter {
  return {
    setSilenced: (fingerprint, ids) => alerts.setSilenced(fingerprint, ids),
    setInhibited: (fingerprint, ids) => alerts.setInhibited(fingerprint, ids),
    setGroupMuted: (routeId, groupKey, names) => groups.setMuted(routeId, groupKey, names),
  };
}
