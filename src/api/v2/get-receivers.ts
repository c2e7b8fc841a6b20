import type { ApiRequest, ApiResponse } from './api-request.ts';
import { jsonResponse, matcherParams, messageResponse } from './api-request.ts';
import { goJsonString } from '../../common/go-json-string.ts';
import { labelSetJson } from './json-out.ts';

/**
 * `GET /api/v2/receivers`: the configured receivers in file order with their labels (0.33;
 * omitted when empty), optionally only those whose labels match every `receiver_matchers`.
 */
export function getReceivers(req: ApiRequest): ApiResponse {
  const matchers = matcherParams(req, 'receiver_matchers');
  if (!Array.isArray(matchers)) return messageResponse(400, `failed to parse receiver_matchers param: ${matchers.error}`);
  const items: string[] = [];
  for (const r of req.deps.current().config.receivers ?? []) {
    const labels = r.labels ?? {};
    if (!matchers.every((m) => m.matches(Object.hasOwn(labels, m.name) ? (labels[m.name] as string) : ''))) continue;
    const labelsJson = Object.keys(labels).length === 0 ? '' : `"labels":${labelSetJson(labels)},`;
    items.push(`{${labelsJson}"name":${goJsonString(r.name)}}`);
  }
  return jsonResponse(200, `[${items.join(',')}]`);
}
