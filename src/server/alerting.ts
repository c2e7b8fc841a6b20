/**
 * The alerting part of `tocsin serve`: the persistent stores (alerts, silences, notification
 * log), a configuration generation (routes, inhibitor, pipeline, dispatcher) swapped on every
 * reload, the maintenance timers, and API v2 over all of it.
 */
import type { FastifyInstance } from 'fastify';
import type { AlertStore } from '../alerts/alert-store.ts';
import { AlertStoreMetrics } from '../alerts/alert-store-metrics.ts';
import { openFileAlertStore } from '../alerts/file-alert-store.ts';
import { decodeAlertBatch } from '../api/v2/alert-batch.ts';
import { forgetRenderedAlerts } from '../api/v2/alert-json.ts';
import type { Clock } from '../common/clock.ts';
import { SystemClock } from '../common/clock.ts';
import { ALERTMANAGER_VERSION, BUILD_BRANCH, BUILD_REVISION } from '../common/version.ts';
import { configToYaml } from '../config/marshal.ts';
import { createApiMetrics } from '../api/v2/metrics.ts';
import type { ApiConfigState } from '../api/v2/deps.ts';
import type { ApiDeps } from '../api/v2/deps.ts';
import { ingestLane } from '../api/v2/ingest-lane.ts';
import { apiV2Routes } from '../api/v2/plugin.ts';
import { v1GoneRoutes } from '../api/v1-gone.ts';
import { NotifyMetrics } from '../notify/metrics.ts';
import { DispatcherMetrics } from '../dispatch/dispatcher-metrics.ts';
import { NflogMetrics } from '../notify/nflog/nflog-metrics.ts';
import { openFileNotificationLog } from '../notify/nflog/local-notification-log.ts';
import { openFileSilenceStore } from '../silences/file-silence-store.ts';
import { SilenceMetrics } from '../silences/silence-metrics.ts';
import { Silencer } from '../silences/silencer.ts';
import { RenderWorker } from '../notify/render-worker/render-worker.ts';
import type { ServeContext, ServeModule } from './app.ts';
import { registerAlertingMetrics } from './alerting-metrics.ts';
import { buildGeneration } from './generation.ts';
import type { Generation, ProcessState } from './generation.ts';
import { every } from './periodic.ts';

export interface AlertingModuleOptions {
  /** Replaces the wall clock (tests). */
  readonly clock?: Clock;
}

/**
 * One `--alerts.gc-interval` pass: collects resolved alerts, then drops the silencer's cache
 * entries of every fingerprint no longer stored, including those cached again by a flush or a
 * group listing after an earlier pass collected the alert (forgetting only this pass's alerts
 * left those behind for good).
 */
export async function collectAlerts(alerts: Pick<AlertStore, 'gc' | 'get'>, silencer: Silencer): Promise<void> {
  await alerts.gc();
  silencer.retain((fingerprint) => alerts.get(fingerprint) !== undefined);
}

