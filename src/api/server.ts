import Fastify from 'fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Counter, Gauge, Histogram } from 'prom-client';
import type { Registry } from 'prom-client';
import type { Logger } from '../common/logger.ts';
import { formatGoDuration } from '../config/go-duration.ts';
import { registerCoreRoutes } from './core-routes.ts';
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
}

/**
 * The fastify application behind every listener: web-config guard, GET concurrency limit, request
 * timeout, Go-style 404/405 answers, `GET /` redirect to the prefix, health, readiness, reload and
 * metrics, then the given route plugins, all under the prefix. Resolves once ready; serve it with
 * `app.routing` as a node request listener.
 */
export async function buildHttpApp(opts: HttpAppOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, return503OnClosing: false, forceCloseConnections: true });
  const prefix = opts.routePrefix === '/' ? '' : opts.routePrefix;
  const routes = new RouteTable();
  app.addHook('onRoute', (route) => routes.add(route.url, route.method));

  if (opts.webConfig !== undefined) app.addHook('onRequest', webGuard(opts.webConfig, opts.logger.child({ component: 'web' })));
  app.addHook('onRequest', concurrencyLimit(opts.getConcurrency, opts.registry));
  if (opts.timeout > 0) app.addHook('onRequest', requestTimeout(opts.timeout));
  instrument(app, opts.registry, prefix);

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
  return app;
}

function plain(reply: FastifyReply, status: number, text: string): FastifyReply {
  return reply.code(status).type('text/plain; charset=utf-8').header('X-Content-Type-Options', 'nosniff').send(`${text}\n`);
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

/** `alertmanager_http_request_duration_seconds{handler,method}` and the response-size histogram. */
function instrument(app: FastifyInstance, registry: Registry, prefix: string): void {
  const duration = new Histogram({
    name: 'alertmanager_http_request_duration_seconds',
    help: 'Histogram of latencies for HTTP requests.',
    labelNames: ['handler', 'method'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const size = new Histogram({
    name: 'alertmanager_http_response_size_bytes',
    help: 'Histogram of response size for HTTP requests.',
    labelNames: ['handler', 'method'],
    buckets: [100, 1000, 10000, 100000, 1e6, 1e7, 1e8],
    registers: [registry],
  });
  app.addHook('onResponse', async (req, reply) => {
    const url = req.routeOptions.url;
    if (url === undefined) return;
    // Path parameters are named as Alertmanager's handler label names them: /api/v2/silence/{silenceID}.
    const handler = (url.startsWith(prefix) ? url.slice(prefix.length) || '/' : url).replace(/:(\w+)/g, '{$1}');
    const labels = { handler, method: req.method.toLowerCase() };
    duration.observe(labels, reply.elapsedTime / 1000);
    size.observe(labels, Number(reply.getHeader('content-length') ?? 0));
  });
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
