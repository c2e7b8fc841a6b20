import type { Matcher } from '../lib/matchers.ts';

/** A `name="value"` pill; clicking it filters on that label when `onFilter` is given. */
export function LabelChip({ name, value, onFilter, accent }: { name: string; value: string; onFilter?: (m: Matcher) => void; accent?: boolean }) {
  const text = (
    <>
      <span class="chip-name">{name}</span>=<span class="chip-value">{value}</span>
    </>
  );
  const cls = `chip${accent ? ' chip-accent' : ''}${name === 'severity' ? ` sev-${value}` : ''}`;
  if (onFilter === undefined) return <span class={cls}>{text}</span>;
  return (
    <button type="button" class={cls} title={`Filter on ${name}="${value}"`} onClick={() => onFilter({ name, op: '=', value })}>
      {text}
    </button>
  );
}
