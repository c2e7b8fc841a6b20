import { parseGoDuration } from '../config/go-duration.ts';
import { tryParseDuration } from '../common/duration.ts';
import { LOG_FORMATS, LOG_LEVELS } from '../common/logger.ts';
import type { LogFormat, LogLevel } from '../common/logger.ts';
import { splitHostPort } from '../common/host-port.ts';

/** Everything `tocsin serve` was told on its command line; durations in milliseconds. */
export interface ServeOptions {
  configFile: string;
  storagePath: string;
  dataRetention: number;
  dataMaintenanceInterval: number;
  alertsGcInterval: number;
  alertsPerAlertnameLimit: number;
  webSystemdSocket: boolean;
  webListenAddresses: string[];
  webConfigFile: string;
  webExternalUrl: string;
  webRoutePrefix: string;
  webGetConcurrency: number;
  webTimeout: number;
  cluster: ClusterOptions;
  logLevel: LogLevel;
  logFormat: LogFormat;
  logSilences: boolean;
  enableFeatures: string[];
  dispatchStartDelay: number;
  dispatchMaintenanceInterval: number;
  silencesMaxSilences: number;
  silencesMaxSilenceSizeBytes: number;
  autoGomemlimitRatio: number;
}

/** The gossip flags: accepted and validated; HA comes from Redis in a later version. */
export interface ClusterOptions {
  listenAddress: string;
  advertiseAddress: string;
  peerName: string;
  peers: string[];
  peerTimeout: number;
  peersResolveTimeout: number;
  gossipInterval: number;
  pushpullInterval: number;
  tcpTimeout: number;
  probeTimeout: number;
  probeInterval: number;
  settleTimeout: number;
  reconnectInterval: number;
  reconnectTimeout: number;
  tlsConfig: string;
  allowInsecurePublicAdvertiseAddressDiscovery: boolean;
  label: string;
}

export type FlagParseResult = { kind: 'help' } | { kind: 'version' } | { kind: 'run'; options: ServeOptions };

/** A command-line mistake; printed as kingpin does: `<program>: error: <message>, try --help`. */
export class FlagError extends Error {
  override readonly name = 'FlagError';
}

type Kind = 'string' | 'strings' | 'bool' | 'duration' | 'int' | 'float' | 'level' | 'format';

interface FlagSpec {
  name: string;
  kind: Kind;
  /** The kingpin default as text; undefined for flags without one (shown as a placeholder). */
  default?: string;
  help: string;
}

