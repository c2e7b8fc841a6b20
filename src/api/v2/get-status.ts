import { compareGoStrings } from '../../labels/go-string.ts';
import type { ApiRequest, ApiResponse } from './api-request.ts';
import { jsonResponse } from './api-request.ts';
import { formatSwaggerDateTime } from './go-time.ts';
import { goJson } from './json-out.ts';

/**
 * `GET /api/v2/status`: cluster name/status/peers (peers sorted by name), the loaded
 * configuration re-marshalled with secrets hidden, version information and start time.
 */
export function getStatus(req: ApiRequest): ApiResponse {
  const { deps } = req;
  const cluster = deps.cluster();
  const peers = [...cluster.peers]
    .sort((a, b) => compareGoStrings(a.name, b.name))
    .map((p) => ({ address: p.address, name: p.name }));
  const v = deps.version;
  const body = {
    cluster: { ...(cluster.name ? { name: cluster.name } : {}), peers, status: cluster.status },
    config: { original: deps.current().original },
    uptime: formatSwaggerDateTime(deps.startedAt),
    versionInfo: {
      branch: v.branch,
      buildDate: v.buildDate,
      buildUser: v.buildUser,
      goVersion: v.goVersion,
      revision: v.revision,
      version: v.version,
    },
  };
  return jsonResponse(200, goJson(body));
}
