import { randomUUID } from 'node:crypto';
import type { Clock } from '../common/clock.ts';
import type { LabelSet } from '../labels/label-set.ts';
import type { MatcherMode } from '../labels/parse.ts';
import { isUnsetTime } from '../alerts/timestamps.ts';
import { canUpdate } from './can-update.ts';
import { SilenceLimitError, SilenceNotFoundError, SilenceValidationError } from './errors.ts';
import { SilenceMatchIndex } from './match-index.ts';
import { sameMatchers, silenceState } from './silence.ts';
import type { Silence, SilenceInput, SilenceMatcher } from './silence.ts';
import type { SilenceMetrics } from './silence-metrics.ts';
import { silenceProtoSize } from './silence-size.ts';
import type { SilenceCounts, SilenceMaintenance, SilenceQuery, SilenceStore } from './silence-store.ts';
import { validateSilence } from './validate.ts';

/** Where a store makes its changes durable; see `openSilencePersistence` for the file-backed one. */
export interface SilencePersistence {
  /** Resolves once these new versions of silences are durable. */
  record(silences: readonly Silence[]): Promise<void>;
  /** Writes the full state (read when the write starts) and resolves with its size in bytes. */
  snapshot(all: () => readonly Silence[]): Promise<number>;
  close(): Promise<void>;
}

export interface SilenceStoreOptions {
  readonly clock: Clock;
  /** `--data.retention`: how long after `endsAt` a silence is kept (and shown as expired). */
  readonly retentionMs: number;
  /** Label-name rules for matcher validation. */
  readonly matcherMode: MatcherMode;
  /** `--silences.max-silences`: stored silences, expired ones included; 0 or absent = unlimited. */
  readonly maxSilences?: number;
  /** `--silences.max-silence-size-bytes` (see `silenceProtoSize`); 0 or absent = unlimited. */
  readonly maxSilenceSizeBytes?: number;
  /** Generates ids for new silences; UUIDv4 by default. */
  readonly newId?: () => string;
  /** Silences to start with, e.g. from a snapshot. */
  readonly initial?: readonly Silence[];
  readonly persistence?: SilencePersistence;
  readonly metrics?: SilenceMetrics;
}

interface VersionEntry {
  readonly version: number;
  readonly id: string;
}

/**
 * The silence store kept in memory, optionally made durable through a `SilencePersistence`.
 * Mutations are applied synchronously (so concurrent requests are serialised by the event loop)
 * and their promise resolves once persistence acknowledged them.
 */
export class MemorySilenceStore implements SilenceStore {
  readonly #clock: Clock;
  readonly #retentionMs: number;
  readonly #mode: MatcherMode;
  readonly #maxSilences: number;
  readonly #maxSize: number;
  readonly #newId: () => string;
  readonly #persistence: SilencePersistence | undefined;
  readonly #metrics: SilenceMetrics | undefined;
  readonly #silences = new Map<string, Silence>();
  readonly #index = new SilenceMatchIndex();
  #version = 0;
  #versionLog: VersionEntry[] = [];

  constructor(options: SilenceStoreOptions) {
    this.#clock = options.clock;
    this.#retentionMs = options.retentionMs;
    this.#mode = options.matcherMode;
    this.#maxSilences = options.maxSilences ?? 0;
    this.#maxSize = options.maxSilenceSizeBytes ?? 0;
    this.#newId = options.newId ?? randomUUID;
    this.#persistence = options.persistence;
    this.#metrics = options.metrics;
    for (const silence of options.initial ?? []) this.#put(silence, 'load_snapshot');
    this.#updateSizeMetrics();
  }

  get size(): number {
    return this.#silences.size;
  }

  /** Sizes of the internal indexes, for `alertmanager_silences_*_index_size`-style metrics. */
  get indexStats(): { readonly matcherIndex: number; readonly unanchored: number; readonly versionIndex: number } {
    return {
      matcherIndex: this.#index.size,
      unanchored: this.#index.unanchoredCount,
      versionIndex: this.#versionLog.length,
    };
  }

  get(id: string): Silence | undefined {
    return this.#silences.get(id);
  }

  query(query: SilenceQuery = {}): Silence[] {
    const startedAt = performance.now();
    const now = this.#clock.now();
    const states = query.states;
    const keep = (s: Silence): boolean => states === undefined || states.includes(silenceState(s, now));
    const out: Silence[] = [];
    let scanned = 0;
    if (query.ids !== undefined) {
      for (const id of query.ids) {
        const s = this.#silences.get(id);
        if (s === undefined) continue;
        scanned++;
        if (!keep(s)) continue;
        if (query.matches !== undefined && !this.#index.matches(id, query.matches)) continue;
        out.push(s);
      }
    } else if (query.matches !== undefined) {
      scanned = this.#index.forEachMatch(query.matches, (s) => {
        if (keep(s)) out.push(s);
      });
    } else {
      scanned = this.#silences.size;
      for (const s of this.#silences.values()) if (keep(s)) out.push(s);
    }
    this.#metrics?.query(startedAt, scanned);
    return out;
  }

