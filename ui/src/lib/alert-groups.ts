import type { Alert, AlertGroup, LabelSet } from './types.ts';

/** A group as the alerts view shows it: a dispatcher group or a client-side regrouping. */
export interface ViewGroup {
  key: string;
  labels: LabelSet;
  /** The receiver of a dispatcher group; absent when regrouped by label. */
  receiver?: string;
  routeLabels?: LabelSet;
  alerts: Alert[];
}

export function dispatcherGroups(groups: readonly AlertGroup[], keep: (a: Alert) => boolean): ViewGroup[] {
  const out: ViewGroup[] = [];
  for (const g of groups) {
    const alerts = g.alerts.filter(keep);
    if (alerts.length === 0) continue;
    const key = `${g.receiver.name}\u0000${labelKey(g.labels)}`;
    out.push({ key, labels: g.labels, receiver: g.receiver.name, routeLabels: g.routeLabels, alerts });
  }
  return out;
}

/** Regroups the distinct alerts by the values of `names`; the alerts missing them all form one group. */
export function groupByLabels(groups: readonly AlertGroup[], names: readonly string[], keep: (a: Alert) => boolean): ViewGroup[] {
  const byKey = new Map<string, ViewGroup>();
  const seen = new Set<string>();
  for (const g of groups) {
    for (const a of g.alerts) {
      if (seen.has(a.fingerprint) || !keep(a)) continue;
      seen.add(a.fingerprint);
      const labels: LabelSet = {};
      for (const n of names) if (a.labels[n] !== undefined) labels[n] = a.labels[n];
      const key = labelKey(labels);
      let group = byKey.get(key);
      if (group === undefined) byKey.set(key, (group = { key, labels, alerts: [] }));
      group.alerts.push(a);
    }
  }
  return [...byKey.values()].sort((x, y) => x.key.localeCompare(y.key));
}

export function labelKey(labels: LabelSet): string {
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k]}`)
    .join('\u0001');
}

/** Every label name with its values, for autocompletion (sorted). */
export function labelIndex(groups: readonly AlertGroup[]): Map<string, string[]> {
  const index = new Map<string, Set<string>>();
  for (const g of groups)
    for (const a of g.alerts)
      for (const [k, v] of Object.entries(a.labels)) {
        let values = index.get(k);
        if (values === undefined) index.set(k, (values = new Set()));
        values.add(v);
      }
  return new Map([...index.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, vs]) => [k, [...vs].sort()]));
}

/** Distinct alerts per `severity` value (`none` when unset), most severe first by usual names. */
export function severityCounts(groups: readonly ViewGroup[]): [string, number][] {
  const counts = new Map<string, number>();
  const seen = new Set<string>();
  for (const g of groups)
    for (const a of g.alerts) {
      if (seen.has(a.fingerprint)) continue;
      seen.add(a.fingerprint);
      const s = a.labels.severity ?? 'none';
      counts.set(s, (counts.get(s) ?? 0) + 1);
    }
  const rank = (s: string): number => {
    const i = ['critical', 'error', 'warning', 'info', 'none'].indexOf(s);
    return i === -1 ? 3.5 : i;
  };
  return [...counts.entries()].sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
}
