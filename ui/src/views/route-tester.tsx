import { useEffect, useMemo, useState } from 'preact/hooks';
import { parseMatchers } from '../lib/matchers.ts';
import { groupLabels, matchRoutes } from '../lib/route-tree.ts';
import type { RouteNode } from '../lib/route-tree.ts';
import type { LabelSet } from '../lib/types.ts';

export interface TestResult {
  labels: LabelSet;
  routes: RouteNode[];
}

function parseLabelSet(text: string): LabelSet {
  const labels: LabelSet = {};
  for (const m of parseMatchers(text)) {
    if (m.op !== '=') throw new Error(`use name="value" pairs, not ${m.op}`);
    labels[m.name] = m.value;
  }
  return labels;
}

/** Type a label set, see the routes and receivers it reaches and how it would be grouped. */
export function RouteTester({ root, onResult }: { root: RouteNode; onResult: (r: TestResult | undefined) => void }) {
  const [text, setText] = useState('');
  const outcome = useMemo(() => {
    if (text.trim() === '') return undefined;
    try {
      const labels = parseLabelSet(text);
      return { labels, routes: matchRoutes(root, labels) };
    } catch (err) {
      return (err as Error).message;
    }
  }, [text, root]);
  useEffect(() => onResult(typeof outcome === 'object' ? outcome : undefined), [outcome, onResult]);
  return (
    <div class="route-tester">
      <label for="route-test-input" class="field-label">
        Route tester: alert labels
      </label>
      <input
        id="route-test-input"
        type="text"
        class="mono"
        placeholder='{alertname="DiskFull", severity="critical", team="db"}'
        value={text}
        spellcheck={false}
        aria-invalid={typeof outcome === 'string'}
        onInput={(e) => setText(e.currentTarget.value)}
      />
      {typeof outcome === 'string' && (
        <p class="field-error" role="alert">
          {outcome}
        </p>
      )}
      {typeof outcome === 'object' && (
        <ol class="route-results" aria-label="Matching routes">
          {outcome.routes.map((r) => {
            const g = groupLabels(r, outcome.labels);
            return (
              <li key={r.id} data-testid="route-result">
                <strong>{r.receiver}</strong> <span class="muted">(route {r.id})</span>
                <div>
                  grouped by {r.groupBy === undefined ? 'all labels (...)' : `[${r.groupBy.join(', ')}]`} → group{' '}
                  <code>{`{${Object.entries(g).map(([k, v]) => `${k}="${v}"`).join(', ')}}`}</code>
                </div>
                <div class="muted">
                  group_wait {r.groupWait}, group_interval {r.groupInterval}, repeat_interval {r.repeatInterval}
                </div>
              </li>
            );
          })}
        </ol>
      )}
    </div>
  );
}
