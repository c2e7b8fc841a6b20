/**
 * Everything derived from one configuration: the route tree, inhibitor, templates, integrations,
 * notification pipeline and dispatcher. A reload builds a new generation (failing the reload if
 * any part cannot be built), then stops the old one and starts the new one.
 */
import type { AlertStore } from '../alerts/alert-store.ts';
import type { Clock } from '../common/clock.ts';
import type { Logger } from '../common/logger.ts';
import type { Config, ReceiverConfig, TimeIntervalConfig } from '../config/types.ts';
import { usedReceivers } from '../config/used-receivers.ts';
import { Dispatcher } from '../dispatch/dispatcher.ts';
import type { Route } from '../dispatch/route.ts';
import { compileRoute } from '../dispatch/route.ts';
import type { RouteLabelRenderer } from '../dispatch/route-labels.ts';
import { HttpClientCache } from '../http-client/http-client-cache.ts';
import { Inhibitor } from '../inhibit/inhibitor.ts';
import { createIntegrations } from '../notify/integrations/create-integrations.ts';
import type { Integration } from '../notify/notifier.ts';
import type { NotifyMetrics } from '../notify/metrics.ts';
import type { DispatcherMetrics } from '../dispatch/dispatcher-metrics.ts';
import type { NotificationLog } from '../notify/nflog/notification-log.ts';
import { createNotifyFn } from '../notify/pipeline.ts';
import type { TemplateRenderer } from '../notify/render-worker/render-worker.ts';
import { alertmanagerTemplates } from '../notify/template-adapter.ts';
import { hasTemplateActions } from '../notify/templates.ts';
import type { Silencer } from '../silences/silencer.ts';
import type { AlertmanagerTemplates } from '../template/alertmanager-templates.ts';
import { loadTemplates } from '../template/alertmanager-templates.ts';
import { buildTemplateData } from '../template/data.ts';
import type { NamedTimeIntervals, TimeInterval } from '../timeintervals/types.ts';

/** What lives as long as the process, shared by every generation. */
export interface ProcessState {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly alerts: AlertStore;
  readonly silencer: Silencer;
  readonly nflog: NotificationLog;
  readonly notifyMetrics: NotifyMetrics;
  readonly dispatcherMetrics: DispatcherMetrics;
  /** `--web.external-url` as Go prints it. */
  readonly externalUrl: string;
  /** Renders large notifications off the main thread; without one they render on it. */
  readonly renderer?: TemplateRenderer;
}

export interface Generation {
  readonly config: Config;
  readonly route: Route;
  readonly inhibitor: Inhibitor;
  readonly dispatcher: Dispatcher;
  readonly templates: AlertmanagerTemplates;
  /** The receivers some route uses: the only ones built, and those `alertmanager_receivers` counts. */
  readonly receivers: readonly ReceiverConfig[];
  /** The named receiver's integrations (the pipeline's own, built once), or undefined when unknown. */
  integrations(receiver: string): readonly Integration[] | undefined;
  /**
   * Makes the notification metrics' series for the receivers in use (`initializeFor`), starts the
   * inhibitor, then (once it has loaded the stored alerts) the dispatcher.
   */
  start(dispatchAt: number): Promise<void>;
  /**
   * Stops timers and in-flight flushes at once; the returned promise settles when the HTTP
   * connections are released.
   */
  stop(): Promise<void>;
}

/**
 * Builds a generation without starting it. Throws when the templates do not parse or an
 * integration cannot be built, so the reload fails and the running configuration stays.
 */
export function buildGeneration(config: Config, state: ProcessState): Generation {
  const { clock, logger } = state;
  if (config.route === undefined) throw new Error('no route provided in config');
  const route = compileRoute(config.route);
  const templates = loadTemplates(config.templates ?? []);
  const notificationTemplates = alertmanagerTemplates(templates, state.renderer);
  const http = new HttpClientCache();
  const inhibitor = new Inhibitor({ store: state.alerts, rules: config.inhibit_rules ?? [], clock });
  const integrationDeps = { http, templates: notificationTemplates, externalURL: state.externalUrl, logger: logger.child({ component: 'notify' }) };
  // Built once per receiver: the pipeline and the receiver test share them.
  const built = new Map<string, readonly Integration[]>();
  const integrationsOf = (receiver: ReceiverConfig): readonly Integration[] => {
    const integrations = built.get(receiver.name) ?? createIntegrations(receiver, integrationDeps);
    built.set(receiver.name, integrations);
    return integrations;
  };
  const receivers = usedReceivers(config);
  const notify = createNotifyFn({
    receivers,
    integrationsFactory: integrationsOf,
    inhibitor,
    silencer: state.silencer,
    timeIntervals: namedTimeIntervals(config),
    nflog: state.nflog,
    clock,
    metrics: state.notifyMetrics,
    logger: logger.child({ component: 'notify' }),
  });
  const dispatcher = new Dispatcher({
    store: state.alerts,
    route,
    notify,
    clock,
    renderRouteLabels: routeLabelRenderer(templates, state, logger),
    logger: logger.child({ component: 'dispatcher' }),
    metrics: state.dispatcherMetrics,
  });
  return {
    config,
    route,
    inhibitor,
    dispatcher,
    templates,
    receivers,
    integrations(name) {
      const receiver = config.receivers?.find((r) => r.name === name);
      return receiver === undefined ? undefined : integrationsOf(receiver);
    },
    async start(dispatchAt) {
      // On start, not when built: a reload another subscriber vetoes must leave the counts alone.
      state.notifyMetrics.initializeFor(receivers.flatMap(integrationsOf));
      inhibitor.start();
      await inhibitor.loaded();
      dispatcher.start(dispatchAt);
    },
    stop() {
      dispatcher.stop();
      inhibitor.stop();
      return http.close();
    },
  };
}

/** `time_intervals` and the deprecated `mute_time_intervals`, by name. */
export function namedTimeIntervals(config: Config): NamedTimeIntervals {
  const named = new Map<string, readonly TimeInterval[]>();
  const add = (list: readonly TimeIntervalConfig[] | undefined): void => {
    for (const ti of list ?? []) named.set(ti.name, ti.time_intervals ?? []);
  };
  add(config.mute_time_intervals);
  add(config.time_intervals);
  return named;
}

/**
 * Renders a route's `labels` (0.34) for one group with the template data of its alerts and
 * `.NotificationReason` "unknown"; a label whose template fails is left out and logged.
 */
function routeLabelRenderer(templates: AlertmanagerTemplates, state: Pick<ProcessState, 'clock' | 'externalUrl'>, logger: Logger): RouteLabelRenderer {
  return (route, groupLabels, alerts) => {
    const labels = route.options.labels;
    const names = Object.keys(labels);
    if (!names.some((name) => hasTemplateActions(labels[name] as string))) return labels;
    const data = buildTemplateData({
      receiver: route.options.receiver,
      groupLabels,
      routeLabels: labels,
      notificationReason: 'unknown',
      externalURL: state.externalUrl,
      now: new Date(state.clock.now()),
      alerts: alerts.map((a) => ({ ...a, startsAt: new Date(a.startsAt), endsAt: undefined })),
    });
    const rendered: Record<string, string> = {};
    for (const name of names) {
      try {
        rendered[name] = templates.executeText(labels[name] as string, data);
      } catch (err) {
        logger.warn('failed to render route label', { route: route.key(), label: name, err });
      }
    }
    return rendered;
  };
}
