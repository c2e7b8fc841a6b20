import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';

/**
 * A route answered on Node's own request and response, ahead of fastify: for the ingest hot path,
 * where fastify's per-request work (hooks, body parser, reply) was about 15 % of the main thread's
 * time per alert. A lane takes only requests that need nothing of what fastify's stack adds for
 * them; the HTTP app offers it none while the web configuration or a request timeout applies.
 */
export interface FastLane {
  /**
   * The handler label of the request's metrics (`/api/v2/alerts`) when this lane answers it,
   * else undefined and fastify does. `path` is relative to the route prefix, without the query.
   */
  match(method: string, path: string, headers: IncomingHttpHeaders): string | undefined;
  /** Answers a matched request; resolves with the size of the body written once it is written. */
  serve(req: IncomingMessage, res: ServerResponse): Promise<number>;
}
