import { useMemo } from 'preact/hooks';
import { api } from '../lib/api.ts';
import { fromApi, matchesAll } from '../lib/matchers.ts';
import { formatAbsolute } from '../lib/time.ts';
import { usePoll } from '../lib/use-poll.ts';
import { AlertList } from './alert-list.tsx';
import { SilenceActions } from './silence-actions.tsx';
import { SilenceSummary } from './silence-summary.tsx';

/** `#/silences/<id>`: one silence (the target of notification links) and the alerts it mutes. */
export function SilenceDetail({ id }: { id: string }) {
  const silence = usePoll(() => api.silence(id), [id], 15_000);
  const alerts = usePoll(() => api.allAlerts(), [], 15_000);
  const s = silence.data;
  const affected = useMemo(() => {
    if (s === undefined) return [];
    if (s.status.state === 'active') return (alerts.data ?? []).filter((a) => a.status.silencedBy.includes(s.id));
    const ms = s.matchers.map(fromApi);
    return (alerts.data ?? []).filter((a) => matchesAll(ms, a.labels));
  }, [s, alerts.data]);
  return (
    <section aria-labelledby="silence-title">
      <h1 id="silence-title">
        Silence <span class="mono">{id}</span>
      </h1>
      {silence.error && <p class="error" role="alert">{silence.error}</p>}
      {s && (
        <>
          <div class="card">
            <SilenceSummary silence={s} />
            <p class="muted">
              Starts {formatAbsolute(s.startsAt)} · ends {formatAbsolute(s.endsAt)} · updated {formatAbsolute(s.updatedAt)} · by {s.createdBy}
            </p>
            <SilenceActions
              silence={s}
              onChanged={() => {
                silence.reload();
                alerts.reload();
              }}
            />
          </div>
          <h2>
            {s.status.state === 'active' ? 'Silenced alerts' : s.status.state === 'pending' ? 'Alerts it will silence' : 'Alerts its matchers select now'} ({affected.length})
          </h2>
          <AlertList alerts={affected} />
        </>
      )}
    </section>
  );
}
