/**
 * CORS as `rs/cors` `cors.Default()` (v1.11) answers it for Alertmanager's API: any origin,
 * methods GET, POST and HEAD, request headers Accept, Content-Type, X-Requested-With (and Origin).
 */

const METHODS = new Set(['GET', 'POST', 'HEAD']);
const HEADERS = new Set(['accept', 'content-type', 'x-requested-with', 'origin']);

export interface CorsRequest {
  readonly method: string;
  header(name: string): string | undefined;
}

/** Headers to add, and whether the request was a preflight that must be answered 204 at once. */
export interface CorsResult {
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly preflight: boolean;
}

/** Decides the CORS response headers for one request. */
export function corsHeaders(req: CorsRequest): CorsResult {
  const origin = req.header('origin') ?? '';
  const requestedMethod = req.header('access-control-request-method') ?? '';
  if (req.method === 'OPTIONS' && requestedMethod !== '') {
    const headers: Array<[string, string]> = [['Vary', 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers']];
    const requestedHeaders = (req.header('access-control-request-headers') ?? '')
      .split(',')
      .map((h) => h.trim())
      .filter((h) => h !== '');
    const allowed =
      origin !== '' &&
      METHODS.has(requestedMethod.toUpperCase()) &&
      requestedHeaders.every((h) => HEADERS.has(h.toLowerCase()));
    if (allowed) {
      headers.push(['Access-Control-Allow-Origin', '*'], ['Access-Control-Allow-Methods', requestedMethod.toUpperCase()]);
      if (requestedHeaders.length > 0) headers.push(['Access-Control-Allow-Headers', requestedHeaders.join(', ')]);
    }
    return { headers, preflight: true };
  }
  const headers: Array<[string, string]> = [['Vary', 'Origin']];
  if (origin !== '' && METHODS.has(req.method.toUpperCase())) headers.push(['Access-Control-Allow-Origin', '*']);
  return { headers, preflight: false };
}
