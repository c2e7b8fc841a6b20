import { parse } from 'yaml';
import { compileRegex, matchesAll, parseMatchers } from './matchers.ts';
import type { Matcher } from './matchers.ts';
import type { LabelSet } from './types.ts';

/** A route of the configuration with its inherited settings resolved, as the dispatcher compiles it. */
export interface RouteNode {
  /** `0.2.1`: position in the tree, stable for highlighting. */
  id: string;
  receiver: string;
  /** undefined: group by all labels (`...`). */
  groupBy: string[] | undefined;
  matchers: Matcher[];
  continue: boolean;
  groupWait: string;
  groupInterval: string;
  repeatInterval: string;
  muteTimeIntervals: string[];
  activeTimeIntervals: string[];
  children: RouteNode[];
}

interface RawRoute {
  receiver?: string;
  group_by?: string[];
  match?: Record<string, string>;
  match_re?: Record<string, string>;
  matchers?: string[];
  continue?: boolean;
  group_wait?: string;
  group_interval?: string;
  repeat_interval?: string;
  mute_time_intervals?: string[];
  active_time_intervals?: string[];
  routes?: RawRoute[];
}

/** The routing tree of an Alertmanager configuration (the YAML of `config.original`). */
export function routeTreeFromConfig(yamlText: string): RouteNode {
  const doc = parse(yamlText) as { route?: RawRoute } | null;
  if (doc?.route === undefined) throw new Error('the configuration has no route');
  const root: Omit<RouteNode, 'id' | 'children' | 'matchers' | 'continue' | 'muteTimeIntervals' | 'activeTimeIntervals'> = {
    receiver: '',
    groupBy: [],
    groupWait: '30s',
    groupInterval: '5m',
    repeatInterval: '4h',
  };
  return compile(doc.route, root, '0');
}

function compile(raw: RawRoute, parent: Pick<RouteNode, 'receiver' | 'groupBy' | 'groupWait' | 'groupInterval' | 'repeatInterval'>, id: string): RouteNode {
  const groupBy = raw.group_by === undefined ? parent.groupBy : raw.group_by.includes('...') ? undefined : raw.group_by.map(String);
  const node: RouteNode = {
    id,
    receiver: raw.receiver || parent.receiver,
    groupBy,
    matchers: routeMatchers(raw),
    continue: raw.continue === true,
    groupWait: raw.group_wait ?? parent.groupWait,
    groupInterval: raw.group_interval ?? parent.groupInterval,
    repeatInterval: raw.repeat_interval ?? parent.repeatInterval,
    muteTimeIntervals: raw.mute_time_intervals ?? [],
    activeTimeIntervals: raw.active_time_intervals ?? [],
    children: [],
  };
  node.children = (raw.routes ?? []).map((child, i) => compile(child, node, `${id}.${i}`));
  return node;
}

function routeMatchers(raw: RawRoute): Matcher[] {
  const out: Matcher[] = [];
  for (const [name, value] of Object.entries(raw.match ?? {})) out.push({ name, op: '=', value: String(value) });
  for (const [name, value] of Object.entries(raw.match_re ?? {})) {
    compileRegex(String(value));
    out.push({ name, op: '=~', value: String(value) });
  }
  for (const text of raw.matchers ?? []) out.push(...parseMatchers(String(text)));
  return out;
}

/**
 * Alertmanager's `Route.Match`: depth first, children in order; the first matching child stops the
 * search unless it has `continue`; a node no child matched is itself the result.
 */
export function matchRoutes(node: RouteNode, labels: LabelSet): RouteNode[] {
  if (!matchesAll(node.matchers, labels)) return [];
  const all: RouteNode[] = [];
  for (const child of node.children) {
    const found = matchRoutes(child, labels);
    all.push(...found);
    if (found.length > 0 && !child.continue) break;
  }
  return all.length > 0 ? all : [node];
}

/** Every route the search visited with a match on the way down (to highlight the path). */
export function matchedPath(results: readonly RouteNode[]): Set<string> {
  const ids = new Set<string>();
  for (const r of results) {
    const parts = r.id.split('.');
    for (let i = 1; i <= parts.length; i++) ids.add(parts.slice(0, i).join('.'));
  }
  return ids;
}

/** The labels an alert is grouped by on this route (`...`: all of them). */
export function groupLabels(route: RouteNode, labels: LabelSet): LabelSet {
  if (route.groupBy === undefined) return { ...labels };
  const out: LabelSet = {};
  for (const name of route.groupBy) if (labels[name] !== undefined) out[name] = labels[name];
  return out;
}
