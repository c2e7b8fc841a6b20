import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Alert } from './alert.ts';
import type { AlertSubscription } from './alert-fanout.ts';
import type { AlertStore } from './alert-store.ts';

/** Alerts handled per event-loop turn while loading a store's content, at most. */
const SLICE = 2_000;
/**
 * A slice also ends after this long: after a reload each alert may create its group, which costs
 * many times a lookup (2,000 such alerts held the event loop 100 ms at 100k alerts).
 */
const SLICE_MS = 10;

/** Told how long `onAlert` took, in milliseconds, for a run of `count` alerts. */
export type TimedAlerts = (ms: number, count: number) => void;

export interface FollowedStore {
  readonly subscription: AlertSubscription;
  /** Resolves once every alert stored at the start has been handled. */
  readonly loaded: Promise<void>;
}

/**
 * Alertmanager's `SlurpAndSubscribe`: hands `onAlert` every stored alert, yielding to the event
 * loop every few thousand or every 10 ms, then every alert stored later. It subscribes first so
 * nothing put meanwhile is missed; an alert may therefore be seen twice, always ending with its
 * newest version.
 * `timed` learns how long `onAlert` took per batch put and per slice loaded.
 */
export function followStore(
  store: Pick<AlertStore, 'subscribe' | 'values'>,
  onAlert: (alert: Alert, added: boolean) => void,
  isStopped: () => boolean,
  timed?: TimedAlerts,
): FollowedStore {
  const subscription = store.subscribe((alerts, added) => {
    const startedAt = timed === undefined ? 0 : performance.now();
    for (let i = 0; i < alerts.length; i++) onAlert(alerts[i] as Alert, added[i] === true);
    timed?.(performance.now() - startedAt, alerts.length);
  });
  const loaded = (async () => {
    let inSlice = 0;
    let startedAt = performance.now();
    for (const alert of store.values()) {
      if (isStopped()) return;
      onAlert(alert, false);
      const ms = performance.now() - startedAt;
      if (++inSlice === SLICE || ms >= SLICE_MS) {
        timed?.(ms, inSlice);
        await nextTurn();
        startedAt = performance.now();
        inSlice = 0;
      }
    }
    if (inSlice > 0) timed?.(performance.now() - startedAt, inSlice);
  })();
  return { subscription, loaded };
}
