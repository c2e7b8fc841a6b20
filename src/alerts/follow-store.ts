import type { Alert } from './alert.ts';
import type { AlertSubscription } from './alert-fanout.ts';
import type { AlertStore } from './alert-store.ts';

/** Alerts handled per event-loop turn while loading a store's content. */
const SLICE = 2_000;

export interface FollowedStore {
  readonly subscription: AlertSubscription;
  /** Resolves once every alert stored at the start has been handled. */
  readonly loaded: Promise<void>;
}

/**
 * Alertmanager's `SlurpAndSubscribe`: hands `onAlert` every stored alert, yielding to the event
 * loop every few thousand, then every alert stored later. It subscribes first so nothing put
 * meanwhile is missed; an alert may therefore be seen twice, always ending with its newest version.
 */
export function followStore(
  store: Pick<AlertStore, 'subscribe' | 'values'>,
  onAlert: (alert: Alert, added: boolean) => void,
  isStopped: () => boolean,
): FollowedStore {
  const subscription = store.subscribe((alerts, added) => {
    for (let i = 0; i < alerts.length; i++) onAlert(alerts[i] as Alert, added[i] === true);
  });
  const loaded = (async () => {
    let n = 0;
    for (const alert of store.values()) {
      if (isStopped()) return;
      onAlert(alert, false);
      if (++n % SLICE === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    }
  })();
  return { subscription, loaded };
}
