import { useMemo, useState } from 'preact/hooks';
import { TimeAgo } from '../components/time-ago.tsx';
import { api } from '../lib/api.ts';
import { matchedPath, routeTreeFromConfig } from '../lib/route-tree.ts';
import type { RouteNode } from '../lib/route-tree.ts';
import { usePoll } from '../lib/use-poll.ts';
import { RouteTester } from './route-tester.tsx';
import type { TestResult } from './route-tester.tsx';
import { RouteTreeView } from './route-tree-view.tsx';

/** `#/status`: version, uptime, cluster, routing tree with a route tester, and the configuration. */
export function StatusView() {
  const status = usePoll(() => api.status(), []);
  const [result, setResult] = useState<TestResult>();
  const s = status.data;
  const tree = useMemo((): RouteNode | string | undefined => {
    if (s === undefined) return undefined;
    try {
      return routeTreeFromConfig(s.config.original);
    } catch (err) {
      return `Could not read the routing tree: ${(err as Error).message}`;
    }
  }, [s]);
  const highlight = useMemo(() => matchedPath(result?.routes ?? []), [result]);
  const results = useMemo(() => new Set((result?.routes ?? []).map((r) => r.id)), [result]);

  if (status.error) return <p class="error" role="alert">{status.error}</p>;
  if (s === undefined) return <p class="muted">Loading…</p>;
  const peers = s.cluster.peers ?? [];
  return (
    <section aria-labelledby="status-title">
      <h1 id="status-title">Status</h1>
      <div class="status-grid">
        <dl class="card details">
          <div>
            <dt>Version</dt>
            <dd>
              {s.versionInfo.version} <span class="muted">({s.versionInfo.revision.slice(0, 12)}, {s.versionInfo.goVersion})</span>
            </dd>
          </div>
          <div>
            <dt>Up since</dt>
            <dd>
              <TimeAgo iso={s.uptime} />
            </dd>
          </div>
          <div>
            <dt>Cluster</dt>
            <dd>
              <span class={`badge badge-cluster-${s.cluster.status}`}>{s.cluster.status}</span> {s.cluster.name && <span class="mono">{s.cluster.name}</span>}
            </dd>
          </div>
        </dl>
        <div class="card">
          <h2>Cluster peers ({peers.length})</h2>
          {peers.length === 0 ? (
            <p class="muted">No peers (clustering disabled or alone).</p>
          ) : (
            <ul>
              {peers.map((p) => (
                <li key={p.name}>
                  <span class="mono">{p.name}</span> <span class="muted">{p.address}</span>
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
      <h2>Routing tree</h2>
      {typeof tree === 'string' && <p class="error">{tree}</p>}
      {typeof tree === 'object' && (
        <div class="card">
          <RouteTester root={tree} onResult={setResult} />
          <ul class="route-tree" aria-label="Routing tree">
            <RouteTreeView node={tree} highlight={highlight} results={results} />
          </ul>
        </div>
      )}
      <details class="card">
        <summary>
          <h2 class="inline">Configuration</h2>
        </summary>
        <pre class="config">{s.config.original}</pre>
      </details>
    </section>
  );
}
