import type { Alert } from '../alerts/alert.ts';
import type { LabelSet } from '../labels/label-set.ts';
import { fingerprint } from '../labels/label-set.ts';
import type { FlushContext, NotifyFn } from '../notify/flush.ts';
import type { FakeClock } from '../common/fake-clock.ts';

/** An alert with these labels; times default to firing since `at` with a 5m resolve timeout. */
export function alertAt(labels: LabelSet, at: number, times: Partial<Pick<Alert, 'startsAt' | 'endsAt' | 'updatedAt'>> = {}): Alert {
  return {
    fingerprint: fingerprint(labels),
    labels,
    annotations: {},
    startsAt: times.startsAt ?? at,
    endsAt: times.endsAt ?? at + 300_000,
    generatorURL: '',
    updatedAt: times.updatedAt ?? at,
    timeout: times.endsAt === undefined,
  };
}

/** One call of the notify function as a test sees it. */
export interface NotifyCall {
  readonly at: number;
  readonly ctx: FlushContext;
  readonly alerts: readonly Alert[];
}

/**
 * A fake notification pipeline recording every call with the clock's time. `result` decides the
 * outcome of each call: resolve, reject, or a promise of its own (e.g. one that waits for abort).
 */
export class RecordingNotify {
  readonly calls: NotifyCall[] = [];
  result: (ctx: FlushContext, alerts: readonly Alert[]) => Promise<void> = () => Promise.resolve();
  readonly #clock: FakeClock;

  constructor(clock: FakeClock) {
    this.#clock = clock;
  }

  readonly fn: NotifyFn = (ctx, alerts) => {
    this.calls.push({ at: this.#clock.now(), ctx, alerts });
    return this.result(ctx, alerts);
  };

  /** Calls as `[ms since t0, groupKey, alertnames]` for compact assertions. */
  summary(t0: number): [number, string, string[]][] {
    return this.calls.map((c) => [c.at - t0, c.ctx.groupKey, c.alerts.map((a) => a.labels['alertname'] ?? '')]);
  }
}
