import type { ApiRequest, ApiResponse } from './api-request.ts';
import { jsonResponse } from './api-request.ts';
import { silenceIdParam } from './silence-id.ts';
import { gettableSilenceJson } from './silence-json.ts';
import type { SwaggerError } from './swagger-error.ts';

/** `GET /api/v2/silence/{silenceID}`: the silence, or 404 with no body. */
export function getSilence(req: ApiRequest): ApiResponse | SwaggerError {
  const id = silenceIdParam(req.param);
  if (typeof id !== 'string') return id;
  // A query, as Alertmanager's QueryOne is, so the silence query metrics count it.
  const [silence] = req.deps.silences.query({ ids: [id] });
  if (silence === undefined) return { status: 404 };
  return jsonResponse(200, gettableSilenceJson(silence, req.deps.clock.now()));
}
