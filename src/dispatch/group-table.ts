import { fingerprint } from '../labels/label-set.ts';
import type { LabelSet } from '../labels/label-set.ts';
import type { AggregationGroup } from './aggregation-group.ts';
import type { Route } from './route.ts';

/** One level per group label: its value (undefined when the alert lacks the label), then the next level. */
type Level = Map<string | undefined, Level | AggregationGroup>;

/**
 * The aggregation groups of one route, found by walking the alert's group-label values through
 * nested maps. A composed string key would cost several strings per routed alert, which ingest
 * pays 100,000 times for 100,000 new alerts; a missing label is the key `undefined`, which no
 * value can equal. A route grouping by all labels keys its groups by fingerprint.
 */
export class GroupTable {
  readonly #names: readonly string[] | undefined;
  readonly #root: Level = new Map();

  constructor(route: Route) {
    this.#names = route.options.groupByAll ? undefined : [...route.options.groupBy];
  }

  /** The group for an alert with these labels; `fingerprint` is theirs, so a `...` route need not hash them again. */
  get(labels: LabelSet, fingerprint?: string): AggregationGroup | undefined {
    return this.#levelFor(labels, false)?.get(this.#lastKey(labels, fingerprint)) as AggregationGroup | undefined;
  }

  /** Holds `group` for its labels, replacing the group held for them before. */
  set(group: AggregationGroup): void {
    (this.#levelFor(group.labels, true) as Level).set(this.#lastKey(group.labels), group);
  }

  /** Drops `group` unless another has replaced it; levels left empty go too. */
  delete(group: AggregationGroup): void {
    const path: Level[] = [this.#root];
    const keys: Array<string | undefined> = [];
    const names = this.#names ?? [];
    for (let i = 0; i < names.length - 1; i++) {
      const key = valueOf(group.labels, names[i] as string);
      const next = (path[i] as Level).get(key) as Level | undefined;
      if (next === undefined) return;
      keys.push(key);
      path.push(next);
    }
    const leaf = path[path.length - 1] as Level;
    const key = this.#lastKey(group.labels);
    if (leaf.get(key) !== group) return;
    leaf.delete(key);
    for (let i = path.length - 1; i > 0 && (path[i] as Level).size === 0; i--) (path[i - 1] as Level).delete(keys[i - 1]);
  }

  forEach(visit: (group: AggregationGroup) => void): void {
    const depth = Math.max(1, this.#names?.length ?? 1);
    const walk = (level: Level, d: number): void => {
      for (const entry of level.values()) {
        if (d === depth) visit(entry as AggregationGroup);
        else walk(entry as Level, d + 1);
      }
    };
    walk(this.#root, 1);
  }

  // The group's key in its level: the last group label's value, or the fingerprint.
  #lastKey(labels: LabelSet, known?: string): string | undefined {
    if (this.#names === undefined) return known ?? fingerprint(labels);
    const last = this.#names[this.#names.length - 1];
    return last === undefined ? undefined : valueOf(labels, last);
  }

  // The level holding the group for `labels`, made on the way when `create`.
  #levelFor(labels: LabelSet, create: boolean): Level | undefined {
    let level = this.#root;
    if (this.#names === undefined) return level;
    for (let i = 0; i < this.#names.length - 1; i++) {
      const key = valueOf(labels, this.#names[i] as string);
      let next = level.get(key) as Level | undefined;
      if (next === undefined) {
        if (!create) return undefined;
        next = new Map();
        level.set(key, next);
      }
      level = next;
    }
    return level;
  }
}

function valueOf(labels: LabelSet, name: string): string | undefined {
  return Object.hasOwn(labels, name) ? labels[name] : undefined;
}
