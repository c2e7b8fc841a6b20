/**
 * amtool's `simple` and `extended` output formats: tab-aligned tables (Go's tabwriter with
 * amtool's settings), optionally coloured on a terminal.
 */
import { Matcher, matchersToString } from '../../labels/matcher.ts';
import type { MatchType } from '../../labels/matcher.ts';
import { apiTime, formatApiTime } from './api-time.ts';
import { goSort } from './go-sort.ts';
import type {
  ClusterStatusJson,
  GettableAlertJson,
  GettableSilenceJson,
  LabelSetJson,
  MatcherJson,
  PeerJson,
  StatusJson,
} from './models.ts';
import { tabwrite } from './tabwriter.ts';
import type { CellStyle } from './tabwriter.ts';

export interface TableOptions {
  /** A Go time layout (`--date.format`). */
  readonly dateFormat: string;
  /** ANSI colours: a bold header and coloured alert states. */
  readonly color: boolean;
}

const BOLD = '\x1b[1m';
const RESET = '\x1b[0m';
const STATE_COLORS: Record<string, string> = {
  active: '\x1b[31m',
  suppressed: '\x1b[33m',
  unprocessed: '\x1b[2m',
};

function tableStyle(opts: TableOptions): CellStyle | undefined {
  if (!opts.color) return undefined;
  return (text, line) => {
    if (line === 0) return `${BOLD}${text}${RESET}`;
    const color = STATE_COLORS[text];
    return color === undefined ? text : `${color}${text}${RESET}`;
  };
}

function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

// amtool's ByStartsAt / ByEndAt with Go's unstable sort.Sort, so equal times keep Go's order.
function byTime<T>(items: readonly T[], key: (t: T) => string | undefined): T[] {
  const keyed = items.map((item) => ({ item, at: apiTime(key(item)).UnixNano() }));
  goSort(keyed, (a, b) => a.at < b.at);
  return keyed.map((k) => k.item);
}

function toMatcher(m: MatcherJson): Matcher | string {
  const equal = m.isEqual ?? true;
  const type: MatchType = m.isRegex ? (equal ? '=~' : '!~') : equal ? '=' : '!=';
  try {
    return Matcher.create(m.name, type, m.value);
  } catch {
    // A regex our engine rejects is still printable.
    return `${m.name}${type}${JSON.stringify(m.value)}`;
  }
}

function simpleMatchers(ms: readonly MatcherJson[]): string {
  return ms.map((m) => String(toMatcher(m))).join(' ');
}

function extendedMatchers(ms: readonly MatcherJson[]): string {
  const parsed = ms.map(toMatcher);
  if (parsed.every((m): m is Matcher => m instanceof Matcher)) return matchersToString(parsed);
  return `{${parsed.map(String).join(',')}}`;
}

function pairs(ls: LabelSetJson | undefined): string {
  return Object.entries(ls ?? {})
    .map(([k, v]) => `${k}="${v}"`)
    .sort(compareBytes)
    .join(' ');
}

/** The simple silence table: id, matchers, end, author, comment. */
export function simpleSilences(silences: readonly GettableSilenceJson[], opts: TableOptions): string {
  let text = 'ID\tMatchers\tEnds At\tCreated By\tComment\t\n';
  for (const s of byTime(silences, (x) => x.endsAt)) {
    const end = formatApiTime(s.endsAt, opts.dateFormat);
    text += `${s.id}\t${simpleMatchers(s.matchers ?? [])}\t${end}\t${s.createdBy}\t${s.comment}\t\n`;
  }
  return tabwrite(text, { style: tableStyle(opts) });
}

/** The extended silence table, with start and update times and braced matchers. */
export function extendedSilences(silences: readonly GettableSilenceJson[], opts: TableOptions): string {
  let text = 'ID\tMatchers\tStarts At\tEnds At\tUpdated At\tCreated By\tComment\t\n';
  const date = (s: string): string => formatApiTime(s, opts.dateFormat);
  for (const s of byTime(silences, (x) => x.endsAt)) {
    const times = `${date(s.startsAt)}\t${date(s.endsAt)}\t${date(s.updatedAt)}`;
    text += `${s.id}\t${extendedMatchers(s.matchers ?? [])}\t${times}\t${s.createdBy}\t${s.comment}\t\n`;
  }
  return tabwrite(text, { style: tableStyle(opts) });
}

