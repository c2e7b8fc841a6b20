import { Buffer } from 'node:buffer';
import type { Readable } from 'node:stream';
import type { ApiResponse } from './api-request.ts';
import { corsHeaders } from './cors.ts';
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

/** The media type of a `Content-Type` header, lower-cased; Go's default when there is none. */
export function mediaType(contentType: string | undefined): string {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return type === '' ? 'application/octet-stream' : type;
}

/** The query parameters of a request URL, as Alertmanager reads them. */
export function queryOf(url: string): URLSearchParams {
  const q = url.indexOf('?');
  return parseGoQuery(q < 0 ? '' : url.slice(q + 1));
}
