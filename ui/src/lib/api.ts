import type { Alert, AlertGroup, AmStatus, PostableSilence, Receiver, Silence } from './types.ts';

/** A failed API call, with the server's message (Alertmanager answers errors as JSON strings or swagger objects). */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Relative to the page, so `--web.route-prefix` and `--web.external-url` paths just work. */
const BASE = 'api/v2/';

async function call<T>(path: string, init?: RequestInit): Promise<T> {
  const res = await fetch(BASE + path, { ...init, headers: { Accept: 'application/json', ...init?.headers } });
  const text = await res.text();
  if (!res.ok) throw new ApiError(res.status, errorText(text, res.statusText));
  return (text === '' ? undefined : JSON.parse(text)) as T;
}

function errorText(body: string, fallback: string): string {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed === 'string') return parsed;
    if (parsed !== null && typeof parsed === 'object' && 'message' in parsed) return String(parsed.message);
  } catch {
    // Not JSON: plain text.
  }
  return body.trim() || fallback;
}

export interface AlertQuery {
  filter: readonly string[];
  receiver?: string;
  silenced: boolean;
  inhibited: boolean;
  muted: boolean;
}

function query(q: AlertQuery, withMuted: boolean): string {
  const params = new URLSearchParams();
  for (const f of q.filter) params.append('filter', f);
  if (q.receiver) params.set('receiver', `^(?:${escapeRegex(q.receiver)})$`);
  params.set('silenced', String(q.silenced));
  params.set('inhibited', String(q.inhibited));
  if (withMuted) params.set('muted', String(q.muted));
  return params.toString();
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export const api = {
  alertGroups: (q: AlertQuery) => call<AlertGroup[]>(`alerts/groups?${query(q, true)}`),
  /** Every current alert, whatever its state (for silence previews and counts). */
  allAlerts: () => call<Alert[]>('alerts'),
  silences: () => call<Silence[]>('silences'),
  silence: (id: string) => call<Silence>(`silence/${encodeURIComponent(id)}`),
  postSilence: (s: PostableSilence) =>
    call<{ silenceID: string }>('silences', { method: 'POST', body: JSON.stringify(s), headers: { 'Content-Type': 'application/json' } }),
  expireSilence: (id: string) => call<void>(`silence/${encodeURIComponent(id)}`, { method: 'DELETE' }),
  receivers: () => call<Receiver[]>('receivers'),
  status: () => call<AmStatus>('status'),
};
