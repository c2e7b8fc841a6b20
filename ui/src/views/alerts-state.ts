import { formatMatchers, parseMatchers } from '../lib/matchers.ts';
import type { Matcher } from '../lib/matchers.ts';

/** The alerts view's state, all of it held in the URL (`#/alerts?filter=...&receiver=...`). */
export interface AlertsState {
  matchers: Matcher[];
  /** A filter from the URL that did not parse. */
  filterError?: string;
  receiver: string;
  silenced: boolean;
  inhibited: boolean;
  muted: boolean;
  unprocessed: boolean;
  groupBy: string[];
}

export function readAlertsState(params: URLSearchParams): AlertsState {
  let matchers: Matcher[] = [];
  let filterError: string | undefined;
  const filter = params.get('filter') ?? '';
  try {
    matchers = filter === '' ? [] : parseMatchers(filter);
  } catch (err) {
    filterError = `The filter in the link is not valid: ${(err as Error).message}`;
  }
  return {
    matchers,
    filterError,
    receiver: params.get('receiver') ?? '',
    silenced: params.get('silenced') === 'true',
    inhibited: params.get('inhibited') === 'true',
    muted: params.get('muted') === 'true',
    unprocessed: params.get('unprocessed') !== 'false',
    groupBy: (params.get('groupBy') ?? '').split(',').map((s) => s.trim()).filter((s) => s !== ''),
  };
}

export function alertsParams(s: AlertsState): Record<string, string | undefined> {
  return {
    filter: s.matchers.length > 0 ? formatMatchers(s.matchers) : undefined,
    receiver: s.receiver || undefined,
    silenced: s.silenced ? 'true' : undefined,
    inhibited: s.inhibited ? 'true' : undefined,
    muted: s.muted ? 'true' : undefined,
    unprocessed: s.unprocessed ? undefined : 'false',
    groupBy: s.groupBy.length > 0 ? s.groupBy.join(',') : undefined,
  };
}
