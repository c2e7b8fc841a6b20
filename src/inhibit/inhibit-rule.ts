/**
 * One inhibition rule (Alertmanager's `inhibit.InhibitRule`): its matchers, the source alerts it
 * has seen, and an index of those sources by their `equal` label values.
 */
import { isResolved } from '../alerts/alert.ts';
import type { Alert } from '../alerts/alert.ts';
import { isUnsetTime } from '../alerts/timestamps.ts';
import type { InhibitRuleConfig } from '../config/types.ts';
import type { LabelSet } from '../labels/label-set.ts';
import type { Matcher } from '../labels/matcher.ts';
import { matchesLabels } from '../labels/matcher.ts';
import { withLegacyMatchers } from '../dispatch/legacy-matchers.ts';

/** Sources sharing the same `equal` label values. */
interface Bucket {
  readonly members: Set<string>;
  /** The member with the latest endsAt, unless `stale`. */
  best: string | undefined;
  /** The best member's endsAt went down (or it was collected): rescan before trusting `best`. */
  stale: boolean;
}

/** A rule compiled from `inhibit_rules`, holding the source alerts it has seen. */
export class InhibitRule {
  readonly name: string;
  readonly sourceMatchers: readonly Matcher[];
  readonly targetMatchers: readonly Matcher[];
  /** `equal` label names; a missing label counts as the empty string on both sides. */
  readonly equal: readonly string[];
  readonly #sources = new Map<string, Alert>();
  readonly #index = new Map<string, Bucket>();

  constructor(config: InhibitRuleConfig) {
    this.name = config.name;
    this.sourceMatchers = withLegacyMatchers(config.source_match, config.source_match_re, config.source_matchers);
    this.targetMatchers = withLegacyMatchers(config.target_match, config.target_match_re, config.target_matchers);
    this.equal = [...new Set(config.equal ?? [])];
  }

  /** Source alerts cached, for a gauge. */
  get sourceCount(): number {
    return this.#sources.size;
  }

  /** Caches the alert if it matches the source side. */
  observe(alert: Alert): void {
    if (!matchesLabels(this.sourceMatchers, alert.labels)) return;
    const fp = alert.fingerprint;
    const key = this.#equalKey(alert.labels);
    let bucket = this.#index.get(key);
    if (bucket === undefined) {
      bucket = { members: new Set(), best: undefined, stale: false };
      this.#index.set(key, bucket);
    }
    const best = bucket.best === undefined ? undefined : this.#sources.get(bucket.best);
    if (best === undefined) {
      bucket.best = fp;
    } else if (bucket.best === fp) {
      if (endOf(alert) < endOf(best)) bucket.stale = true;
    } else if (endOf(alert) >= endOf(best)) {
      bucket.best = fp;
    }
    bucket.members.add(fp);
    this.#sources.set(fp, alert);
  }

  /**
   * The source alert inhibiting `labels` at `now` under this rule: the source with the latest
   * endsAt among those with the same `equal` values, if it is firing. When `labels` also match the
   * source side, a source that also matches the target side is disregarded (no self-inhibition).
   */
  findSource(labels: LabelSet, now: number): Alert | undefined {
    const bucket = this.#index.get(this.#equalKey(labels));
    if (bucket === undefined) return undefined;
    let source = bucket.best === undefined ? undefined : this.#sources.get(bucket.best);
    if ((source === undefined || isResolved(source, now)) && bucket.stale) source = this.#rescan(bucket);
    if (source === undefined || isResolved(source, now)) return undefined;
    if (matchesLabels(this.sourceMatchers, labels) && matchesLabels(this.targetMatchers, source.labels)) return undefined;
    return source;
  }

  /** Drops sources resolved at `now`; returns how many. */
  gc(now: number): number {
    let removed = 0;
    for (const [fp, alert] of this.#sources) {
      if (!isResolved(alert, now)) continue;
      this.#sources.delete(fp);
      removed++;
      const key = this.#equalKey(alert.labels);
      const bucket = this.#index.get(key) as Bucket;
      bucket.members.delete(fp);
      if (bucket.members.size === 0) this.#index.delete(key);
      else if (bucket.best === fp) {
        bucket.best = undefined;
        bucket.stale = true;
      }
    }
    return removed;
  }

  #rescan(bucket: Bucket): Alert | undefined {
    let best: Alert | undefined;
    for (const fp of bucket.members) {
      const alert = this.#sources.get(fp) as Alert;
      if (best === undefined || endOf(alert) > endOf(best)) best = alert;
    }
    bucket.best = best?.fingerprint;
    bucket.stale = false;
    return best;
  }

  // Any injective encoding of the values works; missing and empty are the same value.
  #equalKey(labels: LabelSet): string {
    if (this.equal.length === 0) return '';
    if (this.equal.length === 1) return labelValue(labels, this.equal[0] as string);
    return JSON.stringify(this.equal.map((name) => labelValue(labels, name)));
  }
}

function labelValue(labels: LabelSet, name: string): string {
  return Object.hasOwn(labels, name) ? (labels[name] as string) : '';
}

// An unset endsAt never resolves, so it sorts after every set one.
function endOf(alert: Alert): number {
  return isUnsetTime(alert.endsAt) ? Infinity : alert.endsAt;
}