/** Alertmanager 0.34's flags, in its help order, with its defaults. */
export const SERVE_FLAGS: readonly FlagSpec[] = [
  { name: 'config.file', kind: 'string', default: 'alertmanager.yml', help: 'Alertmanager configuration file name.' },
  { name: 'storage.path', kind: 'string', default: 'data/', help: 'Base path for data storage.' },
  { name: 'data.retention', kind: 'duration', default: '120h', help: 'How long to keep data for.' },
  {
    name: 'data.maintenance-interval',
    kind: 'duration',
    default: '15m',
    help: 'Interval between garbage collection and snapshotting to disk of the silences and the notification logs.',
  },
  {
    name: 'silences.max-silences',
    kind: 'int',
    default: '0',
    help: 'Maximum number of silences, including expired silences. If negative or zero, no limit is set.',
  },
  {
    name: 'silences.max-silence-size-bytes',
    kind: 'int',
    default: '0',
    help: 'Maximum silence size in bytes. If negative or zero, no limit is set.',
  },
  { name: 'log.silences', kind: 'bool', help: 'Enable logging silences. If it is enabled, the status change of silence will be logged' },
  { name: 'alerts.gc-interval', kind: 'duration', default: '30m', help: 'Interval between alert GC.' },
  {
    name: 'alerts.per-alertname-limit',
    kind: 'int',
    default: '0',
    help: 'Maximum number of alerts per alertname. If negative or zero, no limit is set.',
  },
  {
    name: 'dispatch.maintenance-interval',
    kind: 'duration',
    default: '30s',
    help: 'Interval between maintenance of aggregation groups in the dispatcher.',
  },
  {
    name: 'dispatch.start-delay',
    kind: 'duration',
    default: '0s',
    help: 'Minimum amount of time to wait before dispatching alerts. This option should be synced with value of --rules.alert.resend-delay on Prometheus.',
  },
  {
    name: 'web.systemd-socket',
    kind: 'bool',
    help: 'Use systemd socket activation listeners (LISTEN_FDS) instead of port listeners (Linux only).',
  },
  {
    name: 'web.listen-address',
    kind: 'strings',
    default: ':9093',
    help: 'Addresses on which to expose metrics and web interface. Repeatable for multiple addresses. Examples: `:9093` or `[::1]:9093`.',
  },
  {
    name: 'web.config.file',
    kind: 'string',
    default: '',
    help: 'Path to configuration file that can enable TLS or authentication (exporter-toolkit web configuration).',
  },
  {
    name: 'web.external-url',
    kind: 'string',
    help: 'The URL under which Alertmanager is externally reachable (for example, if Alertmanager is served via a reverse proxy). Used for generating relative and absolute links back to Alertmanager itself. If the URL has a path portion, it will be used to prefix all HTTP endpoints served by Alertmanager. If omitted, relevant URL components will be derived automatically.',
  },
  {
    name: 'web.route-prefix',
    kind: 'string',
    help: 'Prefix for the internal routes of web endpoints. Defaults to path of --web.external-url.',
  },
  {
    name: 'web.get-concurrency',
    kind: 'int',
    default: '0',
    help: 'Maximum number of GET requests processed concurrently. If negative or zero, the limit is 8.',
  },
  {
    name: 'web.timeout',
    kind: 'duration',
    default: '0',
    help: 'Timeout for HTTP requests. If negative or zero, no timeout is set.',
  },
  {
    name: 'auto-gomemlimit.ratio',
    kind: 'float',
    default: '0.9',
    help: 'Accepted for compatibility; has no effect (Go memory limit).',
  },
  {
    name: 'cluster.listen-address',
    kind: 'string',
    default: '0.0.0.0:9094',
    help: 'Listen address for cluster. Set to empty string to disable HA mode.',
  },
  { name: 'cluster.advertise-address', kind: 'string', help: 'Explicit address to advertise in cluster.' },
  {
    name: 'cluster.peer-name',
    kind: 'string',
    default: '',
    help: 'Explicit name of the peer, rather than generating a random one',
  },
  { name: 'cluster.peer', kind: 'strings', help: 'Initial peers (may be repeated).' },
  { name: 'cluster.peer-timeout', kind: 'duration', default: '15s', help: 'Time to wait between peers to send notifications.' },
  { name: 'cluster.peers-resolve-timeout', kind: 'duration', default: '15s', help: 'Time to resolve peers.' },
  { name: 'cluster.gossip-interval', kind: 'duration', default: '200ms', help: 'Interval between sending gossip messages.' },
  { name: 'cluster.pushpull-interval', kind: 'duration', default: '1m0s', help: 'Interval for gossip state syncs.' },
  {
    name: 'cluster.tcp-timeout',
    kind: 'duration',
    default: '10s',
    help: 'Timeout for establishing a stream connection with a remote node for a full state sync, and for stream read and write operations.',
  },
  {
    name: 'cluster.probe-timeout',
    kind: 'duration',
    default: '500ms',
    help: 'Timeout to wait for an ack from a probed node before assuming it is unhealthy.',
  },
  { name: 'cluster.probe-interval', kind: 'duration', default: '1s', help: 'Interval between random node probes.' },
  {
    name: 'cluster.settle-timeout',
    kind: 'duration',
    default: '1m0s',
    help: 'Maximum time to wait for cluster connections to settle before evaluating notifications.',
  },
  { name: 'cluster.reconnect-interval', kind: 'duration', default: '10s', help: 'Interval between attempting to reconnect to lost peers.' },
  { name: 'cluster.reconnect-timeout', kind: 'duration', default: '6h0m0s', help: 'Length of time to attempt to reconnect to a lost peer.' },
  {
    name: 'cluster.tls-config',
    kind: 'string',
    default: '',
    help: '[EXPERIMENTAL] Path to config yaml file that can enable mutual TLS within the gossip protocol.',
  },
  {
    name: 'cluster.allow-insecure-public-advertise-address-discovery',
    kind: 'bool',
    help: '[EXPERIMENTAL] Allow alertmanager to discover and listen on a public IP address.',
  },
  {
    name: 'cluster.label',
    kind: 'string',
    default: '',
    help: 'The cluster label is an optional string to include on each packet and stream. It uniquely identifies the cluster and prevents cross-communication issues when sending gossip messages.',
  },
  {
    name: 'enable-feature',
    kind: 'string',
    default: '',
    help: 'Comma-separated experimental features to enable. Valid options: alert-names-in-metrics, receiver-name-in-metrics, group-key-in-metrics, classic-mode, utf8-strict-mode, auto-gomemlimit, event-recorder',
  },
  { name: 'log.level', kind: 'level', default: 'info', help: 'Only log messages with the given severity or above. One of: [debug, info, warn, error]' },
  { name: 'log.format', kind: 'format', default: 'logfmt', help: 'Output format of log messages. One of: [logfmt, json]' },
];

const SPECS = new Map(SERVE_FLAGS.map((spec) => [spec.name, spec]));

