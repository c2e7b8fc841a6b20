import { formatError } from './swagger-error.ts';
import type { SwaggerError } from './swagger-error.ts';

// go-openapi strfmt's UUID pattern: hyphens optional, any case.
const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/** The `{silenceID}` path parameter, or go-openapi's 422 `silenceID in path must be of type uuid: "x"`. */
export function silenceIdParam(raw: string): string | SwaggerError {
  return UUID.test(raw) ? raw : formatError('silenceID', 'path', 'uuid', raw);
}
