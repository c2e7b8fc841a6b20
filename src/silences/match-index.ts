import type { LabelSet } from '../labels/label-set.ts';
import { Matcher } from '../labels/matcher.ts';
import { matcherOperator } from './silence.ts';
import type { Silence } from './silence.ts';

interface Entry {
  readonly silence: Silence;
  /** Undefined when a matcher failed to compile: such a silence matches nothing, as in Alertmanager. */
  readonly matchers: readonly LabelTest[] | undefined;
  /** The label name and values the silence is filed under, or undefined when it is scanned always. */
  readonly anchor: Anchor | undefined;
}

interface Anchor {
  readonly name: string;
  readonly values: readonly string[];
}

// A regex that is a plain alternation of non-empty literals, e.g. `web-1|web-2`: it matches exactly those values.
const LITERAL_ALTERNATION = /^[^\\.+*?()|[\]{}^$]+(?:\|[^\\.+*?()|[\]{}^$]+)*$/;

/**
 * Answers "which silences have matchers that match this label set" without scanning every
 * silence. Each silence is filed under one anchor: a matcher that can only match a few exact
 * values (`name="v"` with v non-empty, or `name=~"a|b"` over literals), preferring the anchor
 * whose buckets are smallest. A label set then only looks at the buckets of its own
 * `name=value` pairs plus the silences that have no such matcher (only negative or open regex
 * matchers), and evaluates the full matcher list on those candidates.
 */
export class SilenceMatchIndex {
  readonly #entries = new Map<string, Entry>();
  readonly #buckets = new Map<string, Map<string, Set<string>>>();
  readonly #unanchored = new Set<string>();

  /** Number of silences indexed. */
  get size(): number {
    return this.#entries.size;
  }

  /** Number of silences every lookup has to evaluate because they have no anchor. */
  get unanchoredCount(): number {
    return this.#unanchored.size;
  }

  /**
   * Indexes `silence`, replacing any earlier version with the same id. False when a matcher
   * failed to compile: the silence is kept but matches nothing.
   */
  add(silence: Silence): boolean {
    this.remove(silence.id);
    const candidate = this.#chooseAnchor(silence);
    // Only unanchored silences are tested against every label set, so only they get memos.
    const matchers = compile(silence, candidate === undefined);
    const anchor = matchers === undefined ? undefined : candidate;
    this.#entries.set(silence.id, { silence, matchers, anchor });
    if (anchor === undefined) {
      this.#unanchored.add(silence.id);
      return matchers !== undefined;
    }
    let byValue = this.#buckets.get(anchor.name);
    if (byValue === undefined) {
      byValue = new Map();
      this.#buckets.set(anchor.name, byValue);
    }
    for (const value of anchor.values) {
      let ids = byValue.get(value);
      if (ids === undefined) {
        ids = new Set();
        byValue.set(value, ids);
      }
      ids.add(silence.id);
    }
    return true;
  }

  /** Replaces the stored silence object for an id whose matchers did not change. */
  refresh(silence: Silence): void {
    const entry = this.#entries.get(silence.id);
    if (entry === undefined) this.add(silence);
    else this.#entries.set(silence.id, { ...entry, silence });
  }

  /** Drops a silence from the index; unknown ids are ignored. */
  remove(id: string): void {
    const entry = this.#entries.get(id);
    if (entry === undefined) return;
    this.#entries.delete(id);
    if (entry.anchor === undefined) {
      this.#unanchored.delete(id);
      return;
    }
    const byValue = this.#buckets.get(entry.anchor.name);
    if (byValue === undefined) return;
    for (const value of entry.anchor.values) {
      const ids = byValue.get(value);
      if (ids === undefined) continue;
      ids.delete(id);
      if (ids.size === 0) byValue.delete(value);
    }
    if (byValue.size === 0) this.#buckets.delete(entry.anchor.name);
  }

  /** Whether the silence with this id has matchers that all match `labels` (a missing label is ""). */
  matches(id: string, labels: LabelSet): boolean {
    const entry = this.#entries.get(id);
    return entry !== undefined && allMatch(entry.matchers, labels);
  }

  /**
   * Calls `visit` for every indexed silence whose matchers all match `labels`, in no particular
   * order, and returns how many silences it tested.
   */
  forEachMatch(labels: LabelSet, visit: (silence: Silence) => void): number {
    let tested = this.#unanchored.size;
    for (const name in labels) {
      const ids = this.#buckets.get(name)?.get(labels[name] as string);
      if (ids === undefined) continue;
      tested += ids.size;
      for (const id of ids) this.#visitIfMatch(id, labels, visit);
    }
    for (const id of this.#unanchored) this.#visitIfMatch(id, labels, visit);
    return tested;
  }

  #visitIfMatch(id: string, labels: LabelSet, visit: (silence: Silence) => void): void {
    const entry = this.#entries.get(id) as Entry;
    if (allMatch(entry.matchers, labels)) visit(entry.silence);
  }

  #chooseAnchor(silence: Silence): Anchor | undefined {
    let best: Anchor | undefined;
    let bestCost = Infinity;
    for (const m of silence.matchers) {
      if (!m.isEqual) continue;
      let values: readonly string[];
      if (!m.isRegex) {
        if (m.value === '') continue;
        values = [m.value];
      } else {
        if (!LITERAL_ALTERNATION.test(m.value)) continue;
        values = [...new Set(m.value.split('|'))];
      }
      const cost = this.#bucketCost(m.name, values);
      if (cost < bestCost) {
        best = { name: m.name, values };
        bestCost = cost;
      }
    }
    return best;
  }

  // Silences already filed under these values plus one per value, so ties favour single values.
  #bucketCost(name: string, values: readonly string[]): number {
    const byValue = this.#buckets.get(name);
    let cost = values.length;
    if (byValue === undefined) return cost;
    for (const value of values) cost += byValue.get(value)?.size ?? 0;
    return cost;
  }
}

/** One compiled matcher, optionally memoising regex results per value (RE2 in JS costs microseconds). */
interface LabelTest {
  readonly name: string;
  test(value: string): boolean;
}

const MEMO_LIMIT = 4096;

function compile(silence: Silence, memoize: boolean): LabelTest[] | undefined {
  try {
    return silence.matchers.map((m): LabelTest => {
      if (m.isRegex && LITERAL_ALTERNATION.test(m.value)) {
        // An anchored alternation of literals is set membership; no regex engine needed.
        const values = new Set(m.value.split('|'));
        return { name: m.name, test: m.isEqual ? (v) => values.has(v) : (v) => !values.has(v) };
      }
      const matcher = Matcher.create(m.name, matcherOperator(m), m.value);
      if (!m.isRegex || !memoize) return { name: m.name, test: (v) => matcher.matches(v) };
      // Alerts repeat label values (alertname, namespace, ...), so a small memo answers most tests.
      const memo = new Map<string, boolean>();
      return {
        name: m.name,
        test: (v) => {
          let hit = memo.get(v);
          if (hit === undefined) {
            if (memo.size >= MEMO_LIMIT) memo.clear();
            hit = matcher.matches(v);
            memo.set(v, hit);
          }
          return hit;
        },
      };
    });
  } catch {
    return undefined;
  }
}

function allMatch(tests: readonly LabelTest[] | undefined, labels: LabelSet): boolean {
  if (tests === undefined) return false;
  for (const t of tests) {
    if (!t.test(Object.hasOwn(labels, t.name) ? (labels[t.name] as string) : '')) return false;
  }
  return true;
}
