import type { SilenceState } from '../../silences/silence.ts';
import { silenceHasFilterMatchers, sortSilencesForListing } from '../../silences/silence-listing.ts';
import { boolParam, matcherParams, messageResponse } from './api-request.ts';
import type { ApiRequest, ApiResponse } from './api-request.ts';
import { arrayPieces, streamJson } from './json-stream.ts';
import { gettableSilenceJson } from './silence-json.ts';

/**
 * `GET /api/v2/silences`: silences in the states selected by `active`, `pending`, `expired`
 * (0.34; all by default) that carry every `filter` matcher verbatim, sorted active (ending
 * soonest first), pending (starting soonest first), expired (ended most recently first).
 */
export function getSilences(req: ApiRequest): ApiResponse {
  const { deps } = req;
  const matchers = matcherParams(req, 'filter');
  if (!Array.isArray(matchers)) return messageResponse(400, matchers.error);
  const states: SilenceState[] = [];
  if (boolParam(req.query, 'active', true)) states.push('active');
  if (boolParam(req.query, 'expired', true)) states.push('expired');
  if (boolParam(req.query, 'pending', true)) states.push('pending');
  const now = deps.clock.now();
  const found = deps.silences.query({ states }).filter((s) => silenceHasFilterMatchers(s, matchers));
  const sorted = sortSilencesForListing(found, now);
  return { status: 200, body: streamJson(arrayPieces(sorted, (s) => gettableSilenceJson(s, now))), contentType: 'application/json' };
}
