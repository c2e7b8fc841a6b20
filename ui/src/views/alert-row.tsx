import { LabelChip } from '../components/label-chip.tsx';
import { LinkedText } from '../components/linked-text.tsx';
import { TimeAgo } from '../components/time-ago.tsx';
import { formatMatchers, matchersFor } from '../lib/matchers.ts';
import type { Matcher } from '../lib/matchers.ts';
import { hrefFor } from '../lib/router.ts';
import type { Alert, LabelSet } from '../lib/types.ts';

interface Props {
  alert: Alert;
  /** Labels already shown by the group header, left out here. */
  groupLabels: LabelSet;
  expanded: boolean;
  onToggle: () => void;
  onFilter: (m: Matcher) => void;
  /** A loaded alert by fingerprint, to name the alerts that inhibit this one. */
  lookup: (fingerprint: string) => Alert | undefined;
}

const SUMMARY_KEYS = ['summary', 'description', 'message'];

/** One alert: state, name, labels, start time, suppression reasons; details on demand. */
export function AlertRow({ alert, groupLabels, expanded, onToggle, onFilter, lookup }: Props) {
  const { labels, annotations, status } = alert;
  const summaryKey = SUMMARY_KEYS.find((k) => annotations[k] !== undefined);
  const otherLabels = Object.keys(labels)
    .filter((k) => k !== 'alertname' && groupLabels[k] === undefined)
    .sort();
  const muted = status.mutedBy ?? [];
  return (
    <article class={`alert-row state-${status.state}`} aria-label={`Alert ${labels.alertname ?? alert.fingerprint}`}>
      <div class="alert-main">
        <span class={`badge badge-${status.state}`}>{status.state}</span>
        <strong class="alert-name">{labels.alertname ?? '(no alertname)'}</strong>
        <span class="chips">
          {otherLabels.map((k) => (
            <LabelChip key={k} name={k} value={labels[k] as string} onFilter={onFilter} />
          ))}
        </span>
      </div>
      {summaryKey !== undefined && (
        <p class="alert-summary">
          <LinkedText text={annotations[summaryKey] as string} />
        </p>
      )}
      <div class="alert-meta">
        <span>
          Started <TimeAgo iso={alert.startsAt} />
        </span>
        {status.silencedBy.length > 0 && (
          <span class="why">
            Silenced by{' '}
            {status.silencedBy.map((id) => (
              <a key={id} href={hrefFor(['silences', id])} class="mono">
                {id.slice(0, 8)}
              </a>
            ))}
          </span>
        )}
        {status.inhibitedBy.length > 0 && (
          <span class="why">
            Inhibited by{' '}
            {status.inhibitedBy.map((fp) => {
              const source = lookup(fp);
              return (
                <code key={fp} title={`Fingerprint ${fp}`}>
                  {source === undefined ? fp : formatMatchers(matchersFor(source.labels))}
                </code>
              );
            })}
          </span>
        )}
        {muted.length > 0 && <span class="why">Muted by time interval {muted.join(', ')}</span>}
        <span class="row-actions">
          <a class="btn btn-small" href={hrefFor(['silences', 'new'], { filter: formatMatchers(matchersFor(labels)) })}>
            Silence
          </a>
          <button type="button" class="btn btn-small btn-ghost" aria-expanded={expanded} onClick={onToggle}>
            {expanded ? 'Less' : 'Details'}
          </button>
        </span>
      </div>
      {expanded && <AlertDetails alert={alert} />}
    </article>
  );
}

function AlertDetails({ alert }: { alert: Alert }) {
  return (
    <dl class="details">
      {Object.keys(alert.annotations)
        .sort()
        .map((k) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd class="pre">
              <LinkedText text={alert.annotations[k] as string} />
            </dd>
          </div>
        ))}
      <div>
        <dt>Receivers</dt>
        <dd>{alert.receivers.map((r) => r.name).join(', ')}</dd>
      </div>
      <div>
        <dt>Labels</dt>
        <dd class="mono">{formatMatchers(matchersFor(alert.labels))}</dd>
      </div>
      {alert.generatorURL && /^https?:/i.test(alert.generatorURL) && (
        <div>
          <dt>Source</dt>
          <dd>
            <a href={alert.generatorURL} target="_blank" rel="noopener noreferrer">
              {alert.generatorURL}
            </a>
          </dd>
        </div>
      )}
      <div>
        <dt>Fingerprint</dt>
        <dd class="mono">{alert.fingerprint}</dd>
      </div>
      <div>
        <dt>Updated</dt>
        <dd>
          <TimeAgo iso={alert.updatedAt} />
        </dd>
      </div>
    </dl>
  );
}
