import { constants } from 'node:fs';
import { access, mkdir } from 'node:fs/promises';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import type { FastifyInstance } from 'fastify';
import { Histogram } from 'prom-client';
import type { Registry } from 'prom-client';
import type { ServeOptions } from '../cli/flags.ts';
import type { Logger } from '../common/logger.ts';
import { VERSION } from '../common/version.ts';
import { configHash } from '../config/hash.ts';
import { loadConfigFile } from '../config/load.ts';
import { matcherModeFromFeatures } from '../labels/parse.ts';
import type { MatcherMode } from '../labels/parse.ts';
import { boundAddress, closeAll, listenAll, systemdTargets, tlsOptions } from '../api/listen.ts';
import type { ListenTarget } from '../api/listen.ts';
import { createRegistry, defaultGetConcurrency, registerClusterEnabled } from '../api/metrics.ts';
import { resolveExternalUrl, resolveRoutePrefix } from '../api/route-prefix.ts';
import type { FastLane } from '../api/fast-lane.ts';
import { buildHttpApp } from '../api/server.ts';
import type { RoutePlugin } from '../api/server.ts';
import { WebConfigWatcher } from '../api/web-guard.ts';
import { checkFeatures } from './features.ts';
import { fixHeapGrowth } from './heap-growth.ts';
import { MemoryReducer } from './memory-reducer.ts';
import { canReleaseFreedMemory } from './native-memory.ts';
import { ConfigReloader } from './reloader.ts';
import type { ConfigLoader } from './reloader.ts';

/** What a module gets to wire itself in: subscribe to configs, add routes, register teardown. */
export interface ServeContext {
  readonly options: ServeOptions;
  readonly logger: Logger;
  readonly registry: Registry;
  readonly reloader: ConfigReloader;
  readonly matcherMode: MatcherMode;
  /** As Go prints it, e.g. `http://host:9093` or `https://example.com/am`. */
  readonly externalUrl: string;
  /** `/` or `/am`: every route lives under it. */
  readonly routePrefix: string;
  /** Runs at shutdown, after the HTTP servers closed, in reverse registration order. */
  onShutdown(name: string, hook: () => Promise<void> | void): void;
  /** Runs when the idle process gives memory back: drop what is kept only for reuse. */
  onMemoryTrim(hook: () => void): void;
  /** Serves a route ahead of fastify, where that applies (see `src/api/fast-lane.ts`). */
  addFastLane(lane: FastLane): void;
}

/**
 * A part of the process (dispatcher, API v2, UI...). It is set up before the first configuration
 * is loaded, so a reload listener it registers sees that configuration too; it may return routes.
 */
export type ServeModule = (ctx: ServeContext) => Promise<RoutePlugin | void> | RoutePlugin | void;

export interface ServeDeps {
  logger: Logger;
  modules?: readonly ServeModule[];
  /** Replaces the real config loader (tests). */
  load?: ConfigLoader;
}

export interface RunningServer {
  readonly addresses: string[];
  readonly externalUrl: string;
  readonly routePrefix: string;
  readonly reloader: ConfigReloader;
  readonly http: FastifyInstance;
  /** Closes the listeners and runs the shutdown hooks; idempotent. */
  stop(): Promise<void>;
}

/**
 * Alertmanager's start-up order: validate, bind listeners, derive the external URL, set modules
 * up, load the configuration (a bad one fails start-up), then serve. Throws StartupError with a
 * message already logged when the process should exit 1.
 */
