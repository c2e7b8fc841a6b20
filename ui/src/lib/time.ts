const UNITS: readonly [string, number][] = [
  ['y', 365 * 86_400_000],
  ['w', 7 * 86_400_000],
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1000],
];

/** Prometheus duration syntax (`1d2h30m`) in milliseconds, or undefined when it is not one. */
export function parseDuration(s: string): number | undefined {
  const text = s.trim();
  if (!/^(\d+(y|w|d|h|ms|m|s))+$/.test(text)) return undefined;
  let total = 0;
  for (const [, n, unit] of text.matchAll(/(\d+)(y|w|d|h|ms|m|s)/g)) {
    total += Number(n) * (unit === 'ms' ? 1 : (UNITS.find(([u]) => u === unit)?.[1] ?? 0));
  }
  return total;
}

/** Milliseconds as `2d3h15m` (Prometheus syntax), in at most `units` units. */
export function formatDuration(ms: number, units = 3): string {
  let rest = Math.max(0, Math.round(ms / 1000) * 1000);
  if (rest === 0) return '0s';
  const parts: string[] = [];
  for (const [unit, size] of UNITS.slice(2)) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
    if (parts.length === units) break;
  }
  return parts.join('');
}

/** `5m ago`, `in 2h`. */
export function formatRelative(iso: string, now = Date.now()): string {
  const delta = new Date(iso).getTime() - now;
  const text = formatDuration(Math.abs(delta), 2);
  if (Math.abs(delta) < 1000) return 'just now';
  return delta < 0 ? `${text} ago` : `in ${text}`;
}

/** Local date and time, to the second, e.g. `2026-11-21 03:04:05`. */
export function formatAbsolute(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** The value for `<input type="datetime-local">` in local time. */
export function toLocalInput(ms: number): string {
  return formatAbsolute(new Date(ms).toISOString()).replace(' ', 'T').slice(0, 16);
}

export function fromLocalInput(value: string): number | undefined {
  const ms = new Date(value).getTime();
  return Number.isNaN(ms) ? undefined : ms;
}
