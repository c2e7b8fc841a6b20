import { LabelChip } from '../components/label-chip.tsx';
import { TimeAgo } from '../components/time-ago.tsx';
import type { Alert } from '../lib/types.ts';

const LIMIT = 100;

/** A compact, bounded list of alerts (silence previews and details). */
export function AlertList({ alerts }: { alerts: readonly Alert[] }) {
  if (alerts.length === 0) return <p class="empty">None.</p>;
  return (
    <>
      <ul class="compact-alerts">
        {alerts.slice(0, LIMIT).map((a) => (
          <li key={a.fingerprint}>
            <span class={`badge badge-${a.status.state}`}>{a.status.state}</span>
            <span class="chips">
              {Object.keys(a.labels)
                .sort((x, y) => Number(y === 'alertname') - Number(x === 'alertname') || x.localeCompare(y))
                .map((k) => (
                  <LabelChip key={k} name={k} value={a.labels[k] as string} />
                ))}
            </span>
            <TimeAgo iso={a.startsAt} withAbsolute={false} />
          </li>
        ))}
      </ul>
      {alerts.length > LIMIT && <p class="muted">…and {alerts.length - LIMIT} more.</p>}
    </>
  );
}
