import type { RequestListener } from 'node:http';
import { performance } from 'node:perf_hooks';
import Fastify from 'fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Counter, Gauge, Histogram } from 'prom-client';
import type { Registry } from 'prom-client';
import type { Logger } from '../common/logger.ts';
import { formatGoDuration } from '../config/go-duration.ts';
import { goCleanPath, movedPermanently } from './clean-path.ts';
import { registerCoreRoutes } from './core-routes.ts';
import type { FastLane } from './fast-lane.ts';
import { GO_DEFAULT_BUCKETS } from '../common/go-metrics.ts';
import { webGuard } from './web-guard.ts';
import type { WebConfigWatcher } from './web-guard.ts';

/**
 * A group of routes mounted under the route prefix (API v2, the UI, ...). It runs inside its own
 * fastify encapsulation context whose paths are relative to the prefix: `scope.get('/api/v2/status')`.
 */
export type RoutePlugin = (scope: FastifyInstance) => Promise<void> | void;

export interface HttpAppOptions {
  /** `/` or `/path`, from resolveRoutePrefix. */
  routePrefix: string;
  logger: Logger;
  registry: Registry;
  /** Concurrent GET requests allowed; excess ones get 503 (Alertmanager's `--web.get-concurrency`). */
  getConcurrency: number;
  /** Milliseconds before a request is answered 503; 0 or less for none (`--web.timeout`). */
  timeout: number;
  ready: () => boolean;
  reload: () => Promise<unknown>;
  webConfig?: WebConfigWatcher;
  routes?: readonly RoutePlugin[];
  /** Routes answered ahead of fastify while neither the web configuration nor a timeout applies. */
  lanes?: readonly FastLane[];
}

/**
 * The fastify application behind every listener: web-config guard, Go's redirects of unclean
 * paths, GET concurrency limit, request timeout, Go-style 404/405 answers, `GET /` redirect to the
 * prefix, health, readiness, reload and metrics, then the given route plugins, all under the
 * prefix. Resolves once ready, with the request listener to serve, which puts the fast lanes ahead
 * of fastify.
 */
export async function buildHttpApp(opts: HttpAppOptions): Promise<HttpApp> {
  const app = Fastify({ logger: false, return503OnClosing: false, forceCloseConnections: true });
  const prefix = opts.routePrefix === '/' ? '' : opts.routePrefix;
  const routes = new RouteTable();
  app.addHook('onRoute', (route) => routes.add(route.url, route.method));

  if (opts.webConfig !== undefined) app.addHook('onRequest', webGuard(opts.webConfig, opts.logger.child({ component: 'web' })));
  app.addHook('onRequest', redirectUncleanPaths);
  app.addHook('onRequest', concurrencyLimit(opts.getConcurrency, opts.registry));
  if (opts.timeout > 0) app.addHook('onRequest', requestTimeout(opts.timeout));
  const observe = instrument(app, opts.registry, prefix);

  app.setNotFoundHandler((req, reply) => {
    const path = (req.url.split('?')[0] as string) || '/';
    const allowed = routes.methodsFor(path);
    if (allowed.length === 0) return plain(reply, 404, '404 page not found');
    const allow = [...new Set([...allowed, 'OPTIONS'])].sort().join(', ');
    reply.header('Allow', allow);
    if (req.method === 'OPTIONS') return reply.code(200).send();
    return plain(reply, 405, 'Method Not Allowed');
  });
  app.setErrorHandler((err: { statusCode?: number; message: string }, _req, reply) => {
    const status = err.statusCode !== undefined && err.statusCode >= 400 ? err.statusCode : 500;
    if (status >= 500) opts.logger.error('HTTP handler failed', { err: err.message });
    return plain(reply, status, err.message);
  });

  if (prefix !== '') {
    app.get('/', (_req, reply) =>
      reply.code(302).header('Location', prefix).type('text/html; charset=utf-8').send(`<a href="${prefix}">Found</a>.\n\n`),
    );
  }
  await app.register(
    async (scope) => {
      await scope.register(async (core) => registerCoreRoutes(core, opts));
      for (const plugin of opts.routes ?? []) await scope.register(async (inner) => plugin(inner));
    },
    { prefix },
  );
  await app.ready();
  const lanes = opts.webConfig === undefined && opts.timeout <= 0 ? (opts.lanes ?? []) : [];
  return { fastify: app, listener: withLanes(app.routing, lanes, prefix, observe, opts.logger) };
}

/** The fastify application and the request listener to serve it with. */
export interface HttpApp {
  readonly fastify: FastifyInstance;
  readonly listener: RequestListener;
}

function plain(reply: FastifyReply, status: number, text: string): FastifyReply {
  return reply.code(status).type('text/plain; charset=utf-8').header('X-Content-Type-Options', 'nosniff').send(`${text}\n`);
}

/**
 * A path with `//`, `.` or `..` segments is redirected to its clean form before it is routed, as
 * Go's ServeMux does. Request targets that are not a path (`*`, a proxy's absolute URL) are left
 * to the routes.
 */
async function redirectUncleanPaths(req: FastifyRequest, reply: FastifyReply): Promise<unknown> {
  const end = req.url.indexOf('?');
  const path = end < 0 ? req.url : req.url.slice(0, end);
  if (!path.startsWith('/') || (!path.includes('//') && !path.includes('/.'))) return undefined;
  const clean = goCleanPath(path);
  if (clean === path || req.method === 'CONNECT') return undefined;
  const moved = movedPermanently(req.method, clean + req.url.slice(path.length));
  reply.code(301).headers(moved.headers);
  return moved.body === '' ? reply.send() : reply.send(moved.body);
}

