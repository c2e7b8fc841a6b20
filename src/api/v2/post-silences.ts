import { SilenceError, SilenceNotFoundError } from '../../silences/errors.ts';
import { validatePostedSilenceTimes } from '../../silences/validate.ts';
import type { ApiRequest, ApiResponse } from './api-request.ts';
import { jsonResponse, messageResponse } from './api-request.ts';
import { decodePostableSilence } from './decode-silence.ts';
import { goJsonString } from '../../common/go-json-string.ts';
import { SwaggerError } from './swagger-error.ts';

/**
 * `POST /api/v2/silences`: creates a silence, or updates the one named by `id` (in place when
 * the store allows it, else by replacing it under a new id). Answers 200
 * `{"silenceID":"…"}`, 400 with the reason, 404 `"silence not found"` for an unknown id.
 */
export async function postSilences(req: ApiRequest): Promise<ApiResponse | SwaggerError> {
  const { deps } = req;
  const posted = decodePostableSilence(req.body ?? new Uint8Array());
  if (posted instanceof SwaggerError) return posted;
  const timeError = validatePostedSilenceTimes(posted.startsAt, posted.endsAt, deps.clock.now());
  if (timeError !== undefined) return messageResponse(400, timeError);
  try {
    const id = await deps.silences.set({
      id: posted.id === '' ? undefined : posted.id,
      matchers: posted.matchers,
      startsAt: posted.startsAt,
      endsAt: posted.endsAt,
      createdBy: posted.createdBy,
      comment: posted.comment,
    });
    return jsonResponse(200, `{"silenceID":${goJsonString(id)}}`);
  } catch (err) {
    if (err instanceof SilenceNotFoundError) return messageResponse(404, err.message);
    if (err instanceof SilenceError) return messageResponse(400, err.message);
    throw err;
  }
}
