import { formatMatcher } from '../lib/matchers.ts';
import type { RouteNode } from '../lib/route-tree.ts';

/** The routing tree as nested boxes; routes on a tested label set's path are highlighted. */
export function RouteTreeView({ node, highlight, results }: { node: RouteNode; highlight: ReadonlySet<string>; results: ReadonlySet<string> }) {
  const cls = `route-node${highlight.has(node.id) ? ' on-path' : ''}${results.has(node.id) ? ' matched' : ''}`;
  return (
    <li class={cls} data-route={node.id}>
      <div class="route-box">
        <span class="route-receiver">{node.receiver}</span>
        {node.id === '0' && <span class="muted"> (root)</span>}
        {node.matchers.length > 0 ? (
          <span class="chips">
            {node.matchers.map((m) => (
              <span key={formatMatcher(m)} class="chip mono">
                {formatMatcher(m)}
              </span>
            ))}
          </span>
        ) : (
          node.id !== '0' && <span class="muted"> matches everything</span>
        )}
        <span class="route-opts">
          group_by: {node.groupBy === undefined ? '...' : `[${node.groupBy.join(', ')}]`}
          {node.continue && <span class="tag">continue</span>}
          {node.muteTimeIntervals.length > 0 && <span class="tag">mute: {node.muteTimeIntervals.join(', ')}</span>}
          {node.activeTimeIntervals.length > 0 && <span class="tag">active: {node.activeTimeIntervals.join(', ')}</span>}
        </span>
      </div>
      {node.children.length > 0 && (
        <ul>
          {node.children.map((c) => (
            <RouteTreeView key={c.id} node={c} highlight={highlight} results={results} />
          ))}
        </ul>
      )}
    </li>
  );
}
