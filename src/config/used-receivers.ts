import type { Config, ReceiverConfig, RouteConfig } from './types.ts';

/**
 * The receivers some route points at, in the file's order. Alertmanager builds only these (the
 * others may be unbuildable), counts them in `alertmanager_receivers`, and only their email
 * notifiers complete their configs' headers.
 */
export function usedReceivers(config: Config): ReceiverConfig[] {
  const used = new Set<string>();
  const walk = (route: RouteConfig): void => {
    used.add(route.receiver);
    for (const child of route.routes ?? []) walk(child);
  };
  if (config.route !== undefined) walk(config.route);
  return (config.receivers ?? []).filter((r) => used.has(r.name));
}
