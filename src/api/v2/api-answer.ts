import { Buffer } from 'node:buffer';
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import type { ApiResponse } from './api-request.ts';
import { goQuote } from '../../labels/go-quote.ts';
import { corsHeaders } from './cors.ts';
import { acceptsJson, parseGoMediaType } from './go-media-type.ts';
import { parseGoQuery } from './go-query.ts';
import { SwaggerError } from './swagger-error.ts';

/** Largest request body API v2 takes unless configured otherwise. */
export const DEFAULT_MAX_BODY = 64 * 1024 * 1024;

/** What goes on the wire for a handler's result: a go-swagger error is a JSON body. */
export interface Answer {
  readonly status: number;
  readonly contentType: string | undefined;
  /** Bytes, so that Go's bare `application/json` content type is left alone; or a stream. */
  readonly body: Buffer | Readable | undefined;
}

export function answerOf(result: ApiResponse | SwaggerError): Answer {
  if (result instanceof SwaggerError) return { status: result.status, contentType: 'application/json', body: Buffer.from(result.body()) };
  const body = typeof result.body === 'string' ? Buffer.from(result.body) : result.body;
  return { status: result.status, contentType: result.contentType, body };
}

/**
 * The headers of every API v2 answer, lower-cased: CORS as `rs/cors` Default answers it and,
 * unless the request is a preflight (answered 204 at once), `Cache-Control: no-store`.
 */
export function apiHeaders(method: string, header: (name: string) => string | undefined): { headers: Array<[string, string]>; preflight: boolean } {
  const cors = corsHeaders({ method, header });
  const headers = cors.headers.map(([name, value]): [string, string] => [name.toLowerCase(), value]);
  if (!cors.preflight) headers.push(['cache-control', 'no-store']);
  return { headers, preflight: cors.preflight };
}

/**
 * go-openapi's check of a request body's `Content-Type` (Go's default when there is none): 400
 * when Go's `mime.ParseMediaType` cannot read it, 415 when it is not `application/json`.
 */
export function contentTypeError(header: string | undefined): SwaggerError | undefined {
  const raw = header ?? '';
  const parsed = parseGoMediaType(raw === '' ? 'application/octet-stream' : raw);
  if ('error' in parsed) return new SwaggerError(400, 400, `parsing Content-Type header from ${goQuote(raw)} failed, because ${parsed.error}`);
  return parsed.type === 'application/json' ? undefined : unsupportedMediaType(parsed.type);
}

/** go-openapi's 415 for a body of another media type than `application/json`. */
export function unsupportedMediaType(type: string): SwaggerError {
  return new SwaggerError(415, 415, `unsupported media type ${goQuote(type)}, only [application/json] are allowed`);
}

/**
 * go-openapi's 406 for an `Accept` header that takes no `application/json`. Alertmanager checks it
 * only for requests without a body (measured with 0.25: a POST with a JSON body is served
 * whatever it accepts, one without a body is refused).
 */
export function acceptError(headers: IncomingHttpHeaders): SwaggerError | undefined {
  if (hasBody(headers) || acceptsJson(headers.accept)) return undefined;
  return new SwaggerError(406, 406, 'unsupported media type requested, only [application/json] are available');
}

/** Go's `runtime.HasBody`: a declared length above 0, or no declared length and a chunked body. */
function hasBody(headers: IncomingHttpHeaders): boolean {
  const length = headers['content-length'];
  return length !== undefined ? Number(length) > 0 : headers['transfer-encoding'] !== undefined;
}

/** The query parameters of a request URL, as Alertmanager reads them. */
export function queryOf(url: string): URLSearchParams {
  const q = url.indexOf('?');
  return parseGoQuery(q < 0 ? '' : url.slice(q + 1));
}
