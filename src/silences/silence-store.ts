import type { LabelSet } from '../labels/label-set.ts';
import type { Silence, SilenceInput, SilenceState } from './silence.ts';

/** Selects silences; every given criterion must hold. */
export interface SilenceQuery {
  readonly ids?: readonly string[];
  /** States as `silenceState` computes them at the store's now. */
  readonly states?: readonly SilenceState[];
  /** Only silences whose matchers match this label set. */
  readonly matches?: LabelSet;
}

export type SilenceCounts = Record<SilenceState, number>;

/** What one maintenance run did. */
export interface SilenceMaintenance {
  /** Ids of silences removed because `expiresAt` passed. */
  readonly removed: readonly string[];
  /** Bytes of the snapshot written, or 0 when the store has no persistence. */
  readonly snapshotBytes: number;
}

/**
 * Silences: create/update/expire with Alertmanager's rules, retention GC and queries.
 *
 * Reads are synchronous because every implementation keeps a full local replica in memory (the
 * matching index must be local to be fast); writes are asynchronous and resolve only once the
 * change is durable (fsynced journal, or the replication backend), so an acknowledged write
 * survives a crash. All times come from the store's injected clock.
 */
export interface SilenceStore {
  /** The silence with this id, or undefined. */
  get(id: string): Silence | undefined;
  /** Silences selected by `query` (all when omitted), in no particular order. */
  query(query?: SilenceQuery): Silence[];
  /** Whether the silence `id` exists and its matchers match `labels`. */
  matches(id: string, labels: LabelSet): boolean;
  /**
   * Increases whenever a silence is added or its matchers change; in-place updates of times or
   * comments keep it. Caches of "which silences match this label set" stay valid while it holds.
   */
  version(): number;
  /** Silences added (or whose matchers changed) after `version`, for incremental cache updates. */
  addedSince(version: number): Silence[];
  /** Number of stored silences, expired ones not yet collected included. */
  readonly size: number;
  /** Silences per state at the store's now. */
  countByState(): SilenceCounts;

  /**
   * Creates or updates a silence as Alertmanager's `Silences.Set` does and resolves with the id
   * that now holds it (a new one when the change could not be made in place). Rejects with
   * `SilenceNotFoundError`, `SilenceValidationError` or `SilenceLimitError`.
   */
  set(input: SilenceInput): Promise<string>;
  /** Expires the silence now (no-op when already expired); rejects with `SilenceNotFoundError`. */
  expire(id: string): Promise<void>;
  /**
   * Merges silences from a peer or replication stream: the newer `updatedAt` wins, silences whose
   * `expiresAt` already passed are ignored. Resolves with the silences that changed.
   */
  merge(silences: readonly Silence[]): Promise<Silence[]>;
  /** Removes silences whose `expiresAt` has passed and writes a snapshot when persistent. */
  maintenance(): Promise<SilenceMaintenance>;
  /** Writes a final snapshot (when persistent) and releases files. */
  close(): Promise<void>;
}
