/**
 * The routing tree (Alertmanager's `dispatch.Route`): routes compiled from the configuration with
 * their inherited options, matched depth-first.
 */
import type { RouteConfig } from '../config/types.ts';
import type { LabelSet } from '../labels/label-set.ts';
import type { Matcher } from '../labels/matcher.ts';
import { matchesLabels, matchersToString, sortMatchers } from '../labels/matcher.ts';
import { withLegacyMatchers } from './legacy-matchers.ts';

/** Options that apply to alerts matching a route, after inheritance from its parents. */
export interface RouteOptions {
  readonly receiver: string;
  /** Label names to group by; ignored when `groupByAll`. */
  readonly groupBy: ReadonlySet<string>;
  /** `group_by: ['...']`: every label of the alert is a group label. */
  readonly groupByAll: boolean;
  /** Milliseconds. */
  readonly groupWait: number;
  readonly groupInterval: number;
  readonly repeatInterval: number;
  /** Own intervals only: Alertmanager does not inherit them. */
  readonly muteTimeIntervals: readonly string[];
  readonly activeTimeIntervals: readonly string[];
  /** 0.34 route labels merged from the root down, values still templates. */
  readonly labels: Readonly<Record<string, string>>;
}

/** Alertmanager's `dispatch.DefaultRouteOpts`, the root's starting point. */
const DEFAULT_OPTIONS: RouteOptions = {
  receiver: '',
  groupBy: new Set(),
  groupByAll: false,
  groupWait: 30_000,
  groupInterval: 5 * 60_000,
  repeatInterval: 4 * 3_600_000,
  muteTimeIntervals: [],
  activeTimeIntervals: [],
  labels: {},
};

/** A node of the routing tree. Build a tree with {@link compileRoute}. */
export class Route {
  readonly parent: Route | undefined;
  readonly options: RouteOptions;
  /** Legacy `match`/`match_re` and `matchers` together, sorted as Alertmanager sorts them. */
  readonly matchers: readonly Matcher[];
  readonly continue: boolean;
  readonly routes: readonly Route[];
  /** Post-order position in the tree (children before parents), as Alertmanager's `Route.Idx`. */
  readonly idx: number;
  readonly #key: string;
  readonly #id: string;

  constructor(config: RouteConfig, parent: Route | undefined, siblingIndex: number, counter: { next: number }) {
    this.parent = parent;
    this.options = inheritOptions(config, parent?.options ?? DEFAULT_OPTIONS);
    this.matchers = sortMatchers(withLegacyMatchers(config.match, config.match_re, config.matchers));
    this.continue = config.continue;
    const printed = matchersToString(this.matchers);
    this.#key = parent === undefined ? printed : `${parent.key()}/${printed}`;
    this.#id = parent === undefined ? printed : `${parent.id()}/${printed}/${siblingIndex}`;
    this.routes = (config.routes ?? []).map((child, i) => new Route(child, this, i, counter));
    this.idx = counter.next++;
  }

  /** The parent's key, `/`, and the printed matchers; the root's is `{}`. Not unique. */
  key(): string {
    return this.#key;
  }

  /** Like {@link key} but each non-root step is followed by `/<sibling index>`, which makes it unique. */
  id(): string {
    return this.#id;
  }

  /**
   * The routes an alert with these labels is dispatched to: a depth-first, left-to-right search
   * where a matching child stops the search among its siblings unless it has `continue`, and a
   * matching node none of whose children match is itself the result. Empty when the node does not match.
   */
  match(labels: LabelSet): Route[] {
    const found: Route[] = [];
    this.#matchInto(labels, found);
    return found;
  }

  // Appends to one array rather than returning one per node: routing runs for every new alert.
  #matchInto(labels: LabelSet, found: Route[]): boolean {
    if (!matchesLabels(this.matchers, labels)) return false;
    const before = found.length;
    for (const child of this.routes) {
      if (child.#matchInto(labels, found) && !child.continue) break;
    }
    if (found.length === before) found.push(this);
    return true;
  }

  /** Visits this route and its descendants depth-first, parents before children. */
  walk(visit: (route: Route) => void): void {
    visit(this);
    for (const child of this.routes) child.walk(visit);
  }

  /** The group labels of an alert on this route: the `group_by` subset of its labels (all for `...`). */
  groupLabels(labels: LabelSet): LabelSet {
    if (this.options.groupByAll) return labels;
    const out: Record<string, string> = {};
    for (const name of this.options.groupBy) {
      if (Object.hasOwn(labels, name)) out[name] = labels[name] as string;
    }
    return out;
  }
}

/** Compiles the root route of a loaded configuration into a routing tree. */
export function compileRoute(config: RouteConfig): Route {
  return new Route(config, undefined, 0, { next: 0 });
}

function inheritOptions(config: RouteConfig, parent: RouteOptions): RouteOptions {
  let groupBy = parent.groupBy;
  let groupByAll = parent.groupByAll;
  if (config.group_by !== undefined) {
    const names = config.group_by.filter((name) => name !== '...');
    // `['...']` keeps the parent's names (unused while groupByAll); `[]` and named lists replace them.
    if (names.length > 0 || config.group_by.length === 0) {
      groupBy = new Set(names);
      groupByAll = false;
    } else {
      groupByAll = true;
    }
  }
  const ownLabels = config.labels ?? {};
  return {
    // The loader may leave a child's receiver out or empty; both inherit.
    receiver: config.receiver !== undefined && config.receiver !== '' ? config.receiver : parent.receiver,
    groupBy,
    groupByAll,
    groupWait: config.group_wait ?? parent.groupWait,
    groupInterval: config.group_interval ?? parent.groupInterval,
    repeatInterval: config.repeat_interval ?? parent.repeatInterval,
    muteTimeIntervals: config.mute_time_intervals ?? [],
    activeTimeIntervals: config.active_time_intervals ?? [],
    labels: Object.keys(ownLabels).length === 0 ? parent.labels : { ...parent.labels, ...ownLabels },
  };
}
