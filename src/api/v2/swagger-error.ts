/**
 * Errors the way go-openapi's runtime answers them before a handler runs: a JSON body
 * `{"code":602,"message":"0.labels in body is required"}` where `code` is the HTTP status for
 * transport errors (400 parse, 404, 405, 415) and go-openapi's validation code for 422s.
 */

import { goQuote } from '../../labels/go-quote.ts';

export class SwaggerError extends Error {
  readonly status: number;
  readonly code: number;

  constructor(status: number, code: number, message: string) {
    super(message);
    this.name = 'SwaggerError';
    this.status = status;
    this.code = code;
  }

  /** The response body, without the trailing newline go-openapi never writes for errors. */
  body(): string {
    return JSON.stringify({ code: this.code, message: this.message });
  }
}

/** 422 `<path> in body is required` (go-openapi `errors.Required`, code 602). */
export function requiredError(path: string, where = 'body'): SwaggerError {
  return new SwaggerError(422, 602, `${path} in ${where} is required`);
}

/** 422 `<path> in <where> must be of type <format>: "<value>"` (`errors.InvalidType`, code 601). */
export function formatError(path: string, where: string, format: string, value: string): SwaggerError {
  return new SwaggerError(422, 601, `${path} in ${where} must be of type ${format}: ${goQuote(value)}`);
}

/** 422 `<path> in body should have at least <n> items` (`errors.TooFewItems`, code 612). */
export function tooFewItemsError(path: string, min: number): SwaggerError {
  return new SwaggerError(422, 612, `${path} in body should have at least ${min} items`);
}

/** 400 `parsing <name> body from "" failed, because <reason>` (`errors.NewParseError`). */
export function parseError(name: string, reason: string): SwaggerError {
  return new SwaggerError(400, 400, `parsing ${name} body from "" failed, because ${reason}`);
}
