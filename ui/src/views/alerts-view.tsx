import type { Ref } from 'preact';
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { FilterBar } from '../components/filter-bar.tsx';
import { VirtualList } from '../components/virtual-list.tsx';
import { dispatcherGroups, groupByLabels, labelIndex, severityCounts } from '../lib/alert-groups.ts';
import type { ViewGroup } from '../lib/alert-groups.ts';
import { api } from '../lib/api.ts';
import { formatMatcher } from '../lib/matchers.ts';
import type { Matcher } from '../lib/matchers.ts';
import { navigate } from '../lib/router.ts';
import { formatRelative } from '../lib/time.ts';
import { usePoll } from '../lib/use-poll.ts';
import type { Alert } from '../lib/types.ts';
import { AlertRow } from './alert-row.tsx';
import { alertsParams, readAlertsState } from './alerts-state.ts';
import type { AlertsState } from './alerts-state.ts';
import { GroupHeader } from './group-header.tsx';

const REFRESH_MS = 15_000;

type Row = { kind: 'group'; key: string; group: ViewGroup } | { kind: 'alert'; key: string; group: ViewGroup; alert: Alert };

/** `#/alerts`: alert groups with filtering, regrouping, severity counts and auto-refresh. */
export function AlertsView({ params, filterRef }: { params: URLSearchParams; filterRef: Ref<HTMLInputElement> }) {
  const state = useMemo(() => readAlertsState(params), [params]);
  const [paused, setPaused] = useState(false);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const filterKey = state.matchers.map(formatMatcher).join(',');
  const groups = usePoll(
    () =>
      api.alertGroups({ filter: state.matchers.map(formatMatcher), receiver: state.receiver, silenced: state.silenced, inhibited: state.inhibited, muted: state.muted }),
    [filterKey, state.receiver, state.silenced, state.inhibited, state.muted],
    REFRESH_MS,
    paused,
  );
  const receivers = usePoll(() => api.receivers(), []);

  const update = useCallback((patch: Partial<AlertsState>) => navigate(['alerts'], alertsParams({ ...state, ...patch })), [state]);
  const addFilter = useCallback((m: Matcher) => update({ matchers: [...state.matchers.filter((x) => formatMatcher(x) !== formatMatcher(m)), m] }), [state, update]);

  const data = groups.data ?? [];
  const labels = useMemo(() => labelIndex(data), [data]);
  const byFingerprint = useMemo(() => new Map(data.flatMap((g) => g.alerts.map((a) => [a.fingerprint, a] as const))), [data]);
  const viewGroups = useMemo(() => {
    const keep = (a: Alert): boolean => state.unprocessed || a.status.state !== 'unprocessed';
    return state.groupBy.length > 0 ? groupByLabels(data, state.groupBy, keep) : dispatcherGroups(data, keep);
  }, [data, state.groupBy, state.unprocessed]);
  const severities = useMemo(() => severityCounts(viewGroups), [viewGroups]);
  const rows = useMemo(() => {
    const out: Row[] = [];
    for (const group of viewGroups) {
      out.push({ kind: 'group', key: `g:${group.key}`, group });
      if (!collapsed.has(group.key)) for (const alert of group.alerts) out.push({ kind: 'alert', key: `a:${group.key}:${alert.fingerprint}`, group, alert });
    }
    return out;
  }, [viewGroups, collapsed]);
  const total = severities.reduce((n, [, c]) => n + c, 0);

  const toggle = (set: ReadonlySet<string>, key: string): Set<string> => {
    const next = new Set(set);
    if (!next.delete(key)) next.add(key);
    return next;
  };

  return (
    <section aria-labelledby="alerts-title">
      <div class="toolbar">
        <h1 id="alerts-title">Alerts</h1>
        <FilterBar matchers={state.matchers} labels={labels} onChange={(matchers) => update({ matchers })} inputRef={filterRef} />
        {state.filterError && <p class="field-error" role="alert">{state.filterError}</p>}
        <div class="controls">
          <label>
            Receiver{' '}
            <select value={state.receiver} onChange={(e) => update({ receiver: e.currentTarget.value })}>
              <option value="">All</option>
              {(receivers.data ?? []).map((r) => (
                <option key={r.name} value={r.name}>
                  {r.name}
                </option>
              ))}
              {state.receiver !== '' && !(receivers.data ?? []).some((r) => r.name === state.receiver) && <option value={state.receiver}>{state.receiver}</option>}
            </select>
          </label>
          <GroupByInput value={state.groupBy} names={[...labels.keys()]} onChange={(groupBy) => update({ groupBy })} />
          <fieldset class="toggles">
            <legend class="sr-only">Show alerts that are</legend>
            {(['silenced', 'inhibited', 'muted', 'unprocessed'] as const).map((k) => (
              <label key={k} class="toggle">
                <input type="checkbox" checked={state[k]} onChange={(e) => update({ [k]: e.currentTarget.checked })} /> {k}
              </label>
            ))}
          </fieldset>
        </div>
        <div class="summary-line">
          <span class="total" aria-live="polite">
            {groups.data === undefined ? 'Loading…' : `${total} alert${total === 1 ? '' : 's'} in ${viewGroups.length} group${viewGroups.length === 1 ? '' : 's'}`}
          </span>
          {severities.map(([sev, n]) => (
            <button key={sev} type="button" class={`chip sev sev-${sev}`} title={`Filter on severity="${sev}"`} onClick={() => sev !== 'none' && addFilter({ name: 'severity', op: '=', value: sev })}>
              {sev} <b>{n}</b>
            </button>
          ))}
          <span class="refresh">
            {groups.error ? <span class="error">Refresh failed: {groups.error}</span> : groups.at !== undefined && <span class="muted">Updated {formatRelative(new Date(groups.at).toISOString())}</span>}
            <button type="button" class="btn btn-small btn-ghost" onClick={groups.reload} title="Refresh now">
              ↻ Refresh
            </button>
            <button type="button" class="btn btn-small btn-ghost" aria-pressed={paused} onClick={() => setPaused(!paused)}>
              {paused ? 'Resume auto-refresh' : 'Pause auto-refresh'}
            </button>
          </span>
        </div>
      </div>
      {groups.data === undefined && groups.error && <p class="error" role="alert">{groups.error}</p>}
      {groups.data !== undefined && rows.length === 0 && <p class="empty">No alerts match.</p>}
      <VirtualList
        items={rows}
        itemKey={(r) => r.key}
        estimate={(r) => (r.kind === 'group' ? 48 : 96)}
        render={(r) =>
          r.kind === 'group' ? (
            <GroupHeader group={r.group} collapsed={collapsed.has(r.group.key)} onToggle={() => setCollapsed(toggle(collapsed, r.group.key))} onFilter={addFilter} />
          ) : (
            <AlertRow alert={r.alert} groupLabels={r.group.labels} expanded={expanded.has(r.key)} onToggle={() => setExpanded(toggle(expanded, r.key))} onFilter={addFilter} lookup={(fp) => byFingerprint.get(fp)} />
          )
        }
      />
    </section>
  );
}

function GroupByInput({ value, names, onChange }: { value: string[]; names: string[]; onChange: (v: string[]) => void }) {
  const joined = value.join(',');
  const [text, setText] = useState(joined);
  useEffect(() => setText(joined), [joined]);
  const apply = (): void => onChange(text.split(',').map((s) => s.trim()).filter((s) => s !== ''));
  return (
    <label>
      Group by{' '}
      <input
        type="text"
        list="label-names"
        value={text}
        placeholder="dispatcher groups"
        size={16}
        onInput={(e) => setText(e.currentTarget.value)}
        onChange={apply}
        onKeyDown={(e) => e.key === 'Enter' && apply()}
      />
      <datalist id="label-names">
        {names.map((n) => (
          <option key={n} value={n} />
        ))}
      </datalist>
    </label>
  );
}
