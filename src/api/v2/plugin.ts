import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify';
import type { ApiRequest, ApiResponse } from './api-request.ts';
import { acceptError, answerOf, apiHeaders, contentTypeError, DEFAULT_MAX_BODY, queryOf, unsupportedMediaType } from './api-answer.ts';
import { deleteSilence } from './delete-silence.ts';
import type { ApiDeps } from './deps.ts';
import { getAlertGroups } from './get-alert-groups.ts';
import { getAlerts } from './get-alerts.ts';
import { getReceivers } from './get-receivers.ts';
import { getSilence } from './get-silence.ts';
import { getSilences } from './get-silences.ts';
import { getStatus } from './get-status.ts';
import { openApiDocument } from './openapi.ts';
import { postAlerts } from './post-alerts.ts';
import { postReceiverTest } from './post-receiver-test.ts';
import { postSilences } from './post-silences.ts';
import { SwaggerError } from './swagger-error.ts';

type Handler = (req: ApiRequest) => ApiResponse | SwaggerError | Promise<ApiResponse | SwaggerError>;

const SILENCE_PATH = '/silence/{silenceID}';
const RECEIVER_TEST_PATH = '/receivers/{receiver}/test';

const swaggerJson = (): ApiResponse => ({ status: 200, body: openApiDocument(), contentType: 'application/json' });

// Paths relative to /api/v2, as in the OpenAPI document; methods in the order 405 answers list them.
const ROUTES: Readonly<Record<string, Readonly<Record<string, Handler>>>> = {
  '/alerts': { GET: getAlerts, POST: postAlerts },
  '/alerts/groups': { GET: getAlertGroups },
  '/silences': { GET: getSilences, POST: postSilences },
  [SILENCE_PATH]: { GET: getSilence, DELETE: deleteSilence },
  '/status': { GET: getStatus },
  '/receivers': { GET: getReceivers },
  [RECEIVER_TEST_PATH]: { POST: postReceiverTest },
  '/swagger.json': { GET: swaggerJson },
};

const ALL_METHODS: HTTPMethods[] = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'];
// Fastify route syntax for the OpenAPI path templates.
const URLS: Readonly<Record<string, string>> = {
  [SILENCE_PATH]: '/silence/:silenceID',
  [RECEIVER_TEST_PATH]: '/receivers/:receiver/test',
};

function send(reply: FastifyReply, result: ApiResponse | SwaggerError): FastifyReply {
  const { status, contentType, body } = answerOf(result);
  reply.code(status);
  if (contentType !== undefined) reply.header('Content-Type', contentType);
  return body === undefined ? reply.send() : reply.send(body);
}

/**
 * The API v2 routes, paths relative to `/api/v2`. It brings its own body handling (raw bytes,
 * Go-compatible JSON errors, a size limit), CORS as `rs/cors` Default, `Cache-Control:
 * no-store`, and go-swagger's JSON 404/405/415 answers; a trailing slash is accepted on
 * every path, as go-swagger's router does.
 */
export function apiV2Plugin(deps: ApiDeps): (app: FastifyInstance) => Promise<void> {
  return async (app) => {
    const bodyLimit = deps.maxBodyBytes ?? DEFAULT_MAX_BODY;

    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_req, body, done) => done(null, body));

    app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
      const { headers, preflight } = apiHeaders(request.method, (name) => request.headers[name] as string | undefined);
      for (const [name, value] of headers) reply.header(name, value);
      return preflight ? reply.code(204).send() : undefined;
    });

    app.setErrorHandler(async (err: { statusCode?: number; code?: string; message: string }, request, reply) => {
      if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
        // fastify refused a type Go may read; what Go refuses is answered as Go answers it.
        const header = request.headers['content-type'];
        return send(reply, contentTypeError(header) ?? unsupportedMediaType(header ?? ''));
      }
      if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
        return send(reply, new SwaggerError(413, 413, `request body is larger than ${bodyLimit} bytes`));
      }
      const status = err.statusCode ?? 500;
      if (status < 500) return send(reply, new SwaggerError(status, status, err.message));
      deps.logger.error('API request failed', { err: err.message });
      return send(reply, new SwaggerError(500, 500, err.message));
    });

    const notFound = (request: FastifyRequest, reply: FastifyReply): FastifyReply => {
      const path = `/api/v2${(request.url.split('?')[0] as string).slice(app.prefix.length)}`;
      return send(reply, new SwaggerError(404, 404, `path ${path} was not found`));
    };

    for (const [template, methods] of Object.entries(ROUTES)) {
      const handler = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
        const param = Object.values(request.params as Record<string, string>)[0];
        // go-swagger's router matches no path whose parameter is empty (`/silence/`).
        if (param === '') return notFound(request, reply);
        const handle = methods[request.method];
        if (handle === undefined) {
          const allowed = Object.keys(methods);
          reply.header('Allow', allowed.join(','));
          const message = `method ${request.method} is not allowed, but [${allowed.join(',')}] are`;
          return send(reply, new SwaggerError(405, 405, message));
        }
        // go-openapi's order: the body's type, then the answer's, then the parameters.
        const refused = (request.method === 'POST' ? contentTypeError(request.headers['content-type']) : undefined) ?? acceptError(request.headers);
        if (refused !== undefined) return send(reply, refused);
        const result = await handle({
          deps,
          query: queryOf(request.url),
          body: Buffer.isBuffer(request.body) ? request.body : undefined,
          param: param ?? '',
        });
        return send(reply, result);
      };
      const url = URLS[template] ?? template;
      app.route({ method: ALL_METHODS, url, handler });
      app.route({ method: ALL_METHODS, url: `${url}/`, handler });
    }
    app.route({
      method: ALL_METHODS,
      url: '/*',
      handler: async (request, reply) => notFound(request, reply),
    });
  };
}

/**
 * Mounts API v2 under `/api/v2` of the given scope, which the HTTP server has already placed
 * under the route prefix: pass it in `HttpAppOptions.routes`.
 */
export function apiV2Routes(deps: ApiDeps): (scope: FastifyInstance) => Promise<void> {
  return async (scope) => {
    await scope.register(apiV2Plugin(deps), { prefix: '/api/v2' });
  };
}
