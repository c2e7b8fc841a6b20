import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { Buffer } from 'node:buffer';
import { Readable } from 'node:stream';
import type { FastLane } from '../fast-lane.ts';
import { acceptError, answerOf, apiHeaders, contentTypeError, DEFAULT_MAX_BODY, queryOf } from './api-answer.ts';
import type { ApiResponse } from './api-request.ts';
import type { ApiDeps } from './deps.ts';
import { postAlerts } from './post-alerts.ts';
import { SwaggerError } from './swagger-error.ts';

const PATHS = new Set(['/api/v2/alerts', '/api/v2/alerts/']);

/**
 * `POST /api/v2/alerts` on Node's request and response: the requests Prometheus sends, a JSON
 * body of declared length within the limit, are read and answered here with the same handler,
 * headers and metrics as through fastify. Any other request (another type, a chunked or encoded
 * body, one too large, an empty one whose `Accept` takes no JSON) goes to fastify, which answers it
 * as before: 415, 413, 406 and so on.
 */
export function ingestLane(deps: ApiDeps): FastLane {
  const bodyLimit = deps.maxBodyBytes ?? DEFAULT_MAX_BODY;
  return {
    match(method: string, path: string, headers: IncomingHttpHeaders): string | undefined {
      if (method !== 'POST' || !PATHS.has(path) || contentTypeError(headers['content-type']) !== undefined || acceptError(headers) !== undefined) return undefined;
      if (headers['transfer-encoding'] !== undefined || headers['content-encoding'] !== undefined) return undefined;
      const length = Number(headers['content-length']);
      return Number.isSafeInteger(length) && length >= 0 && length <= bodyLimit ? path : undefined;
    },
    async serve(req: IncomingMessage, res: ServerResponse): Promise<number> {
      const body = await readBody(req);
      if (body === undefined) {
        // The client went away before sending the whole body: nobody to answer.
        res.destroy();
        return 0;
      }
      let result: ApiResponse | SwaggerError;
      try {
        result = await postAlerts({ deps, query: queryOf(req.url ?? ''), body, param: '' });
      } catch (err) {
        deps.logger.error('API request failed', { err: (err as Error).message });
        result = new SwaggerError(500, 500, (err as Error).message);
      }
      return answer(req, res, result);
    },
  };
}

/** The request body, or undefined when the request was aborted before its end. */
function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.once('end', () => resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)));
    req.once('close', () => {
      if (!req.complete) resolve(undefined);
    });
  });
}

/** Writes the answer as the API's fastify routes do; returns the body's size. */
function answer(req: IncomingMessage, res: ServerResponse, result: ApiResponse | SwaggerError): number {
  const { status, contentType, body } = answerOf(result);
  const headers: Record<string, string> = {};
  for (const [name, value] of apiHeaders('POST', (name) => req.headers[name] as string | undefined).headers) headers[name] = value;
  if (contentType !== undefined) headers['content-type'] = contentType;
  if (body instanceof Readable) {
    res.writeHead(status, headers);
    body.pipe(res);
    return 0;
  }
  const bytes = body?.length ?? 0;
  headers['content-length'] = String(bytes);
  res.writeHead(status, headers);
  res.end(body);
  return bytes;
}
