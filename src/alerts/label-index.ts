import type { Matcher } from '../labels/matcher.ts';
import type { Alert } from './alert.ts';

const EMPTY: ReadonlySet<string> = new Set();

/** Fingerprints by `name=value` for a fixed set of label names, to narrow `select` without a scan. */
export class LabelIndex {
  readonly #names: ReadonlySet<string>;
  readonly #postings = new Map<string, Map<string, Set<string>>>();

  constructor(names: readonly string[]) {
    this.#names = new Set(names);
    for (const name of names) this.#postings.set(name, new Map());
  }

  add(alert: Alert): void {
    for (const name of this.#names) {
      if (!Object.hasOwn(alert.labels, name)) continue;
      const byValue = this.#postings.get(name) as Map<string, Set<string>>;
      const value = alert.labels[name] as string;
      let set = byValue.get(value);
      if (set === undefined) {
        set = new Set();
        byValue.set(value, set);
      }
      set.add(alert.fingerprint);
    }
  }

  remove(alert: Alert): void {
    for (const name of this.#names) {
      if (!Object.hasOwn(alert.labels, name)) continue;
      const byValue = this.#postings.get(name) as Map<string, Set<string>>;
      const value = alert.labels[name] as string;
      const set = byValue.get(value);
      if (set === undefined) continue;
      set.delete(alert.fingerprint);
      if (set.size === 0) byValue.delete(value);
    }
  }

  /**
   * The smallest fingerprint set that every alert matching `matchers` belongs to, taken from the
   * equality matchers on indexed names with a non-empty value (an empty one also matches alerts
   * lacking the label); undefined when no matcher can narrow the search.
   */
  candidates(matchers: readonly Matcher[]): ReadonlySet<string> | undefined {
    let best: ReadonlySet<string> | undefined;
    for (const m of matchers) {
      if (m.type !== '=' || m.value === '' || !this.#names.has(m.name)) continue;
      const set = this.#postings.get(m.name)?.get(m.value) ?? EMPTY;
      if (best === undefined || set.size < best.size) best = set;
    }
    return best;
  }
}
