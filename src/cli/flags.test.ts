import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FlagError, parseServeFlags, serveHelp, validateServeOptions } from './flags.ts';
import type { ServeOptions } from './flags.ts';

function options(...argv: string[]): ServeOptions {
  const result = parseServeFlags(argv);
  assert.equal(result.kind, 'run');
  return (result as { options: ServeOptions }).options;
}

function flagError(argv: string[]): string {
  try {
    parseServeFlags(argv);
  } catch (err) {
    assert.ok(err instanceof FlagError);
    return err.message;
  }
  assert.fail(`no error for ${argv.join(' ')}`);
}

test('defaults are Alertmanager 0.34 defaults', () => {
  const o = options();
  assert.equal(o.configFile, 'alertmanager.yml');
  assert.equal(o.storagePath, 'data/');
  assert.equal(o.dataRetention, 120 * 3600_000);
  assert.equal(o.dataMaintenanceInterval, 15 * 60_000);
  assert.equal(o.alertsGcInterval, 30 * 60_000);
  assert.equal(o.dispatchMaintenanceInterval, 30_000);
  assert.equal(o.dispatchStartDelay, 0);
  assert.deepEqual(o.webListenAddresses, [':9093']);
  assert.equal(o.webConfigFile, '');
  assert.equal(o.webExternalUrl, '');
  assert.equal(o.webRoutePrefix, '');
  assert.equal(o.webGetConcurrency, 0);
  assert.equal(o.webTimeout, 0);
  assert.equal(o.webSystemdSocket, false);
  assert.equal(o.logLevel, 'info');
  assert.equal(o.logFormat, 'logfmt');
  assert.equal(o.logSilences, false);
  assert.deepEqual(o.enableFeatures, []);
  assert.equal(o.autoGomemlimitRatio, 0.9);
  assert.deepEqual(o.cluster, {
    listenAddress: '0.0.0.0:9094',
    advertiseAddress: '',
    peerName: '',
    peers: [],
    peerTimeout: 15_000,
    peersResolveTimeout: 15_000,
    gossipInterval: 200,
    pushpullInterval: 60_000,
    tcpTimeout: 10_000,
    probeTimeout: 500,
    probeInterval: 1000,
    settleTimeout: 60_000,
    reconnectInterval: 10_000,
    reconnectTimeout: 6 * 3600_000,
    tlsConfig: '',
    allowInsecurePublicAdvertiseAddressDiscovery: false,
    label: '',
  });
});

test('values come as --flag=value or --flag value', () => {
  const o = options('--config.file', 'a.yml', '--storage.path=/data', '--web.timeout=1m30s', '--alerts.per-alertname-limit', '10');
  assert.equal(o.configFile, 'a.yml');
  assert.equal(o.storagePath, '/data');
  assert.equal(o.webTimeout, 90_000);
  assert.equal(o.alertsPerAlertnameLimit, 10);
});

test('an empty value is a value', () => {
  assert.equal(options('--cluster.listen-address=').cluster.listenAddress, '');
  assert.equal(options('--web.route-prefix', '').webRoutePrefix, '');
});

test('repeatable flags replace their default and keep order', () => {
  assert.deepEqual(options('--web.listen-address=:1', '--web.listen-address', '127.0.0.1:2').webListenAddresses, [':1', '127.0.0.1:2']);
  assert.deepEqual(options('--cluster.peer=a:1', '--cluster.peer=b:2').cluster.peers, ['a:1', 'b:2']);
});

test('booleans take --flag and --no-flag, not --flag=value', () => {
  assert.equal(options('--log.silences').logSilences, true);
  assert.equal(options('--no-log.silences').logSilences, false);
  assert.equal(flagError(['--log.silences', '--no-log.silences']), "flag 'log.silences' cannot be repeated");
  assert.equal(options('--web.systemd-socket').webSystemdSocket, true);
  assert.equal(flagError(['--log.silences=true']), 'unexpected true');
  assert.equal(flagError(['--no-config.file=x']), "unknown long flag '--no-config.file'");
});

test('--enable-feature is one comma-separated list', () => {
  assert.deepEqual(options('--enable-feature=classic-mode,receiver-name-in-metrics').enableFeatures, ['classic-mode', 'receiver-name-in-metrics']);
  assert.equal(flagError(['--enable-feature=a', '--enable-feature=b']), "flag 'enable-feature' cannot be repeated");
});

