import { useMemo, useState } from 'preact/hooks';
import { api } from '../lib/api.ts';
import { formatMatcher, fromApi } from '../lib/matchers.ts';
import { hrefFor, navigate } from '../lib/router.ts';
import { usePoll } from '../lib/use-poll.ts';
import type { Silence, SilenceState } from '../lib/types.ts';
import { SilenceActions } from './silence-actions.tsx';
import { SilenceSummary } from './silence-summary.tsx';

const TABS: readonly SilenceState[] = ['active', 'pending', 'expired'];

function searchText(s: Silence): string {
  return [s.id, s.createdBy, s.comment, ...s.matchers.map((m) => formatMatcher(fromApi(m)))].join('\n').toLowerCase();
}

/** `#/silences?state=active&q=...`: silences by state, searchable, with the alerts each one mutes. */
export function SilencesView({ params }: { params: URLSearchParams }) {
  const tab = (TABS.find((t) => t === params.get('state')) ?? 'active') as SilenceState;
  const [query, setQuery] = useState(params.get('q') ?? '');
  const silences = usePoll(() => api.silences(), [], 15_000);
  const alerts = usePoll(() => api.allAlerts(), [], 15_000);
  const muting = useMemo(() => {
    const counts = new Map<string, number>();
    for (const a of alerts.data ?? []) for (const id of a.status.silencedBy) counts.set(id, (counts.get(id) ?? 0) + 1);
    return counts;
  }, [alerts.data]);
  const byState = useMemo(() => {
    const out: Record<SilenceState, Silence[]> = { active: [], pending: [], expired: [] };
    const needle = query.trim().toLowerCase();
    for (const s of silences.data ?? []) if (needle === '' || searchText(s).includes(needle)) out[s.status.state].push(s);
    return out;
  }, [silences.data, query]);
  const reload = (): void => {
    silences.reload();
    alerts.reload();
  };

  return (
    <section aria-labelledby="silences-title">
      <div class="toolbar">
        <h1 id="silences-title">Silences</h1>
        <div class="controls">
          <input
            type="search"
            aria-label="Search silences by matcher, author, comment or ID"
            placeholder="Search matchers, author, comment, ID"
            value={query}
            onInput={(e) => setQuery(e.currentTarget.value)}
            onChange={() => navigate(['silences'], { state: tab, q: query }, true)}
          />
          <a class="btn btn-primary" href={hrefFor(['silences', 'new'])}>
            New silence
          </a>
        </div>
        <div class="tabs" role="tablist" aria-label="Silence state">
          {TABS.map((t) => (
            <a key={t} role="tab" aria-selected={t === tab} class={`tab${t === tab ? ' active' : ''}`} href={hrefFor(['silences'], { state: t, q: query })}>
              {t} <span class="count">{byState[t].length}</span>
            </a>
          ))}
        </div>
      </div>
      {silences.error && <p class="error" role="alert">{silences.error}</p>}
      {silences.data !== undefined && byState[tab].length === 0 && <p class="empty">No {tab} silences{query ? ' match' : ''}.</p>}
      <ul class="cards" role="tabpanel" aria-label={`${tab} silences`}>
        {byState[tab].map((s) => (
          <li key={s.id} class="card silence-card">
            <SilenceSummary silence={s} />
            <div class="card-foot">
              <a href={hrefFor(['silences', s.id])} class="mono">
                {s.id.slice(0, 8)}
              </a>
              {s.status.state === 'active' && <span class="muted">{muting.get(s.id) ?? 0} alerts silenced</span>}
              <SilenceActions silence={s} onChanged={reload} />
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