export async function startServer(options: ServeOptions, deps: ServeDeps): Promise<RunningServer> {
  const { logger } = deps;
  logger.info('Starting Tocsin', { version: VERSION });
  logger.info('Build context', { build_context: `(node=${process.version}, platform=${process.platform}/${process.arch})` });

  const matcherMode = fail(logger, 'error parsing the feature flag list', () => {
    checkFeatures(options.enableFeatures, logger);
    return matcherModeFromFeatures(options.enableFeatures);
  });
  if (options.cluster.listenAddress !== '') {
    logger.child({ component: 'cluster' }).info(
      'gossip clustering is not implemented: the --cluster.* flags are accepted and validated, but this instance runs alone; high availability comes from Redis in a later version',
      { listen_address: options.cluster.listenAddress, peers: options.cluster.peers.join(',') },
    );
  }
  if (options.cluster.tlsConfig !== '') {
    await access(options.cluster.tlsConfig, constants.R_OK).catch((err: Error) => {
      logger.error('unable to initialize TLS transport configuration for gossip mesh', { err });
      throw new StartupError(err.message);
    });
  }
  await mkdir(options.storagePath, { recursive: true }).catch((err: Error) => {
    logger.error('unable to create data directory', { err });
    throw new StartupError(err.message);
  });

  const registry = createRegistry();
  registerClusterEnabled(registry, false);
  const reloader = new ConfigReloader({
    path: options.configFile,
    registry,
    logger,
    hash: configHash,
    load:
      deps.load ??
      ((path) =>
        loadConfigFile(path, { matcherMode, onWarning: (msg) => logger.child({ component: 'configuration' }).warn(msg) })),
  });

  const idleCollections = new Histogram({
    name: 'tocsin_idle_gc_duration_seconds',
    help: 'Garbage collections run because the process went quiet after its heap grew, and the longest time each held the process at once.',
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  fixHeapGrowth();
  const memory = new MemoryReducer({ logger, onCollected: (seconds) => idleCollections.observe(seconds) });
  if (process.platform === 'linux' && !canReleaseFreedMemory()) {
    logger.info('Freed C heap stays resident after idle collections: the native helper is not built (node scripts/build-native.mjs) or the C library is not glibc');
  }
  const web = options.webConfigFile === '' ? undefined : await openWebConfig(options.webConfigFile, logger);
  let handle: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => {
    res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Service Unavailable\n');
  };
  const targets: ListenTarget[] = fail(logger, 'unable to listen', () =>
    options.webSystemdSocket ? systemdTargets() : options.webListenAddresses.map((address) => ({ address })),
  );
  let servers: Server[];
  try {
    servers = await listenAll(
      targets,
      (req, res) => {
        res.once('close', memory.requestStarted());
        handle(req, res);
      },
      web?.config.tls,
    );
  } catch (err) {
    logger.error('Listen error', { err });
    throw new StartupError((err as Error).message);
  }
  const shutdownHooks: { name: string; hook: () => Promise<void> | void }[] = [];
  shutdownHooks.push({ name: 'memory reducer', hook: () => memory.stop() });
  const stopServers = async (): Promise<void> => {
    await closeAll(servers);
  };
  try {
    const addresses = servers.map(boundAddress);
    const firstPort = Number(/:(\d+)$/.exec(addresses[0] ?? '')?.[1] ?? 0);
    const externalUrl = fail(logger, 'failed to determine external URL', () => resolveExternalUrl(options.webExternalUrl, firstPort));
    const routePrefix = resolveRoutePrefix(options.webRoutePrefix, externalUrl);
    logger.debug('app setup', { external_url: externalUrl.href, route_prefix: routePrefix });

    const ctx: ServeContext = {
      options,
      logger,
      registry,
      reloader,
      matcherMode,
      externalUrl: externalUrl.href,
      routePrefix,
      onShutdown: (name, hook) => shutdownHooks.push({ name, hook }),
      onMemoryTrim: (hook) => memory.onTrim(hook),
      addFastLane: (lane) => lanes.push(lane),
    };
    const routes: RoutePlugin[] = [];
    const lanes: FastLane[] = [];
    for (const module of deps.modules ?? []) {
      const plugin = await module(ctx);
      if (plugin !== undefined) routes.push(plugin);
    }
    try {
      await reloader.reload();
    } catch (err) {
      throw new StartupError(`error loading configuration file: ${(err as Error).message}`);
    }

    const http = await buildHttpApp({
      routePrefix,
      logger,
      registry,
      getConcurrency: options.webGetConcurrency > 0 ? options.webGetConcurrency : defaultGetConcurrency(),
      timeout: options.webTimeout,
      ready: () => reloader.current() !== undefined,
      reload: () => reloader.reload(),
      webConfig: web?.watcher,
      routes,
      lanes,
    });
    memory.start();
    handle = http.listener;
    if (web !== undefined) {
      web.onTlsChange = (tls) => {
        for (const server of servers) (server as unknown as HttpsServer).setSecureContext?.(tlsOptions(tls));
      };
    }
    for (const address of addresses) {
      logger.info('Listening on', { address });
      logger.info(web?.config.tls === undefined ? 'TLS is disabled.' : 'TLS is enabled.', { http2: false, address });
    }

    let stopping: Promise<void> | undefined;
    const stop = (): Promise<void> =>
      (stopping ??= (async () => {
        await stopServers();
        await http.fastify.close();
        await runShutdownHooks(shutdownHooks, logger);
      })());
    return { addresses, externalUrl: externalUrl.href, routePrefix, reloader, http: http.fastify, stop };
  } catch (err) {
    await stopServers();
    await runShutdownHooks(shutdownHooks, logger);
    throw err;
  }
}

/** Start-up failed; the reason has been logged. */
export class StartupError extends Error {
  override readonly name = 'StartupError';
}

function fail<T>(logger: Logger, what: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    logger.error(what, { err });
    throw new StartupError(`${what}: ${(err as Error).message}`);
  }
}

interface OpenWebConfig {
  watcher: WebConfigWatcher;
  config: WebConfigWatcher['config'];
  onTlsChange?: (tls: NonNullable<WebConfigWatcher['config']['tls']>) => void;
}

async function openWebConfig(path: string, logger: Logger): Promise<OpenWebConfig> {
  const opened: Partial<OpenWebConfig> = {};
  try {
    opened.watcher = await WebConfigWatcher.open(path, (config) => {
      if (config.tls !== undefined) opened.onTlsChange?.(config.tls);
    });
  } catch (err) {
    logger.error('Unable to load web configuration', { file: path, err });
    throw new StartupError((err as Error).message);
  }
  opened.config = opened.watcher.config;
  return opened as OpenWebConfig;
}

async function runShutdownHooks(hooks: { name: string; hook: () => Promise<void> | void }[], logger: Logger): Promise<void> {
  for (const { name, hook } of hooks.reverse()) {
    try {
      await hook();
    } catch (err) {
      logger.warn('teardown step failed', { step: name, err });
    }
  }
  hooks.length = 0;
}