/**
 * Parses `tocsin serve` arguments with kingpin's rules (`--flag=value`, `--flag value`, `--no-flag`
 * for booleans, repeatable list flags, `-h`), then validates values as Alertmanager does.
 * @throws {FlagError} with kingpin's message, e.g. `unknown long flag '--x'`.
 */
export function parseServeFlags(argv: readonly string[]): FlagParseResult {
  const values = new Map<string, string[]>();
  let onlyPositionals = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (onlyPositionals || !arg.startsWith('-') || arg === '-') throw new FlagError(`unexpected ${arg}`);
    if (arg === '--') {
      onlyPositionals = true;
      continue;
    }
    if (!arg.startsWith('--')) {
      if (arg === '-h') return { kind: 'help' };
      throw new FlagError(`unknown short flag '${arg.slice(0, 2)}'`);
    }
    const eq = arg.indexOf('=');
    let name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
    const inline = eq < 0 ? undefined : arg.slice(eq + 1);
    if (name === 'help' || name === 'help-long' || name === 'help-man') return { kind: 'help' };
    if (name === 'version') return { kind: 'version' };
    let spec = SPECS.get(name);
    let value: string;
    if (spec === undefined && name.startsWith('no-') && SPECS.get(name.slice(3))?.kind === 'bool') {
      name = name.slice(3);
      spec = SPECS.get(name) as FlagSpec;
      value = 'false';
    } else if (spec === undefined) {
      throw new FlagError(`unknown long flag '--${name}'`);
    } else if (spec.kind === 'bool') {
      value = 'true';
    } else if (inline !== undefined) {
      value = inline;
    } else {
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith('-') && next !== '-')) {
        throw new FlagError(`expected argument for flag '--${name}'`);
      }
      value = next;
      i++;
    }
    // kingpin hands a boolean's `=value` on as a positional argument, which serve rejects.
    if (spec.kind === 'bool' && inline !== undefined) throw new FlagError(`unexpected ${inline}`);
    const seen = values.get(name);
    if (seen !== undefined && spec.kind !== 'strings') throw new FlagError(`flag '${name}' cannot be repeated`);
    values.set(name, [...(seen ?? []), value]);
  }
  return { kind: 'run', options: buildOptions(values) };
}

function buildOptions(values: Map<string, string[]>): ServeOptions {
  const raw = (name: string): string => {
    const given = values.get(name);
    if (given !== undefined) return given[given.length - 1] as string;
    return SPECS.get(name)?.default ?? '';
  };
  const str = raw;
  const list = (name: string): string[] => {
    const given = values.get(name);
    if (given !== undefined) return given;
    const dflt = SPECS.get(name)?.default;
    return dflt === undefined ? [] : [dflt];
  };
  const bool = (name: string): boolean => raw(name) === 'true';
  const duration = (name: string): number => parseFlagDuration(raw(name));
  const float = (name: string): number => parseGoFloat(raw(name));
  const int = (name: string): number => Math.trunc(float(name));

  const level = raw('log.level');
  if (!(LOG_LEVELS as readonly string[]).includes(level)) throw new FlagError(`unrecognized log level "${level}"`);
  const format = raw('log.format');
  if (!(LOG_FORMATS as readonly string[]).includes(format)) throw new FlagError(`unrecognized log format "${format}"`);

  const options: ServeOptions = {
    configFile: str('config.file'),
    storagePath: str('storage.path'),
    dataRetention: duration('data.retention'),
    dataMaintenanceInterval: duration('data.maintenance-interval'),
    alertsGcInterval: duration('alerts.gc-interval'),
    alertsPerAlertnameLimit: int('alerts.per-alertname-limit'),
    webSystemdSocket: bool('web.systemd-socket'),
    webListenAddresses: list('web.listen-address'),
    webConfigFile: str('web.config.file'),
    webExternalUrl: str('web.external-url'),
    webRoutePrefix: str('web.route-prefix'),
    webGetConcurrency: int('web.get-concurrency'),
    webTimeout: duration('web.timeout'),
    cluster: {
      listenAddress: str('cluster.listen-address'),
      advertiseAddress: str('cluster.advertise-address'),
      peerName: str('cluster.peer-name'),
      peers: list('cluster.peer'),
      peerTimeout: duration('cluster.peer-timeout'),
      peersResolveTimeout: duration('cluster.peers-resolve-timeout'),
      gossipInterval: duration('cluster.gossip-interval'),
      pushpullInterval: duration('cluster.pushpull-interval'),
      tcpTimeout: duration('cluster.tcp-timeout'),
      probeTimeout: duration('cluster.probe-timeout'),
      probeInterval: duration('cluster.probe-interval'),
      settleTimeout: duration('cluster.settle-timeout'),
      reconnectInterval: duration('cluster.reconnect-interval'),
      reconnectTimeout: duration('cluster.reconnect-timeout'),
      tlsConfig: str('cluster.tls-config'),
      allowInsecurePublicAdvertiseAddressDiscovery: bool('cluster.allow-insecure-public-advertise-address-discovery'),
      label: str('cluster.label'),
    },
    logLevel: level as LogLevel,
    logFormat: format as LogFormat,
    logSilences: bool('log.silences'),
    enableFeatures: str('enable-feature')
      .split(',')
      .filter((f) => f !== ''),
    dispatchStartDelay: duration('dispatch.start-delay'),
    dispatchMaintenanceInterval: duration('dispatch.maintenance-interval'),
    silencesMaxSilences: int('silences.max-silences'),
    silencesMaxSilenceSizeBytes: int('silences.max-silence-size-bytes'),
    autoGomemlimitRatio: float('auto-gomemlimit.ratio'),
  };
  return options;
}