/** Alertmanager limits only GETs: excess ones get 503 with its text. */
function concurrencyLimit(limit: number, registry: Registry): (req: FastifyRequest, reply: FastifyReply) => Promise<unknown> {
  const inFlight = new Gauge({
    name: 'alertmanager_http_requests_in_flight',
    help: 'Current number of HTTP requests being processed.',
    labelNames: ['method'],
    registers: [registry],
  });
  const exceeded = new Counter({
    name: 'alertmanager_http_concurrency_limit_exceeded_total',
    help: 'Total number of times an HTTP request failed because the concurrency limit was reached.',
    labelNames: ['method'],
    registers: [registry],
  });
  inFlight.set({ method: 'get' }, 0);
  exceeded.inc({ method: 'get' }, 0);
  let running = 0;
  return async (req, reply) => {
    if (req.method !== 'GET') return;
    if (running >= limit) {
      exceeded.inc({ method: 'get' });
      return plain(reply, 503, `Limit of concurrent GET requests reached (${limit}), try again later.`);
    }
    running++;
    inFlight.inc({ method: 'get' });
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      running--;
      inFlight.dec({ method: 'get' });
    };
    reply.raw.once('close', release);
    reply.raw.once('finish', release);
  };
}

/** Go's http.TimeoutHandler: a request still running after `ms` is answered 503. */
function requestTimeout(ms: number): (req: FastifyRequest, reply: FastifyReply) => Promise<void> {
  const text = `Exceeded configured timeout of ${formatGoDuration(ms)}.`;
  return async (_req, reply) => {
    const timer = setTimeout(() => {
      if (!reply.sent && !reply.raw.headersSent) plain(reply, 503, text);
    }, ms);
    timer.unref();
    reply.raw.once('close', () => clearTimeout(timer));
  };
}

type ObserveRequest = (handler: string, method: string, seconds: number, bytes: number) => void;

/**
 * `alertmanager_http_request_duration_seconds{handler,method}` and the response-size histogram for
 * fastify's routes; returns the recorder, for the fast lanes' requests.
 */
function instrument(app: FastifyInstance, registry: Registry, prefix: string): ObserveRequest {
  const duration = new Histogram({
    name: 'alertmanager_http_request_duration_seconds',
    help: 'Histogram of latencies for HTTP requests.',
    labelNames: ['handler', 'method'],
    buckets: [...GO_DEFAULT_BUCKETS],
    registers: [registry],
  });
  const size = new Histogram({
    name: 'alertmanager_http_response_size_bytes',
    help: 'Histogram of response size for HTTP requests.',
    labelNames: ['handler', 'method'],
    buckets: [100, 1000, 10000, 100000, 1e6, 1e7, 1e8],
    registers: [registry],
  });
  const observe: ObserveRequest = (handler, method, seconds, bytes) => {
    const labels = { handler, method: method.toLowerCase() };
    duration.observe(labels, seconds);
    size.observe(labels, bytes);
  };
  app.addHook('onResponse', async (req, reply) => {
    const url = req.routeOptions.url;
    if (url === undefined) return;
    // Path parameters are named as Alertmanager's handler label names them: /api/v2/silence/{silenceID}.
    const handler = (url.startsWith(prefix) ? url.slice(prefix.length) || '/' : url).replace(/:(\w+)/g, '{$1}');
    observe(handler, req.method, reply.elapsedTime / 1000, Number(reply.getHeader('content-length') ?? 0));
  });
  return observe;
}

/**
 * The request listener: a fast lane that matches answers the request, fastify answers the rest.
 * A lane's request that fails past its answer's start is cut off, as fastify would.
 */
function withLanes(routing: RequestListener, lanes: readonly FastLane[], prefix: string, observe: ObserveRequest, logger: Logger): RequestListener {
  if (lanes.length === 0) return routing;
  const under = `${prefix}/`;
  return (req, res) => {
    const url = req.url ?? '/';
    const query = url.indexOf('?');
    const full = query < 0 ? url : url.slice(0, query);
    const path = prefix === '' ? full : full.startsWith(under) ? full.slice(prefix.length) : undefined;
    const method = req.method ?? 'GET';
    for (const lane of lanes) {
      const handler = path === undefined ? undefined : lane.match(method, path, req.headers);
      if (handler === undefined) continue;
      const started = performance.now();
      lane.serve(req, res).then(
        (bytes) => observe(handler, method, (performance.now() - started) / 1000, bytes),
        (err: unknown) => {
          logger.error('HTTP handler failed', { err: (err as Error).message });
          res.destroy();
        },
      );
      return;
    }
    routing(req, res);
  };
}

/** Every registered route, to tell "no such path" (404) from "not this method" (405). */
class RouteTable {
  readonly #routes: { pattern: RegExp; methods: Set<string> }[] = [];

  add(url: string, method: string | string[]): void {
    const methods = Array.isArray(method) ? method : [method];
    const source = url
      .split('/')
      .map((part) => (part.startsWith(':') ? '[^/]+' : part === '*' ? '.*' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('/');
    this.#routes.push({ pattern: new RegExp(`^${source}$`), methods: new Set(methods) });
  }

  methodsFor(path: string): string[] {
    const out = new Set<string>();
    for (const route of this.#routes) if (route.pattern.test(path)) for (const m of route.methods) out.add(m);
    return [...out];
  }
}
