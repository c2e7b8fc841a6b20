import { TimeAgo } from '../components/time-ago.tsx';
import { LinkedText } from '../components/linked-text.tsx';
import { formatMatcher, fromApi } from '../lib/matchers.ts';
import type { Silence } from '../lib/types.ts';

/** A silence's matchers, time window, author and comment. */
export function SilenceSummary({ silence }: { silence: Silence }) {
  const { state } = silence.status;
  return (
    <>
      <div class="chips">
        <span class={`badge badge-silence-${state}`}>{state}</span>
        {silence.matchers.map((m) => (
          <span key={formatMatcher(fromApi(m))} class="chip mono">
            {formatMatcher(fromApi(m))}
          </span>
        ))}
      </div>
      <p class="silence-when">
        {state === 'pending' && (
          <>
            Starts <TimeAgo iso={silence.startsAt} />,{' '}
          </>
        )}
        {state === 'expired' ? 'Expired' : 'Ends'} <TimeAgo iso={silence.endsAt} />
      </p>
      <p class="silence-comment">
        <strong>{silence.createdBy}</strong>: <LinkedText text={silence.comment} />
      </p>
    </>
  );
}