/**
 * Validates option values the way Alertmanager's `Options.validate` and its cluster setup do.
 * @throws {Error} naming the flag and the value at fault.
 */
export function validateServeOptions(o: ServeOptions): void {
  const positive: [string, number][] = [
    ['data.retention', o.dataRetention],
    ['data.maintenance-interval', o.dataMaintenanceInterval],
    ['alerts.gc-interval', o.alertsGcInterval],
    ['dispatch.maintenance-interval', o.dispatchMaintenanceInterval],
  ];
  if (o.configFile === '') throw new Error('--config.file must not be empty');
  if (o.storagePath === '') throw new Error('--storage.path must not be empty');
  if (!o.webSystemdSocket && o.webListenAddresses.length === 0) {
    throw new Error('no web listen address or systemd socket flag specified');
  }
  for (const address of o.webListenAddresses) {
    if (address.startsWith('vsock://')) throw new Error(`--web.listen-address=${address}: vsock listeners are not supported`);
    splitHostPort(address);
  }
  const c = o.cluster;
  if (c.listenAddress !== '') {
    positive.push(
      ['cluster.peer-timeout', c.peerTimeout],
      ['cluster.peers-resolve-timeout', c.peersResolveTimeout],
      ['cluster.gossip-interval', c.gossipInterval],
      ['cluster.pushpull-interval', c.pushpullInterval],
      ['cluster.tcp-timeout', c.tcpTimeout],
      ['cluster.probe-timeout', c.probeTimeout],
      ['cluster.probe-interval', c.probeInterval],
      ['cluster.reconnect-interval', c.reconnectInterval],
      ['cluster.reconnect-timeout', c.reconnectTimeout],
    );
    checkAddress('cluster.listen-address', c.listenAddress);
    if (c.advertiseAddress !== '') checkAddress('cluster.advertise-address', c.advertiseAddress);
    for (const peer of c.peers) checkAddress('cluster.peer', peer);
  }
  for (const [name, value] of positive) {
    if (!(value > 0)) throw new Error(`--${name} must be positive`);
  }
  if (o.enableFeatures.includes('auto-gomemlimit') && !(o.autoGomemlimitRatio > 0 && o.autoGomemlimitRatio <= 1)) {
    throw new Error('--auto-gomemlimit.ratio must be greater than 0 and less than or equal to 1.');
  }
}

function checkAddress(flag: string, address: string): void {
  try {
    splitHostPort(address);
  } catch (err) {
    throw new Error(`invalid --${flag}=${address}: ${(err as Error).message}`);
  }
}

/** Go's time.ParseDuration (what kingpin uses), also accepting Prometheus units such as `1d`. */
export function parseFlagDuration(text: string): number {
  try {
    return parseGoDuration(text);
  } catch (err) {
    const prometheus = tryParseDuration(text);
    if (prometheus !== undefined) return prometheus;
    throw new FlagError((err as Error).message);
  }
}

/** kingpin reads ints and floats through strconv.ParseFloat; reproduce its error text. */
function parseGoFloat(text: string): number {
  const n = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) ? Number(text) : NaN;
  if (Number.isNaN(n)) throw new FlagError(`strconv.ParseFloat: parsing ${JSON.stringify(text)}: invalid syntax`);
  return n;
}

/** kingpin-style help text for `tocsin serve`. */
export function serveHelp(program: string): string {
  const lines = [`usage: ${program} serve [<flags>]`, '', 'Flags:', '  -h, --help                 Show context-sensitive help.'];
  for (const spec of SERVE_FLAGS) {
    let left = `      --${spec.name}`;
    if (spec.kind !== 'bool') {
      left +=
        spec.default === undefined
          ? `=${spec.name.toUpperCase()}`
          : spec.kind === 'string'
            ? `=${JSON.stringify(spec.default)}`
            : `=${spec.default}`;
      if (spec.kind === 'strings') left += ' ...';
    }
    lines.push(left, `          ${spec.help}`);
  }
  lines.push('      --version                  Show application version.', '');
  return lines.join('\n');
}