/** The ServeModule wiring alert handling into `tocsin serve`. */
export function alertingModule(moduleOptions: AlertingModuleOptions = {}): ServeModule {
  return async (ctx: ServeContext) => {
    const clock = moduleOptions.clock ?? new SystemClock();
    const { options, registry } = ctx;
    const logger = ctx.logger;
    const startedAt = clock.now();
    const directory = options.storagePath;
    const features = new Set(options.enableFeatures);

    const alerts = await openFileAlertStore({
      directory,
      clock,
      perAlertNameLimit: options.alertsPerAlertnameLimit,
      metrics: new AlertStoreMetrics(registry, {
        perAlertNameLimit: options.alertsPerAlertnameLimit,
        alertNamesInMetrics: features.has('alert-names-in-metrics'),
      }),
      decodeBatch: decodeAlertBatch,
      logger: logger.child({ component: 'alerts' }),
    });
    const silences = await openFileSilenceStore({
      directory,
      clock,
      retentionMs: options.dataRetention,
      matcherMode: ctx.matcherMode,
      maxSilences: options.silencesMaxSilences,
      maxSilenceSizeBytes: options.silencesMaxSilenceSizeBytes,
      metrics: new SilenceMetrics(registry),
      logger: logger.child({ component: 'silences' }),
    });
    const silencer = new Silencer(silences, { clock });
    const nflog = await openFileNotificationLog({
      directory,
      clock,
      retentionMs: options.dataRetention,
      metrics: new NflogMetrics(registry),
      logger: logger.child({ component: 'nflog' }),
    });
    const renderer = new RenderWorker({ logger: logger.child({ component: 'notify' }) });
    const state: ProcessState = {
      clock,
      logger,
      alerts,
      silencer,
      nflog,
      notifyMetrics: new NotifyMetrics(registry, { receiverNames: features.has('receiver-name-in-metrics') }),
      dispatcherMetrics: new DispatcherMetrics(registry),
      externalUrl: ctx.externalUrl,
      renderer,
    };

    let generation: Generation | undefined;
    let apiState: ApiConfigState | undefined;
    // The first flush waits for --dispatch.start-delay after start-up, as Alertmanager's does.
    const dispatchAt = startedAt + options.dispatchStartDelay;
    ctx.reloader.onReload((next) => {
      const built = buildGeneration(next.config, state);
      const nextApiState: ApiConfigState = {
        config: next.config,
        original: configToYaml(next.config),
        route: built.route,
        inhibitor: built.inhibitor,
        groups: (routeFilter, alertFilter) => built.dispatcher.groups(routeFilter, alertFilter),
        integrations: (receiver) => built.integrations(receiver),
      };
      return () => {
        const previous = generation;
        generation = built;
        apiState = nextApiState;
        // The old generation stops at once; waiting for its connections to close must not
        // delay the new one's first flushes.
        previous?.stop().catch((err: unknown) => logger.warn('closing the previous configuration\'s connections failed', { err }));
        built.start(Math.max(dispatchAt, clock.now())).catch((err: unknown) => logger.error('failed to start the new configuration', { err }));
      };
    });

    registerAlertingMetrics(registry, { clock, silences, current: () => generation, groupKeyInMetrics: features.has('group-key-in-metrics') });

    // Each store is maintained on its own timer, as Alertmanager does: one that fails (a snapshot
    // that cannot be written, say) must not keep the others from collecting and snapshotting.
    const tasks: Array<[string, number, () => Promise<unknown>]> = [
      ['alerts garbage collection', options.alertsGcInterval, () => collectAlerts(alerts, silencer)],
      ['silences maintenance', options.dataMaintenanceInterval, () => silences.maintenance()],
      ['notification log maintenance', options.dataMaintenanceInterval, () => nflog.maintenance()],
      ['alerts snapshot', options.dataMaintenanceInterval, () => alerts.snapshot()],
    ];
    const timers = tasks.map(([what, intervalMs, task]) => {
      const timer = every(intervalMs, async () => void (await task()));
      timer.onError((err) => logger.error(`${what} failed`, { err }));
      return timer;
    });

    ctx.onMemoryTrim(() => {
      alerts.trim();
      forgetRenderedAlerts();
      renderer.release();
    });
    ctx.onShutdown('alerting', async () => {
      for (const timer of timers) timer.stop();
      await generation?.stop();
      await Promise.all([alerts.close(), silences.close(), nflog.close(), renderer.close()]);
    });

    const apiDeps: ApiDeps = {
      clock,
      alerts,
      silences,
      silencer,
      current: () => {
        if (apiState === undefined) throw new Error('configuration not loaded');
        return apiState;
      },
      cluster: () => ({ status: 'disabled', peers: [] }),
      version: {
        version: ALERTMANAGER_VERSION,
        revision: BUILD_REVISION,
        branch: BUILD_BRANCH,
        buildUser: '',
        buildDate: '',
        goVersion: process.version,
      },
      startedAt,
      matcherMode: ctx.matcherMode,
      logger: logger.child({ component: 'api' }),
      metrics: createApiMetrics(registry),
    };
    ctx.addFastLane(ingestLane(apiDeps));
    const api = apiV2Routes(apiDeps);
    const v1 = v1GoneRoutes(logger.child({ component: 'api' }));
    return async (scope: FastifyInstance) => {
      await api(scope);
      await v1(scope);
    };
  };
}
