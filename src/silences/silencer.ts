import type { Clock } from '../common/clock.ts';
import type { LabelSet } from '../labels/label-set.ts';
import { silenceState } from './silence.ts';
import type { Silence } from './silence.ts';
import type { SilenceStore } from './silence-store.ts';
import { NO_STRINGS } from '../common/no-strings.ts';

interface CacheEntry {
  /** Store version the ids were computed at. */
  readonly version: number;
  /** Active and pending silences that matched; pending ones may become active later. */
  readonly ids: readonly string[];
}

export interface SilencerOptions {
  readonly clock: Clock;
  /**
   * When more silences than this were added since a fingerprint was last checked, ask the
   * matching index instead of testing each new silence. Defaults to 32.
   */
  readonly incrementalLimit?: number;
}


/**
 * Decides which silences mute an alert, caching per fingerprint the ids of the matching active
 * and pending silences together with the store version they were computed at, as
 * Alertmanager's `Silencer` does: while the version holds, an alert that matched nothing costs
 * one map lookup, and one that matched something only re-checks those silences' states. When
 * silences were added, only the new ones are tested (or the matching index is asked, when many).
 */
export class Silencer {
  readonly #store: SilenceStore;
  readonly #clock: Clock;
  readonly #incrementalLimit: number;
  readonly #cache = new Map<string, CacheEntry>();

  constructor(store: SilenceStore, options: SilencerOptions) {
    this.#store = store;
    this.#clock = options.clock;
    this.#incrementalLimit = options.incrementalLimit ?? 32;
  }

  /** Number of fingerprints cached. */
  get cacheSize(): number {
    return this.#cache.size;
  }

  /**
   * The ids, sorted, of the active silences that mute the alert with these labels and
   * fingerprint; empty when it is not silenced.
   */
  mutes(labels: LabelSet, fingerprint: string): readonly string[] {
    const version = this.#store.version();
    const cached = this.#cache.get(fingerprint);
    if (cached !== undefined && cached.version === version && cached.ids.length === 0) return NO_STRINGS;

    const now = this.#clock.now();
    const candidates =
      cached === undefined || version - cached.version > this.#incrementalLimit
        ? this.#store.query({ matches: labels })
        : this.#recheck(cached, version, labels);
    // Arrays only for what matched: most alerts match no silence.
    let ids: string[] | undefined;
    let active: string[] | undefined;
    for (const s of candidates) {
      const state = silenceState(s, now);
      if (state === 'expired') continue;
      (ids ??= []).push(s.id);
      if (state === 'active') (active ??= []).push(s.id);
    }
    this.#cache.set(fingerprint, { version, ids: ids ?? NO_STRINGS });
    return active?.sort() ?? NO_STRINGS;
  }

  // The cached silences that still match and, when silences were added since, the new ones that
  // match; one per id, expired ones included (the caller skips them). As in Alertmanager, each
  // of the two is one store query, so the store's query metrics count them.
  #recheck(cached: CacheEntry, version: number, labels: LabelSet): Iterable<Silence> {
    const matching = new Map<string, Silence>();
    const changed = cached.version !== version;
    if (cached.ids.length > 0) {
      // A version change may mean a cached silence's matchers changed, so re-match it then.
      for (const s of this.#store.query({ ids: cached.ids, matches: changed ? labels : undefined })) matching.set(s.id, s);
    }
    if (changed) {
      for (const s of this.#store.addedSince(cached.version)) {
        if (this.#store.matches(s.id, labels)) matching.set(s.id, s);
      }
    }
    return matching.values();
  }

  /**
   * Drops the entries of fingerprints `keep` rejects, returning how many. Alertmanager's `PostGC`
   * forgets only the alerts a collection removed, but aggregation groups and group listings
   * still ask about an alert after the store collected it (its resolved notification is flushed
   * later) and cache it again; sweeping against the store after each collection removes those too.
   */
  retain(keep: (fingerprint: string) => boolean): number {
    let removed = 0;
    for (const fingerprint of this.#cache.keys()) {
      if (keep(fingerprint)) continue;
      this.#cache.delete(fingerprint);
      removed++;
    }
    return removed;
  }
}
