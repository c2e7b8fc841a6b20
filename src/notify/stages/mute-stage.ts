import type { Alert } from '../../alerts/alert.ts';
import { forEachSliced } from '../../common/sliced-loop.ts';
import type { MarkerWriter, Muter } from '../flush.ts';
import type { NotifyMetrics } from '../metrics.ts';
import type { Stage, StageContext, StageResult } from './stage.ts';

/** Which marker a mute stage writes, and the suppression reason it counts. */
export type MuteKind = 'inhibition' | 'silence';

/**
 * Drops the alerts a muter (the inhibitor or the silencer) mutes and records on the flush's
 * marker why each alert is or is no longer muted (Alertmanager's `MuteStage`).
 */
export class MuteStage implements Stage {
  readonly #muter: Muter;
  readonly #kind: MuteKind;
  readonly #metrics: NotifyMetrics | undefined;

  constructor(muter: Muter, kind: MuteKind, metrics?: NotifyMetrics) {
    this.#muter = muter;
    this.#kind = kind;
    this.#metrics = metrics;
  }

  exec(ctx: StageContext, alerts: readonly Alert[]): StageResult {
    const marker = ctx.flush.marker;
    // Made at the first muted alert: usually none is, and then `alerts` passes on as it is.
    let kept: Alert[] | undefined;
    // A large group's alerts are asked about in slices.
    const asked = forEachSliced(alerts.length, (i) => {
      const a = alerts[i] as Alert;
      const ids = this.#muter.mutes(a.labels, a.fingerprint);
      mark(marker, this.#kind, a.fingerprint, ids);
      if (ids.length > 0) kept ??= alerts.slice(0, i);
      else kept?.push(a);
    });
    if (asked === undefined) return this.#passOn(ctx, alerts, kept);
    return asked.then(() => this.#passOn(ctx, alerts, kept));
  }

  #passOn(ctx: StageContext, alerts: readonly Alert[], kept: Alert[] | undefined): readonly Alert[] {
    if (kept === undefined) return alerts;
    const muted = alerts.length - kept.length;
    this.#metrics?.suppressedTotal.labels(this.#kind).inc(muted);
    ctx.logger.debug({ groupKey: ctx.flush.groupKey, muted, reason: this.#kind }, 'Notifications will not be sent for muted alerts');
    return kept;
  }
}

function mark(marker: MarkerWriter, kind: MuteKind, fingerprint: string, ids: readonly string[]): void {
  if (kind === 'silence') marker.setSilenced(fingerprint, ids);
  else marker.setInhibited(fingerprint, ids);
}
