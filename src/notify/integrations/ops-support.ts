/**
 * Pieces of Alertmanager's `notify/util.go` the ops integrations (pagerduty, opsgenie, victorops,
 * webex, jira, incidentio) and telegram share: the group-key hash, Go-encoded JSON structs and
 * maps, URL joining.
 */
import { createHash } from 'node:crypto';
import { ByteWriter } from '../../common/byte-writer.ts';
import { goJsonString } from '../../common/go-json-string.ts';
import { writeGoStringMap } from '../go-json.ts';

/** `notify.Key.Hash`: the lower-case hex sha256 of the group key, the services' dedup key. */
export function groupKeyHash(groupKey: string): string {
  return createHash('sha256').update(groupKey, 'utf8').digest('hex');
}

const METRIC_UNITS = ['E', 'P', 'T', 'G', 'M', 'K', ''];

/** `units.MetricBytes(n).String()` of alecthomas/units: `512KB`, `600KB123B`. */
export function metricBytes(n: number): string {
  let rest = n;
  let out = '';
  METRIC_UNITS.forEach((unit, i) => {
    const div = 1000 ** (METRIC_UNITS.length - i - 1);
    if (rest >= div) {
      out += `${Math.floor(rest / div)}${unit}B`;
      rest %= div;
    }
  });
  return out;
}

/**
 * A Go struct as JSON: `[name, encoded value]` pairs in field order; an undefined value is an
 * `omitempty` field left out.
 */
export function goStruct(fields: readonly (readonly [string, string | undefined])[]): string {
  const parts: string[] = [];
  for (const [name, value] of fields) if (value !== undefined) parts.push(`${goJsonString(name)}:${value}`);
  return `{${parts.join(',')}}`;
}

/** An `omitempty` string field: undefined when empty. */
export function omitEmpty(s: string): string | undefined {
  return s === '' ? undefined : goJsonString(s);
}

/** A `map[string]string` as Go encodes it: keys in byte order, HTML-safe escaping. */
export function goStringMap(m: Readonly<Record<string, string>>): string {
  const w = new ByteWriter(256);
  writeGoStringMap(w, m);
  return w.toString();
}

/**
 * Go's `u.Path += path` on a parsed URL, then `q.Set(k, v)` for `query` and `q.Encode()` (keys
 * sorted) when given. Base URLs without a query or fragment are extended as written.
 */
export function joinUrl(base: string, path: string, query?: Readonly<Record<string, string>>): string {
  const cut = base.search(/[?#]/);
  const head = cut < 0 ? base : base.slice(0, cut);
  const rest = cut < 0 ? '' : base.slice(cut);
  const fragment = rest.includes('#') ? rest.slice(rest.indexOf('#')) : '';
  const rawQuery = rest.startsWith('?') ? rest.slice(1, fragment === '' ? undefined : rest.indexOf('#')) : '';
  if (query === undefined) return `${head}${path}${rawQuery === '' ? '' : `?${rawQuery}`}${fragment}`;
  const params = new URLSearchParams(rawQuery);
  for (const [k, v] of Object.entries(query)) params.set(k, v);
  params.sort();
  return `${head}${path}?${params.toString()}${fragment}`;
}
