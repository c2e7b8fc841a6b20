import type { Readable } from 'node:stream';
import type { Matcher } from '../../labels/matcher.ts';
import { parseMatcher } from '../../labels/parse.ts';
import type { ApiDeps } from './deps.ts';
import { lastParam } from './go-query.ts';
import { goJson } from './json-out.ts';

/** What a handler gets: the dependencies, the query string, the raw body and the path parameter. */
export interface ApiRequest {
  readonly deps: ApiDeps;
  readonly query: URLSearchParams;
  readonly body: Uint8Array | undefined;
  /** The `{silenceID}` path segment, URL-decoded. */
  readonly param: string;
}

/** What a handler answers; the plugin adds the cross-cutting headers. */
export interface ApiResponse {
  readonly status: number;
  /** Absent: no body and no Content-Type, as go-swagger's empty responses. */
  readonly body?: string | Readable;
  readonly contentType?: string;
}

/** A go-swagger producer response: JSON text followed by the newline `json.Encoder` adds. */
export function jsonResponse(status: number, json: string): ApiResponse {
  return { status, body: `${json}\n`, contentType: 'application/json' };
}

/** An error payload typed `string` in the OpenAPI document: a JSON string, e.g. `"bad matcher format: foo"`. */
export function messageResponse(status: number, message: string): ApiResponse {
  return jsonResponse(status, goJson(message));
}

// go-openapi's swag.ConvertBool: these (any case) are true, anything else is false.
const TRUE_WORDS = new Set(['true', '1', 'yes', 'ok', 'y', 'on', 'selected', 'checked', 't', 'enabled']);

/** A boolean query parameter; absent or empty means `fallback` (the OpenAPI default). */
export function boolParam(query: URLSearchParams, name: string, fallback: boolean): boolean {
  const raw = lastParam(query, name);
  if (raw === undefined) return fallback;
  return TRUE_WORDS.has(raw.toLowerCase());
}

/**
 * Parses every value of a matcher-list query parameter (`filter`, `receiver_matchers`) with the
 * configured matcher mode; returns the first parse error's message instead when one fails.
 */
export function matcherParams(req: ApiRequest, name: string): Matcher[] | { error: string } {
  const out: Matcher[] = [];
  for (const input of req.query.getAll(name)) {
    try {
      out.push(
        parseMatcher(input, {
          mode: req.deps.matcherMode,
          origin: 'api',
          onWarning: (msg, fields) => req.deps.logger.warn(msg, { ...fields }),
        }),
      );
    } catch (err) {
      return { error: (err as Error).message };
    }
  }
  return out;
}