test('kingpin error texts', () => {
  const cases: [string[], string][] = [
    [['--x'], "unknown long flag '--x'"],
    [['-x'], "unknown short flag '-x'"],
    [['foo'], 'unexpected foo'],
    [['--', '--foo'], 'unexpected --foo'],
    [['--config.file'], "expected argument for flag '--config.file'"],
    [['--config.file', '--storage.path=x'], "expected argument for flag '--config.file'"],
    [['--config.file=a', '--config.file=b'], "flag 'config.file' cannot be repeated"],
    [['--data.retention=5x'], 'time: unknown unit "x" in duration "5x"'],
    [['--data.retention=5'], 'time: missing unit in duration "5"'],
    [['--web.get-concurrency=abc'], 'strconv.ParseFloat: parsing "abc": invalid syntax'],
    [['--web.get-concurrency='], 'strconv.ParseFloat: parsing "": invalid syntax'],
    [['--log.level=foo'], 'unrecognized log level "foo"'],
    [['--log.format=xml'], 'unrecognized log format "xml"'],
  ];
  for (const [argv, message] of cases) assert.equal(flagError(argv), message, argv.join(' '));
});

test('ints are read as floats and truncated, as kingpin does', () => {
  assert.equal(options('--web.get-concurrency=1.7').webGetConcurrency, 1);
  assert.equal(options('--silences.max-silences=1e3').silencesMaxSilences, 1000);
});

test('durations take Go syntax and Prometheus day units', () => {
  assert.equal(options('--cluster.pushpull-interval=1.5h').cluster.pushpullInterval, 5_400_000);
  assert.equal(options('--data.retention=2d').dataRetention, 2 * 86_400_000);
  assert.equal(options('--web.timeout=0').webTimeout, 0);
});

test('help and version', () => {
  assert.deepEqual(parseServeFlags(['--help']), { kind: 'help' });
  assert.deepEqual(parseServeFlags(['-h']), { kind: 'help' });
  assert.deepEqual(parseServeFlags(['--config.file=x', '--version']), { kind: 'version' });
  const help = serveHelp('tocsin');
  assert.match(help, /--config\.file="alertmanager\.yml"/);
  assert.match(help, /--web\.listen-address=:9093 \.\.\./);
  assert.match(help, /--web\.external-url=WEB\.EXTERNAL-URL/);
});

test('the Prometheus Operator command line parses and validates', () => {
  const o = options(
    '--config.file=/etc/alertmanager/config_out/alertmanager.env.yaml',
    '--storage.path=/alertmanager',
    '--cluster.listen-address=[10.1.2.3]:9094',
    '--web.listen-address=:9093',
    '--web.route-prefix=/',
    '--cluster.label=monitoring/main',
    '--cluster.peer=alertmanager-main-0.alertmanager-operated:9094',
    '--cluster.peer=alertmanager-main-1.alertmanager-operated:9094',
    '--cluster.reconnect-timeout=5m',
    '--web.config.file=/etc/alertmanager/web_config/web-config.yaml',
  );
  validateServeOptions(o);
  assert.equal(o.cluster.reconnectTimeout, 300_000);
  assert.equal(o.cluster.label, 'monitoring/main');
  assert.equal(o.cluster.peers.length, 2);
});

test('validation rejects what Alertmanager rejects', () => {
  const bad: [string[], RegExp][] = [
    [['--data.retention=0s'], /--data\.retention must be positive/],
    [['--alerts.gc-interval=-1s'], /--alerts\.gc-interval must be positive/],
    [['--cluster.peer=nohost'], /invalid --cluster\.peer=nohost: address nohost: missing port in address/],
    [['--cluster.listen-address=1.2.3.4'], /invalid --cluster\.listen-address/],
    [['--cluster.probe-interval=0s'], /--cluster\.probe-interval must be positive/],
    [['--web.listen-address=vsock://:9093'], /vsock listeners are not supported/],
    [['--web.listen-address=9093'], /missing port in address/],
    [['--config.file='], /--config\.file must not be empty/],
    [['--enable-feature=auto-gomemlimit', '--auto-gomemlimit.ratio=1.5'], /--auto-gomemlimit\.ratio must be greater than 0/],
  ];
  for (const [argv, pattern] of bad) assert.throws(() => validateServeOptions(options(...argv)), pattern, argv.join(' '));
  // Cluster timeouts only matter with clustering on.
  validateServeOptions(options('--cluster.listen-address=', '--cluster.probe-interval=0s', '--cluster.peer=nohost'));
});
