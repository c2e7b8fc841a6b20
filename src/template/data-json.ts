/**
 * Reading template data from JSON as Go's `json.Unmarshal(content, &template.Data{})` does (amtool's
 * `--template.data`): field names match case-insensitively, times are RFC 3339, absent fields are zero.
 */
import { Alert, Data, toAlerts, toKV } from './data.ts';
import type { KV } from './data.ts';
import { GoTime } from './go-time.ts';
import { parseTime } from './go-time-parse.ts';

// Go's Time.UnmarshalJSON parses the raw JSON token, quotes included.
const QUOTED_RFC3339 = '"2006-01-02T15:04:05Z07:00"';

function field(obj: Record<string, unknown>, name: string): unknown {
  if (Object.prototype.hasOwnProperty.call(obj, name)) return obj[name];
  const lower = name.toLowerCase();
  for (const k of Object.keys(obj)) if (k.toLowerCase() === lower) return obj[k];
  return undefined;
}

function typeError(value: unknown, goType: string, path: string): Error {
  const jsonType = Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value === 'object' ? 'object' : typeof value;
  return new Error(`json: cannot unmarshal ${jsonType} into Go struct field ${path} of type ${goType}`);
}

function str(obj: Record<string, unknown>, name: string, path: string): string {
  const v = field(obj, name);
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') throw typeError(v, 'string', path);
  return v;
}

function kv(obj: Record<string, unknown>, name: string, path: string): KV {
  const v = field(obj, name);
  if (v === undefined || v === null) return toKV(undefined);
  if (typeof v !== 'object' || Array.isArray(v)) throw typeError(v, 'template.KV', path);
  const rec = v as Record<string, unknown>;
  for (const k of Object.keys(rec)) {
    if (typeof rec[k] !== 'string' && rec[k] !== null) throw typeError(rec[k], 'string', `${path}.${k}`);
  }
  return toKV(Object.fromEntries(Object.entries(rec).map(([k, x]) => [k, x === null ? '' : x])) as Record<string, string>);
}

function time(obj: Record<string, unknown>, name: string): GoTime {
  const v = field(obj, name);
  if (v === undefined || v === null) return GoTime.zero();
  return parseTime(QUOTED_RFC3339, JSON.stringify(v));
}

/** Template data from a parsed JSON value. Throws Go-like unmarshal errors. */
export function dataFromJson(json: unknown): Data {
  if (json === null) json = {};
  if (typeof json !== 'object' || Array.isArray(json)) throw new Error(`json: cannot unmarshal ${Array.isArray(json) ? 'array' : typeof json} into Go value of type template.Data`);
  const o = json as Record<string, unknown>;
  const alerts: Alert[] = [];
  const list = field(o, 'alerts');
  if (list !== undefined && list !== null) {
    if (!Array.isArray(list)) throw typeError(list, 'template.Alerts', 'Data.alerts');
    for (const item of list) {
      if (item === null) {
        alerts.push(new Alert('', toKV(undefined), toKV(undefined), GoTime.zero(), GoTime.zero(), '', ''));
        continue;
      }
      if (typeof item !== 'object' || Array.isArray(item)) throw typeError(item, 'template.Alert', 'Data.alerts');
      const a = item as Record<string, unknown>;
      alerts.push(new Alert(
        str(a, 'status', 'Alert.alerts.status'),
        kv(a, 'labels', 'Alert.alerts.labels'),
        kv(a, 'annotations', 'Alert.alerts.annotations'),
        time(a, 'startsAt'),
        time(a, 'endsAt'),
        str(a, 'generatorURL', 'Alert.alerts.generatorURL'),
        str(a, 'fingerprint', 'Alert.alerts.fingerprint'),
      ));
    }
  }
  return new Data({
    Receiver: str(o, 'receiver', 'Data.receiver'),
    Status: str(o, 'status', 'Data.status'),
    Alerts: toAlerts(alerts),
    NotificationReason: str(o, 'notification_reason', 'Data.notification_reason'),
    GroupLabels: kv(o, 'groupLabels', 'Data.groupLabels'),
    CommonLabels: kv(o, 'commonLabels', 'Data.commonLabels'),
    CommonAnnotations: kv(o, 'commonAnnotations', 'Data.commonAnnotations'),
    RouteLabels: kv(o, 'routeLabels', 'Data.routeLabels'),
    ExternalURL: str(o, 'externalURL', 'Data.externalURL'),
  });
}
