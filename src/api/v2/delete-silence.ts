import { SilenceNotFoundError } from '../../silences/errors.ts';
import type { ApiRequest, ApiResponse } from './api-request.ts';
import { messageResponse } from './api-request.ts';
import { silenceIdParam } from './silence-id.ts';
import type { SwaggerError } from './swagger-error.ts';

/**
 * `DELETE /api/v2/silence/{silenceID}`: expires the silence (a no-op when already expired);
 * 404 with no body when unknown (0.26+; 0.25 answered 500 `"silence not found"`).
 */
export async function deleteSilence(req: ApiRequest): Promise<ApiResponse | SwaggerError> {
  const id = silenceIdParam(req.param);
  if (typeof id !== 'string') return id;
  try {
    await req.deps.silences.expire(id);
  } catch (err) {
    if (err instanceof SilenceNotFoundError) return { status: 404 };
    req.deps.logger.error('Failed to expire silence', { err: (err as Error).message });
    return messageResponse(500, (err as Error).message);
  }
  return { status: 200 };
}
