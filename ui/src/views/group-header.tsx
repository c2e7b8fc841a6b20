import { LabelChip } from '../components/label-chip.tsx';
import { formatMatchers, matchersFor } from '../lib/matchers.ts';
import type { Matcher } from '../lib/matchers.ts';
import { hrefFor } from '../lib/router.ts';
import type { ViewGroup } from '../lib/alert-groups.ts';

interface Props {
  group: ViewGroup;
  collapsed: boolean;
  onToggle: () => void;
  onFilter: (m: Matcher) => void;
}

/** A group's labels, receiver and size, with collapse and "silence the group". */
export function GroupHeader({ group, collapsed, onToggle, onFilter }: Props) {
  const names = Object.keys(group.labels).sort();
  const routeLabels = Object.keys(group.routeLabels ?? {}).sort();
  return (
    <header class="group-header">
      <button type="button" class="btn btn-ghost group-toggle" aria-expanded={!collapsed} onClick={onToggle} aria-label={`${collapsed ? 'Expand' : 'Collapse'} group`}>
        {collapsed ? '▸' : '▾'}
      </button>
      <span class="chips">
        {names.length === 0 && <span class="muted">(not grouped)</span>}
        {names.map((k) => (
          <LabelChip key={k} name={k} value={group.labels[k] as string} onFilter={onFilter} accent />
        ))}
        {routeLabels.map((k) => (
          <span key={`r-${k}`} class="chip chip-route" title="Route label">
            {k}={group.routeLabels?.[k]}
          </span>
        ))}
      </span>
      <span class="group-side">
        {group.receiver !== undefined && <span class="receiver" title="Receiver">→ {group.receiver}</span>}
        <span class="count" aria-label={`${group.alerts.length} alerts`}>
          {group.alerts.length}
        </span>
        {names.length > 0 && (
          <a class="btn btn-small" href={hrefFor(['silences', 'new'], { filter: formatMatchers(matchersFor(group.labels)) })}>
            Silence group
          </a>
        )}
      </span>
    </header>
  );
}
