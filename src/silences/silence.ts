/** A silence matcher as API v2 shows it: `isEqual` false negates, `isRegex` true makes `value` an RE2 pattern. */
export interface SilenceMatcher {
  readonly name: string;
  readonly value: string;
  readonly isRegex: boolean;
  readonly isEqual: boolean;
}

/**
 * A stored silence. Times are epoch milliseconds. `expiresAt` (endsAt + retention) is when the
 * silence is garbage collected, as in Alertmanager's `MeshSilence`.
 */
export interface Silence {
  readonly id: string;
  readonly matchers: readonly SilenceMatcher[];
  readonly startsAt: number;
  readonly endsAt: number;
  readonly updatedAt: number;
  readonly createdBy: string;
  readonly comment: string;
  readonly expiresAt: number;
}

/** What a caller hands to `SilenceStore.set`: an empty or missing `id` creates, a known `id` updates. */
export interface SilenceInput {
  readonly id?: string | undefined;
  readonly matchers: readonly SilenceMatcher[];
  /** Missing or 0 means "now". */
  readonly startsAt?: number | undefined;
  readonly endsAt: number;
  readonly createdBy: string;
  readonly comment: string;
}

export type SilenceState = 'pending' | 'active' | 'expired';

/**
 * The state Alertmanager's `getState` computes for matching and updates: pending before
 * `startsAt`, expired strictly after `endsAt`, active in between (both ends inclusive).
 */
export function silenceState(silence: Pick<Silence, 'startsAt' | 'endsAt'>, now: number): SilenceState {
  if (now < silence.startsAt) return 'pending';
  if (now > silence.endsAt) return 'expired';
  return 'active';
}

/**
 * The state the API reports (`types.CalcSilenceState` / `CurrentState`): like `silenceState`
 * except that `now == endsAt` already counts as expired.
 */
export function currentSilenceState(silence: Pick<Silence, 'startsAt' | 'endsAt'>, now: number): SilenceState {
  if (now < silence.startsAt) return 'pending';
  if (now < silence.endsAt) return 'active';
  return 'expired';
}

/** True when both lists hold the same matchers in the same order (Alertmanager compares them deeply). */
export function sameMatchers(a: readonly SilenceMatcher[], b: readonly SilenceMatcher[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as SilenceMatcher;
    const y = b[i] as SilenceMatcher;
    if (x.name !== y.name || x.value !== y.value || x.isRegex !== y.isRegex || x.isEqual !== y.isEqual) return false;
  }
  return true;
}

/** The matcher operator a silence matcher stands for. */
export function matcherOperator(m: SilenceMatcher): '=' | '!=' | '=~' | '!~' {
  if (m.isRegex) return m.isEqual ? '=~' : '!~';
  return m.isEqual ? '=' : '!=';
}
