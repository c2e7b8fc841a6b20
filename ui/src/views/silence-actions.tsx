import { useState } from 'preact/hooks';
import { api } from '../lib/api.ts';
import { hrefFor } from '../lib/router.ts';
import type { Silence } from '../lib/types.ts';

/** Edit, recreate and expire (with a confirming second click) for one silence. */
export function SilenceActions({ silence, onChanged }: { silence: Silence; onChanged: () => void }) {
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string>();
  const expired = silence.status.state === 'expired';
  const expire = (): void => {
    api.expireSilence(silence.id).then(
      () => {
        setConfirming(false);
        onChanged();
      },
      (err: Error) => setError(err.message),
    );
  };
  return (
    <div class="row-actions">
      {!expired && (
        <a class="btn btn-small" href={hrefFor(['silences', silence.id, 'edit'])}>
          Edit
        </a>
      )}
      <a class="btn btn-small" href={hrefFor(['silences', 'new'], { from: silence.id })} title="A new silence with the same matchers and comment">
        Recreate
      </a>
      {!expired &&
        (confirming ? (
          <>
            <button type="button" class="btn btn-small btn-danger" onClick={expire}>
              Confirm expire
            </button>
            <button type="button" class="btn btn-small btn-ghost" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </>
        ) : (
          <button type="button" class="btn btn-small btn-danger-ghost" onClick={() => setConfirming(true)}>
            Expire
          </button>
        ))}
      {error && (
        <span class="error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