/** The simple alert table: alertname, start, summary annotation, state. */
export function simpleAlerts(alerts: readonly GettableAlertJson[], opts: TableOptions): string {
  let text = 'Alertname\tStarts At\tSummary\tState\t\n';
  for (const a of byTime(alerts, (x) => x.startsAt)) {
    const start = formatApiTime(a.startsAt, opts.dateFormat);
    text += `${a.labels?.['alertname'] ?? ''}\t${start}\t${a.annotations?.['summary'] ?? ''}\t${a.status?.state ?? ''}\t\n`;
  }
  return tabwrite(text, { style: tableStyle(opts) });
}

/** The extended alert table: all labels and annotations, times, generator URL, state. */
export function extendedAlerts(alerts: readonly GettableAlertJson[], opts: TableOptions): string {
  let text = 'Labels\tAnnotations\tStarts At\tEnds At\tGenerator URL\tState\t\n';
  const date = (s: string): string => formatApiTime(s, opts.dateFormat);
  for (const a of byTime(alerts, (x) => x.startsAt)) {
    const times = `${date(a.startsAt)}\t${date(a.endsAt)}`;
    text += `${pairs(a.labels)}\t${pairs(a.annotations)}\t${times}\t${a.generatorURL ?? ''}\t${a.status?.state ?? ''}\t\n`;
  }
  return tabwrite(text, { style: tableStyle(opts) });
}

/** `config show` simple: the running configuration. */
export function simpleConfig(status: StatusJson): string {
  return `${status.config?.original ?? ''}\n`;
}

/**
 * `config show -o extended`: the configuration, version information and start time. amtool
 * prints pointer addresses for most of these; we print the values.
 */
export function extendedConfig(status: StatusJson): string {
  const v = status.versionInfo;
  const lines = [
    status.config?.original ?? '',
    `buildUser ${v?.buildUser ?? ''}`,
    `goVersion ${v?.goVersion ?? ''}`,
    `revision ${v?.revision ?? ''}`,
    `version ${v?.version ?? ''}`,
    `branch ${v?.branch ?? ''}`,
    `buildDate ${v?.buildDate ?? ''}`,
    `uptime ${apiTime(status.uptime).Format('2006-01-02T15:04:05.000Z07:00')}`,
  ];
  return lines.join('\n') + '\n';
}

/** `cluster show` simple: status and node name. */
export function simpleCluster(c: ClusterStatusJson): string {
  return tabwrite(`Cluster Status:\t${c.status}\nNode Name:\t${c.name ?? ''}\n`);
}

function ipBytes(ip: string): Buffer {
  if (ip.includes(':')) {
    const [head = '', tail = ''] = ip.split('::');
    const h = head === '' ? [] : head.split(':');
    const t = tail === '' ? [] : tail.split(':');
    const groups = ip.includes('::') ? [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t] : h;
    return Buffer.from(groups.flatMap((g) => [(Number.parseInt(g, 16) >> 8) & 255, Number.parseInt(g, 16) & 255]));
  }
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !(p >= 0 && p <= 255))) return Buffer.alloc(0);
  // Go's net.ParseIP returns IPv4 addresses in their 16-byte form.
  return Buffer.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255, ...parts]);
}

function splitHostPort(address: string): [string, number] {
  const i = address.lastIndexOf(':');
  if (i < 0) return ['', 0];
  const host = address.slice(0, i).replace(/^\[(.*)\]$/, '$1');
  return [host, Number.parseInt(address.slice(i + 1), 10) || 0];
}

// amtool's ByAddress: IP bytes, then port when the IPs are equal.
function compareAddresses(a: PeerJson, b: PeerJson): number {
  const [ipA, portA] = splitHostPort(a.address);
  const [ipB, portB] = splitHostPort(b.address);
  if (ipA === ipB) return portA - portB;
  return Buffer.compare(ipBytes(ipA), ipBytes(ipB));
}

/** `cluster show -o extended`: status, node name and the peers by address. */
export function extendedCluster(c: ClusterStatusJson, opts: TableOptions): string {
  let text = `Cluster Status:\t${c.status}\nNode Name:\t${c.name ?? ''}\n\nAddress\tName\n`;
  const first = text.split('\n').length - 2;
  for (const p of [...(c.peers ?? [])].sort(compareAddresses)) text += `${p.address}\t${p.name}\t\n`;
  const style = tableStyle(opts);
  return tabwrite(text, { style: style && ((t, line, col) => (line === first ? style(t, 0, col) : t)) });
}
