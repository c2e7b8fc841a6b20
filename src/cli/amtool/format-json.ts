/**
 * amtool's `-o json`: Go's json.Encoder over the go-openapi models, so fields come in the models'
 * order (not the server's), maps sorted by key, times re-encoded with milliseconds, `<>&` escaped.
 */
import { goJsonString } from '../../common/go-json-string.ts';
import { apiTimeJson } from './api-time.ts';
import type {
  ClusterStatusJson,
  GettableAlertJson,
  GettableSilenceJson,
  LabelSetJson,
  MatcherJson,
  StatusJson,
} from './models.ts';

type Field = readonly [string, string | undefined];

function object(fields: readonly Field[]): string {
  const present = fields.filter((f): f is readonly [string, string] => f[1] !== undefined);
  return '{' + present.map(([k, v]) => `${goJsonString(k)}:${v}`).join(',') + '}';
}

function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

function labelSet(ls: LabelSetJson | undefined): string {
  if (ls === undefined || ls === null) return 'null';
  const keys = Object.keys(ls).sort(compareBytes);
  return '{' + keys.map((k) => `${goJsonString(k)}:${goJsonString(ls[k] as string)}`).join(',') + '}';
}

const str = (s: string | undefined): string => goJsonString(s ?? '');
const strs = (a: readonly string[] | undefined): string => (a == null ? 'null' : `[${a.map(str).join(',')}]`);
const time = (s: string | undefined): string => goJsonString(apiTimeJson(s));
const list = <T>(a: readonly T[] | undefined, f: (x: T) => string): string => (a == null ? 'null' : `[${a.map(f).join(',')}]`);

function matcher(m: MatcherJson): string {
  return object([
    ['isEqual', m.isEqual === undefined ? undefined : String(m.isEqual)],
    ['isRegex', String(m.isRegex)],
    ['name', str(m.name)],
    ['value', str(m.value)],
  ]);
}

function alert(a: GettableAlertJson): string {
  const s = a.status;
  return object([
    ['annotations', labelSet(a.annotations)],
    ['endsAt', time(a.endsAt)],
    ['fingerprint', str(a.fingerprint)],
    ['receivers', list(a.receivers, (r) => object([['name', str(r.name)]]))],
    ['startsAt', time(a.startsAt)],
    [
      'status',
      object([
        ['inhibitedBy', strs(s.inhibitedBy)],
        ['mutedBy', s.mutedBy === undefined ? undefined : strs(s.mutedBy)],
        ['silencedBy', strs(s.silencedBy)],
        ['state', str(s.state)],
      ]),
    ],
    ['updatedAt', time(a.updatedAt)],
    ['generatorURL', a.generatorURL ? str(a.generatorURL) : undefined],
    ['labels', labelSet(a.labels)],
  ]);
}

function silence(s: GettableSilenceJson): string {
  return object([
    ['id', str(s.id)],
    ['status', object([['state', str(s.status?.state)]])],
    ['updatedAt', time(s.updatedAt)],
    ['annotations', s.annotations && Object.keys(s.annotations).length > 0 ? labelSet(s.annotations) : undefined],
    ['comment', str(s.comment)],
    ['createdBy', str(s.createdBy)],
    ['endsAt', time(s.endsAt)],
    ['matchers', list(s.matchers, matcher)],
    ['startsAt', time(s.startsAt)],
  ]);
}

function cluster(c: ClusterStatusJson): string {
  return object([
    ['name', c.name ? str(c.name) : undefined],
    ['peers', list(c.peers, (p) => object([['address', str(p.address)], ['name', str(p.name)]]))],
    ['status', str(c.status)],
  ]);
}

/** `amtool alert query -o json`. */
export function alertsJson(alerts: readonly GettableAlertJson[]): string {
  return `[${alerts.map(alert).join(',')}]\n`;
}

/** `amtool silence query -o json`, the format `silence import` reads. */
export function silencesJson(silences: readonly GettableSilenceJson[]): string {
  return `[${silences.map(silence).join(',')}]\n`;
}

/** `amtool cluster show -o json`. */
export function clusterJson(c: ClusterStatusJson): string {
  return cluster(c) + '\n';
}

/** `amtool config show -o json`: the whole status object. */
export function statusJson(s: StatusJson): string {
  const v = s.versionInfo;
  return (
    object([
      ['cluster', cluster(s.cluster)],
      ['config', object([['original', str(s.config?.original)]])],
      ['uptime', time(s.uptime)],
      [
        'versionInfo',
        object([
          ['branch', str(v?.branch)],
          ['buildDate', str(v?.buildDate)],
          ['buildUser', str(v?.buildUser)],
          ['goVersion', str(v?.goVersion)],
          ['revision', str(v?.revision)],
          ['version', str(v?.version)],
        ]),
      ],
    ]) + '\n'
  );
}
