/** Builders shared by the notify tests. */
import type { Alert } from '../alerts/alert.ts';
import { GO_ZERO_TIME_MS } from '../alerts/timestamps.ts';
import { fingerprint } from '../labels/label-set.ts';
import type { LabelSet } from '../labels/label-set.ts';
import type { FlushContext, MarkerWriter } from './flush.ts';
import type { NotificationTemplates } from './templates.ts';

/** A marker that records every call, for assertions. */
export class RecordingMarker implements MarkerWriter {
  readonly silenced = new Map<string, readonly string[]>();
  readonly inhibited = new Map<string, readonly string[]>();
  readonly groupMuted = new Map<string, readonly string[]>();

  setSilenced(fp: string, ids: readonly string[]): void {
    this.silenced.set(fp, ids);
  }

  setInhibited(fp: string, sources: readonly string[]): void {
    this.inhibited.set(fp, sources);
  }

  setGroupMuted(routeId: string, groupKey: string, names: readonly string[]): void {
    this.groupMuted.set(`${routeId}|${groupKey}`, names);
  }
}

export const T0 = Date.UTC(2026, 10, 21, 0, 30, 0);

/** A flush context at `T0` for receiver `wh`, group `{}:{alertname="A1"}`. */
export function flushContext(overrides: Partial<FlushContext> = {}): FlushContext {
  const now = overrides.now ?? T0;
  return {
    groupKey: '{}:{alertname="A1"}',
    routeId: '{}',
    receiver: 'wh',
    groupLabels: { alertname: 'A1' },
    routeLabels: {},
    repeatInterval: 4 * 3_600_000,
    muteTimeIntervals: [],
    activeTimeIntervals: [],
    now,
    deadline: now + 10_000,
    signal: new AbortController().signal,
    marker: new RecordingMarker(),
    ...overrides,
  };
}

/** A firing alert (`endsAt` unset, as the dispatcher hands them over) or resolved at `endsAt`. */
export function alert(labels: LabelSet, extra: Partial<Alert> = {}): Alert {
  return {
    fingerprint: fingerprint(labels),
    labels,
    annotations: {},
    startsAt: T0 - 60_000,
    endsAt: extra.endsAt ?? GO_ZERO_TIME_MS,
    generatorURL: '',
    updatedAt: T0 - 60_000,
    timeout: false,
    ...extra,
  };
}

/** Templates that render every string as itself. */
export const literalTemplates: NotificationTemplates = {
  executeText: (text) => text,
  executeHtml: (text) => text,
};
