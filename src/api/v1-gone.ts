import type { FastifyInstance } from 'fastify';

/** The body Alertmanager 0.27+ sends for every removed API v1 endpoint (with Go's encoder newline). */
const GONE_BODY =
  JSON.stringify({
    status: 'deprecated',
    error:
      'The Alertmanager v1 API was deprecated in version 0.16.0 and is removed as of version 0.27.0 - please use the equivalent route in the v2 API',
  }) + '\n';

const ROUTES: ReadonlyArray<readonly ['GET' | 'POST' | 'DELETE', string]> = [
  ['GET', '/status'],
  ['GET', '/receivers'],
  ['GET', '/alerts'],
  ['POST', '/alerts'],
  ['GET', '/silences'],
  ['POST', '/silences'],
  ['GET', '/silence/:sid'],
  ['DELETE', '/silence/:sid'],
];

/**
 * Mounts the removed API v1 routes under `/api/v1` of the given scope (already under the route
 * prefix; pass it in `HttpAppOptions.routes`): each answers 410 with Alertmanager 0.27+'s
 * deprecation body and logs a warning.
 */
export function v1GoneRoutes(logger: {
  warn(msg: string, fields?: Readonly<Record<string, unknown>>): void;
}): (scope: FastifyInstance) => Promise<void> {
  return async (scope) => {
    for (const [method, url] of ROUTES) {
      scope.route({
        method,
        url: `/api/v1${url}`,
        handler: async (request, reply) => {
          logger.warn('v1 API received a request on a removed endpoint', { path: request.url.split('?')[0], method: request.method });
          return reply.code(410).header('Content-Type', 'application/json').send(Buffer.from(GONE_BODY));
        },
      });
    }
  };
}