  matches(id: string, labels: LabelSet): boolean {
    return this.#index.matches(id, labels);
  }

  version(): number {
    return this.#version;
  }

  addedSince(version: number): Silence[] {
    const startedAt = performance.now();
    const log = this.#versionLog;
    let lo = 0;
    let hi = log.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((log[mid] as VersionEntry).version <= version) lo = mid + 1;
      else hi = mid;
    }
    const seen = new Set<string>();
    const out: Silence[] = [];
    for (let i = lo; i < log.length; i++) {
      const id = (log[i] as VersionEntry).id;
      const silence = this.#silences.get(id);
      if (silence === undefined || seen.has(id)) continue;
      seen.add(id);
      out.push(silence);
    }
    this.#metrics?.query(startedAt, log.length - lo, lo);
    return out;
  }

  countByState(): SilenceCounts {
    const now = this.#clock.now();
    const counts: SilenceCounts = { active: 0, pending: 0, expired: 0 };
    for (const s of this.#silences.values()) counts[silenceState(s, now)]++;
    return counts;
  }

  async set(input: SilenceInput): Promise<string> {
    const changes = this.#applySet(input);
    await this.#record(changes);
    return (changes[changes.length - 1] as Change).silence.id;
  }

  async expire(id: string): Promise<void> {
    const prev = this.#silences.get(id);
    if (prev === undefined) throw new SilenceNotFoundError(id);
    const now = this.#clock.now();
    if (silenceState(prev, now) === 'expired') return;
    const expired = this.#expired(prev, now);
    this.#put(expired);
    await this.#record([{ silence: expired, replaced: prev }]);
  }

  async merge(silences: readonly Silence[]): Promise<Silence[]> {
    const now = this.#clock.now();
    const changes: Change[] = [];
    for (const s of silences) {
      if (s.expiresAt < now) continue;
      const prev = this.#silences.get(s.id);
      if (prev !== undefined && prev.updatedAt >= s.updatedAt) continue;
      this.#put(s);
      changes.push({ silence: s, replaced: prev });
    }
    if (changes.length > 0) await this.#record(changes);
    return changes.map((change) => change.silence);
  }

  async maintenance(): Promise<SilenceMaintenance> {
    const metrics = this.#metrics;
    metrics?.maintenanceTotal.inc();
    try {
      const removed = this.#collectGarbage();
      const snapshotBytes = await this.#snapshot();
      metrics?.snapshotSize.set(snapshotBytes);
      return { removed, snapshotBytes };
    } catch (error) {
      metrics?.maintenanceErrorsTotal.inc();
      throw error;
    }
  }

  async close(): Promise<void> {
    if (this.#persistence === undefined) return;
    await this.#snapshot();
    await this.#persistence.close();
  }

  /**
   * Applies a create/update synchronously and returns the silences written, the resulting one
   * last, each with the version it replaced (none for a new one).
   */
  #applySet(input: SilenceInput): Change[] {
    const now = this.#clock.now();
    const id = input.id ?? '';
    const matchers = input.matchers.map(copyMatcher);
    const startsAt = isUnsetTime(input.startsAt) ? now : input.startsAt;
    // 0.34 validates before looking the id up: an invalid silence with an unknown id is a 400, not a 404.
    const reason = validateSilence({ matchers, startsAt, endsAt: input.endsAt }, this.#mode);
    if (reason !== undefined) throw new SilenceValidationError(reason);
    const prev = id === '' ? undefined : this.#silences.get(id);
    if (id !== '' && prev === undefined) throw new SilenceNotFoundError(id);
    const fields = { matchers, endsAt: input.endsAt, createdBy: input.createdBy, comment: input.comment };

    if (prev !== undefined && canUpdate(prev, { matchers, startsAt, endsAt: input.endsAt }, now)) {
      const updated = this.#build({ ...fields, id: prev.id, startsAt, updatedAt: now });
      this.#checkSize(updated);
      this.#put(updated);
      return [{ silence: updated, replaced: prev }];
    }

    if (this.#maxSilences > 0 && this.#silences.size + 1 > this.#maxSilences) {
      throw new SilenceLimitError(
        `exceeded maximum number of silences: ${this.#silences.size} (limit: ${this.#maxSilences})`,
      );
    }
    const created = this.#build({ ...fields, id: this.#newId(), startsAt: Math.max(startsAt, now), updatedAt: now });
    this.#checkSize(created);
    const changes: Change[] = [];
    // The old silence is kept, expired, so history shows what was silenced before the change.
    if (prev !== undefined && silenceState(prev, now) !== 'expired') {
      const expired = this.#expired(prev, now);
      this.#put(expired);
      changes.push({ silence: expired, replaced: prev });
    }
    this.#put(created);
    changes.push({ silence: created, replaced: undefined });
    return changes;
  }

  #build(fields: Omit<Silence, 'expiresAt'>): Silence {
    return { ...fields, expiresAt: fields.endsAt + this.#retentionMs };
  }

  #expired(prev: Silence, now: number): Silence {
    const startsAt = silenceState(prev, now) === 'pending' ? now : prev.startsAt;
    return this.#build({ ...prev, startsAt, endsAt: now, updatedAt: now });
  }

  #checkSize(silence: Silence): void {
    if (this.#maxSize <= 0) return;
    const size = silenceProtoSize(silence);
    if (size > this.#maxSize) {
      throw new SilenceLimitError(`silence exceeded maximum size: ${size} bytes (limit: ${this.#maxSize} bytes)`);
    }
  }

  /** Stores a silence; `stage` names where it came from when its matchers fail to compile. */
  #put(silence: Silence, stage: 'index' | 'load_snapshot' = 'index'): void {
    const prev = this.#silences.get(silence.id);
    this.#silences.set(silence.id, silence);
    if (prev !== undefined && sameMatchers(prev.matchers, silence.matchers)) {
      this.#index.refresh(silence);
      return;
    }
    if (!this.#index.add(silence)) this.#metrics?.matcherCompileErrorsTotal.labels(stage).inc();
    this.#version++;
    this.#versionLog.push({ version: this.#version, id: silence.id });
    if (stage === 'index') this.#updateSizeMetrics();
  }

  #updateSizeMetrics(): void {
    const metrics = this.#metrics;
    if (metrics === undefined) return;
    metrics.stateSize.set(this.#silences.size);
    metrics.matcherIndexSize.set(this.#index.size);
    metrics.versionIndexSize.set(this.#versionLog.length);
  }

  /** Writes a snapshot when persistent; resolves with its size in bytes. */
  async #snapshot(): Promise<number> {
    if (this.#persistence === undefined) return 0;
    const startedAt = performance.now();
    try {
      return await this.#persistence.snapshot(() => this.#all());
    } finally {
      this.#metrics?.snapshotDuration.observe((performance.now() - startedAt) / 1000);
    }
  }

  #collectGarbage(): string[] {
    const startedAt = performance.now();
    const now = this.#clock.now();
    const removed: string[] = [];
    for (const [id, s] of this.#silences) if (s.expiresAt <= now) removed.push(id);
    this.#remove(removed);
    this.#metrics?.gcDuration.observe((performance.now() - startedAt) / 1000);
    return removed;
  }

  #all(): Silence[] {
    return [...this.#silences.values()];
  }

  /**
   * Persists changes already applied. When that fails, the change is taken back, so that a
   * silence whose creation answered an error does not mute anything (a client would retry and
   * add a second one): each changed silence still as this change left it gets the version it
   * replaced back, or is removed when it is new.
   */
  async #record(changes: readonly Change[]): Promise<void> {
    if (this.#persistence === undefined) return;
    try {
      await this.#persistence.record(changes.map((change) => change.silence));
    } catch (error) {
      for (let i = changes.length - 1; i >= 0; i--) {
        const { silence, replaced } = changes[i] as Change;
        if (this.#silences.get(silence.id) !== silence) continue;
        if (replaced !== undefined) this.#put(replaced);
        else this.#remove([silence.id]);
      }
      throw error;
    }
  }

  /** Forgets these silences: the store, the matcher index and the version log. */
  #remove(ids: readonly string[]): void {
    for (const id of ids) {
      this.#silences.delete(id);
      this.#index.remove(id);
    }
    if (ids.length > 0) this.#versionLog = this.#versionLog.filter((e) => this.#silences.has(e.id));
    this.#updateSizeMetrics();
  }
}

/** A silence a change wrote, with the version it replaced (none for a new one). */
interface Change {
  readonly silence: Silence;
  readonly replaced: Silence | undefined;
}

function copyMatcher(m: SilenceMatcher): SilenceMatcher {
  return { name: m.name, value: m.value, isRegex: m.isRegex, isEqual: m.isEqual };
}
