import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { Registry } from 'prom-client';
import { MemoryAlertStore } from '../../alerts/memory-alert-store.ts';
import { loadConfigString } from '../../config/load.ts';
import { configToYaml } from '../../config/marshal.ts';
import { Dispatcher } from '../../dispatch/dispatcher.ts';
import { FakeClock, settle } from '../../common/fake-clock.ts';
import { compileRoute } from '../../dispatch/route.ts';
import type { MatcherMode } from '../../labels/parse.ts';
import { Inhibitor } from '../../inhibit/inhibitor.ts';
import { MemorySilenceStore } from '../../silences/memory-silence-store.ts';
import { Silencer } from '../../silences/silencer.ts';
import { v1GoneRoutes } from '../v1-gone.ts';
import type { ApiConfigState, ApiDeps } from './deps.ts';
import { createApiMetrics } from './metrics.ts';
import { apiV2Routes } from './plugin.ts';

/** The configuration the API tests and the comparison with Alertmanager use. */
export const TEST_CONFIG = `global:
  resolve_timeout: 5m
route:
  receiver: default
  group_by: [alertname]
  group_wait: 1h
  routes:
    - receiver: team-a
      matchers: [team="a"]
      continue: true
    - receiver: team-b
      matchers: [team=~"a|b"]
receivers:
  - name: default
  - name: team-a
  - name: team-b
inhibit_rules:
  - source_matchers: [severity="critical"]
    target_matchers: [severity="warning"]
    equal: [alertname]
`;

/** An API over real in-memory domain objects, a fake clock and no listener (use `app.inject`). */
export interface TestApi {
  readonly app: FastifyInstance;
  readonly clock: FakeClock;
  readonly deps: ApiDeps;
  readonly registry: Registry;
  readonly alerts: MemoryAlertStore;
  readonly silences: MemorySilenceStore;
  readonly dispatcher: Dispatcher;
  /** Lets the store deliver alerts to the dispatcher and inhibitor. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

export interface TestApiOptions {
  /** alertmanager.yml text; defaults to {@link TEST_CONFIG}. */
  readonly config?: string;
  /** `classic` reproduces Alertmanager 0.25's label-name rules and filter parser. */
  readonly matcherMode?: MatcherMode;
  /** The fake clock's start; defaults to 2026-01-01T12:00:00Z. */
  readonly now?: number;
  readonly deps?: Partial<ApiDeps>;
}

/** Builds a {@link TestApi}. */
export async function createTestApi(options: TestApiOptions = {}): Promise<TestApi> {
  const clock = new FakeClock(options.now ?? Date.UTC(2026, 0, 1, 12));
  const matcherMode = options.matcherMode ?? 'fallback';
  const loaded = await loadConfigString(options.config ?? TEST_CONFIG, { filename: 'alertmanager.yml', baseDir: '/tmp' });
  const alerts = new MemoryAlertStore({ clock });
  const silences = new MemorySilenceStore({ clock, retentionMs: 120 * 3_600_000, matcherMode });
  const route = compileRoute(loaded.config.route ?? { receiver: '', continue: false });
  const inhibitor = new Inhibitor({ store: alerts, rules: loaded.config.inhibit_rules ?? [], clock });
  const dispatcher = new Dispatcher({ store: alerts, route, clock, notify: () => Promise.resolve() });
  inhibitor.start();
  dispatcher.start();
  const state: ApiConfigState = {
    config: loaded.config,
    original: configToYaml(loaded.config),
    route,
    inhibitor,
    groups: (routeFilter, alertFilter) => dispatcher.groups(routeFilter, alertFilter),
  };
  const registry = new Registry();
  const noop = (): void => undefined;
  const deps: ApiDeps = {
    clock,
    alerts,
    silences,
    silencer: new Silencer(silences, { clock }),
    current: () => state,
    cluster: () => ({ status: 'disabled', peers: [] }),
    version: { version: '0.1.0', revision: 'test', branch: 'main', buildUser: 'tester', buildDate: '20260101-00:00:00', goVersion: 'node' },
    startedAt: clock.now(),
    matcherMode,
    logger: { debug: noop, warn: noop, error: noop },
    metrics: createApiMetrics(registry),
    ...options.deps,
  };
  const app = Fastify({ logger: false });
  await app.register(async (scope) => {
    await apiV2Routes(deps)(scope);
    await v1GoneRoutes(deps.logger)(scope);
  });
  await app.ready();
  return {
    app,
    clock,
    deps,
    registry,
    alerts,
    silences,
    dispatcher,
    settle,
    close: async () => {
      dispatcher.stop();
      inhibitor.stop();
      await app.close();
    },
  };
}
