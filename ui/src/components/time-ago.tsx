import { formatAbsolute, formatRelative } from '../lib/time.ts';

/** A timestamp shown as relative time with the absolute one next to it (and in the tooltip). */
export function TimeAgo({ iso, withAbsolute = true }: { iso: string; withAbsolute?: boolean }) {
  const abs = formatAbsolute(iso);
  return (
    <time dateTime={iso} title={abs} class="time">
      {formatRelative(iso)}
      {withAbsolute && <span class="muted"> · {abs}</span>}
    </time>
  );
}
