import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Registry } from 'prom-client';
import type { Logger } from '../common/logger.ts';
import { exposition } from './sliced-metrics.ts';

export interface CoreRouteOptions {
  registry: Registry;
  logger: Logger;
  ready: () => boolean;
  reload: () => Promise<unknown>;
}

/** `/-/healthy`, `/-/ready`, `POST /-/reload` and `/metrics`, with Alertmanager's answers. */
export function registerCoreRoutes(scope: FastifyInstance, opts: CoreRouteOptions): void {
  // Reload triggers send all sorts of bodies (none, forms, text); they are read and ignored.
  scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, _body, done) => done(null, undefined));
  // Alertmanager answers HEAD on the probes with a status alone, no Content-Type; fastify would
  // derive HEAD from GET, headers included, unless HEAD is declared first.
  scope.head('/-/healthy', (_req, reply) => reply.code(200).send());
  scope.head('/-/ready', (_req, reply) => reply.code(opts.ready() ? 200 : 503).send());
  scope.get('/-/healthy', (_req, reply) => ok(reply));
  scope.get('/-/ready', (_req, reply) => (opts.ready() ? ok(reply) : text(reply, 503, 'Service Unavailable\n')));
  scope.post('/-/reload', async (_req, reply) => {
    try {
      await opts.reload();
      return reply.code(200).send();
    } catch (err) {
      return text(reply, 500, `failed to reload config: ${(err as Error).message}\n`);
    }
  });
  scope.get('/metrics', async (_req, reply) => reply.code(200).type(opts.registry.contentType).send(await exposition(opts.registry)));
}

function ok(reply: FastifyReply): FastifyReply {
  return text(reply, 200, 'OK');
}

function text(reply: FastifyReply, status: number, body: string): FastifyReply {
  return reply.code(status).type('text/plain; charset=utf-8').send(body);
}
