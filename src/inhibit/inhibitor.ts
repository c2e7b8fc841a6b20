/**
 * The inhibitor (Alertmanager's `inhibit.Inhibitor`, 0.34 semantics): mutes alerts for which a
 * firing source alert of some inhibition rule exists with equal `equal` labels.
 */
import type { Alert } from '../alerts/alert.ts';
import type { AlertSubscription } from '../alerts/alert-fanout.ts';
import type { AlertStore } from '../alerts/alert-store.ts';
import type { Clock, TimerHandle } from '../common/clock.ts';
import type { InhibitRuleConfig } from '../config/types.ts';
import { followStore } from '../alerts/follow-store.ts';
import type { LabelSet } from '../labels/label-set.ts';
import { matchesLabels } from '../labels/matcher.ts';
import type { Muter } from '../notify/flush.ts';
import { InhibitRule } from './inhibit-rule.ts';
import { NO_STRINGS } from '../common/no-strings.ts';


/** Alertmanager collects resolved sources every 15 minutes. */
const GC_INTERVAL_MS = 15 * 60_000;

export interface InhibitorOptions {
  /** Only `subscribe` and `values` are used. */
  readonly store: Pick<AlertStore, 'subscribe' | 'values'>;
  readonly rules: readonly InhibitRuleConfig[];
  readonly clock: Clock;
  readonly gcInterval?: number;
}

/** Counts for metrics: `alertmanager_inhibition_rules` and per-rule cached sources. */
export interface InhibitorStats {
  readonly rules: number;
  readonly sources: readonly { readonly name: string; readonly count: number }[];
}

/**
 * Watches every stored alert, silenced ones included (they can still inhibit), and answers whether
 * a label set is inhibited. On reload stop it and start a new one over the same store.
 */
export class Inhibitor implements Muter {
  readonly #rules: readonly InhibitRule[];
  readonly #store: Pick<AlertStore, 'subscribe' | 'values'>;
  readonly #clock: Clock;
  readonly #gcInterval: number;
  #subscription: AlertSubscription | undefined;
  #gcTimer: TimerHandle | undefined;
  #loaded: Promise<void> = Promise.resolve();
  #stopped = false;

  constructor(options: InhibitorOptions) {
    this.#rules = options.rules.map((config) => new InhibitRule(config));
    this.#store = options.store;
    this.#clock = options.clock;
    this.#gcInterval = options.gcInterval ?? GC_INTERVAL_MS;
  }

  /** Loads the store's alerts into the rules' source caches, then follows new ones. */
  start(): void {
    if (this.#subscription !== undefined || this.#stopped) return;
    const followed = followStore(this.#store, (alert) => this.observe(alert), () => this.#stopped);
    this.#subscription = followed.subscription;
    this.#loaded = followed.loaded;
    this.#scheduleGc();
  }

  /** Resolves once the alerts stored at start are cached (Alertmanager's `WaitForLoading`). */
  loaded(): Promise<void> {
    return this.#loaded;
  }

  stop(): void {
    this.#stopped = true;
    this.#subscription?.unsubscribe();
    if (this.#gcTimer !== undefined) this.#clock.clearTimeout(this.#gcTimer);
  }

  /** Feeds one alert to every rule whose source side it matches (normally called by the store subscription). */
  observe(alert: Alert): void {
    for (const rule of this.#rules) rule.observe(alert);
  }

  /**
   * The fingerprint of the alert inhibiting `labels` now, as a one-element list, or empty. Rules
   * are tried in config order and the first whose target side matches and has a firing source wins.
   */
  mutes(labels: LabelSet, _fingerprint: string): readonly string[] {
    const now = this.#clock.now();
    for (const rule of this.#rules) {
      if (!matchesLabels(rule.targetMatchers, labels)) continue;
      const source = rule.findSource(labels, now);
      if (source !== undefined) return [source.fingerprint];
    }
    return NO_STRINGS;
  }

  /** Drops resolved sources from every rule; returns how many. */
  gc(): number {
    const now = this.#clock.now();
    let removed = 0;
    for (const rule of this.#rules) removed += rule.gc(now);
    return removed;
  }

  stats(): InhibitorStats {
    return { rules: this.#rules.length, sources: this.#rules.map((r) => ({ name: r.name, count: r.sourceCount })) };
  }

  #scheduleGc(): void {
    this.#gcTimer = this.#clock.setTimeout(() => {
      this.gc();
      this.#scheduleGc();
    }, this.#gcInterval);
  }
}
