import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import bcrypt from 'bcryptjs';
import { configHash } from '../src/config/hash.ts';
import { findProgram, freePort, skipUnless } from './support/programs.ts';
import { eventually, http, run, sample, serveFlags, waitUntilUp, workspace } from './serve-harness.ts';
import type { Proc } from './serve-harness.ts';

const REAL = 'prometheus-alertmanager';
const realPath = findProgram(REAL);

/** Tocsin, and Alertmanager 0.25 as the oracle when it is installed. */
const implementations = [
  { name: 'tocsin', command: 'tocsin', args: ['serve'], skip: false as string | false },
  { name: 'alertmanager 0.25', command: realPath ?? REAL, args: [] as string[], skip: skipUnless(REAL, 'prometheus-alertmanager') },
];

/**
 * Every `alertmanager_*` metric Debian's Alertmanager 0.25 exposes without clustering, read from
 * its `/metrics` (`alertmanager_marked_alerts` left out: 0.34 removed it).
 */
const SINGLE_NODE_METRICS = [
  'alertmanager_alerts',
  'alertmanager_alerts_invalid_total',
  'alertmanager_alerts_received_total',
  'alertmanager_build_info',
  'alertmanager_config_hash',
  'alertmanager_config_last_reload_success_timestamp_seconds',
  'alertmanager_config_last_reload_successful',
  'alertmanager_dispatcher_aggregation_groups',
  'alertmanager_dispatcher_alert_processing_duration_seconds',
  'alertmanager_http_concurrency_limit_exceeded_total',
  'alertmanager_http_requests_in_flight',
  'alertmanager_integrations',
  'alertmanager_nflog_gc_duration_seconds',
  'alertmanager_nflog_gossip_messages_propagated_total',
  'alertmanager_nflog_queries_total',
  'alertmanager_nflog_query_duration_seconds',
  'alertmanager_nflog_query_errors_total',
  'alertmanager_nflog_snapshot_duration_seconds',
  'alertmanager_nflog_snapshot_size_bytes',
  'alertmanager_notification_latency_seconds',
  'alertmanager_notification_requests_failed_total',
  'alertmanager_notification_requests_total',
  'alertmanager_notifications_failed_total',
  'alertmanager_notifications_total',
  'alertmanager_receivers',
  'alertmanager_silences',
  'alertmanager_silences_gc_duration_seconds',
  'alertmanager_silences_gossip_messages_propagated_total',
  'alertmanager_silences_queries_total',
  'alertmanager_silences_query_duration_seconds',
  'alertmanager_silences_query_errors_total',
  'alertmanager_silences_snapshot_duration_seconds',
  'alertmanager_silences_snapshot_size_bytes',
];

const running: Proc[] = [];
after(() => {
  for (const proc of running) proc.kill('SIGKILL');
});

interface Started {
  proc: Proc;
  url: string;
  configFile: string;
  dir: string;
}

async function start(impl: (typeof implementations)[number], extra: string[] = [], opts: { path?: string; scheme?: string } = {}): Promise<Started> {
  const ws = await workspace();
  const port = await freePort();
  const proc = run(impl.command, [...impl.args, ...serveFlags(ws, port), ...extra]);
  running.push(proc);
  const url = `${opts.scheme ?? 'http'}://127.0.0.1:${port}`;
  await waitUntilUp(proc, `${url}${opts.path ?? '/-/healthy'}`);
  return { proc, url, configFile: ws.configFile, dir: ws.dir };
}

async function metrics(url: string): Promise<string> {
  return (await http(`${url}/metrics`)).body;
}

async function stop(s: Started): Promise<void> {
  s.proc.kill('SIGTERM');
  await s.proc.exited;
}

for (const impl of implementations) {
  describe(`serve behaviour shared with Alertmanager: ${impl.name}`, { skip: impl.skip }, () => {
    test('health, readiness and the reload method rule', async () => {
      const s = await start(impl);
      const healthy = await http(`${s.url}/-/healthy`);
      assert.equal(healthy.status, 200);
      assert.equal(healthy.body, 'OK');
      assert.equal((await http(`${s.url}/-/healthy`, { method: 'HEAD' })).status, 200);
      const ready = await http(`${s.url}/-/ready`);
      assert.deepEqual([ready.status, ready.body], [200, 'OK']);
      const get = await http(`${s.url}/-/reload`);
      assert.equal(get.status, 405);
      assert.equal(get.headers.allow, 'OPTIONS, POST');
      assert.equal((await http(`${s.url}/no/such/path`)).status, 404);
      const post = await http(`${s.url}/-/reload`, { method: 'POST' });
      assert.deepEqual([post.status, post.body], [200, '']);
      await stop(s);
    });

    test('metrics: config hash, reload state, build info, cluster, process', async () => {
      const s = await start(impl);
      const text = await metrics(s.url);
      assert.equal(sample(text, 'alertmanager_config_hash'), configHash(await readFile(s.configFile)));
      assert.equal(sample(text, 'alertmanager_config_last_reload_successful'), 1);
      const stamp = sample(text, 'alertmanager_config_last_reload_success_timestamp_seconds') as number;
      assert.ok(Math.abs(stamp - Date.now() / 1000) < 60, `timestamp ${stamp}`);
      assert.equal(sample(text, 'alertmanager_cluster_enabled'), 0);
      const buildInfo = text.split('\n').find((l) => l.startsWith('alertmanager_build_info{')) ?? '';
      for (const label of ['version', 'revision', 'branch', 'goversion', 'goos', 'goarch']) {
        assert.match(buildInfo, new RegExp(`[{,]${label}="`), label);
      }
      for (const name of ['process_cpu_seconds_total', 'process_start_time_seconds', 'process_resident_memory_bytes', 'process_open_fds', 'process_max_fds']) {
        assert.ok(sample(text, name) !== undefined, name);
      }
      await stop(s);
    });

    test('metrics: the names a single Alertmanager 0.25 exposes; silence queries and routed alerts counted', async () => {
      const s = await start(impl);
      const json = { 'content-type': 'application/json' };
      const alerts = JSON.stringify([{ labels: { alertname: 'MetricsProbe', job: 'j' } }]);
      assert.equal((await http(`${s.url}/api/v2/alerts`, { method: 'POST', headers: json, body: alerts })).status, 200);
      const silence = JSON.stringify({
        matchers: [{ name: 'job', value: 'j', isRegex: false, isEqual: true }],
        startsAt: new Date().toISOString(),
        endsAt: new Date(Date.now() + 3_600_000).toISOString(),
        createdBy: 'test',
        comment: 'metrics',
      });
      const created = await http(`${s.url}/api/v2/silences`, { method: 'POST', headers: json, body: silence });
      const { silenceID } = JSON.parse(created.body) as { silenceID: string };
      assert.equal((await http(`${s.url}/api/v2/silences`)).status, 200);
      assert.equal((await http(`${s.url}/api/v2/silence/${silenceID}`)).status, 200);
      assert.equal((await http(`${s.url}/api/v2/alerts`)).status, 200);
      const text = await metrics(s.url);
      const names = new Set(text.split('\n').filter((l) => l.startsWith('# TYPE ')).map((l) => l.split(' ')[2]));
      for (const name of SINGLE_NODE_METRICS) assert.ok(names.has(name), `missing ${name}`);
      // The silence listing and the lookup by id are a query each; listing the alert adds the silencer's.
      assert.ok((sample(text, 'alertmanager_silences_queries_total') ?? 0) >= 3, 'silence queries counted');
      assert.ok((sample(text, 'alertmanager_silences_query_duration_seconds_count') ?? 0) >= 3, 'silence queries timed');
      assert.equal(sample(text, 'alertmanager_silences_query_errors_total'), 0);
      assert.equal(sample(text, 'alertmanager_dispatcher_alert_processing_duration_seconds_count'), 1);
      assert.ok((sample(text, 'alertmanager_dispatcher_alert_processing_duration_seconds_sum') ?? 0) > 0);
      await stop(s);
    });

    test('a failed reload answers 500, keeps the running config and sets the metric to 0', async () => {
      const s = await start(impl);
      const before = sample(await metrics(s.url), 'alertmanager_config_hash');
      const original = await readFile(s.configFile, 'utf8');
      await writeFile(s.configFile, 'route:\n  receiver: nope\nreceivers:\n  - name: default\n');
      const bad = await http(`${s.url}/-/reload`, { method: 'POST' });
      assert.equal(bad.status, 500);
      assert.match(bad.body, /^failed to reload config: .*undefined receiver "nope" used in route\n$/);
      assert.equal(bad.headers['content-type'], 'text/plain; charset=utf-8');
      let text = await metrics(s.url);
      assert.equal(sample(text, 'alertmanager_config_last_reload_successful'), 0);
      assert.equal(sample(text, 'alertmanager_config_hash'), before);
      await writeFile(s.configFile, `${original}# changed\n`);
      assert.equal((await http(`${s.url}/-/reload`, { method: 'POST' })).status, 200);
      text = await metrics(s.url);
      assert.equal(sample(text, 'alertmanager_config_last_reload_successful'), 1);
      assert.equal(sample(text, 'alertmanager_config_hash'), configHash(`${original}# changed\n`));
      await stop(s);
    });

    test('SIGHUP reloads', async () => {
      const s = await start(impl);
      const changed = `${await readFile(s.configFile, 'utf8')}# sighup\n`;
      await writeFile(s.configFile, changed);
      s.proc.kill('SIGHUP');
      await eventually(async () => sample(await metrics(s.url), 'alertmanager_config_hash') === configHash(changed));
      await stop(s);
    });

    test('the external URL path prefixes every route and / redirects to it', async () => {
      const s = await start(impl, ['--web.external-url=http://example.com:9999/am/'], { path: '/am/-/healthy' });
      const root = await http(`${s.url}/`);
      assert.equal(root.status, 302);
      assert.equal(root.headers.location, '/am');
      assert.equal((await http(`${s.url}/am/-/healthy`)).status, 200);
      assert.equal((await http(`${s.url}/-/healthy`)).status, 404);
      assert.match((await http(`${s.url}/am/metrics`)).body, /alertmanager_config_hash/);
      await stop(s);
    });

    test('--web.route-prefix wins over the external URL path', async () => {
      const s = await start(impl, ['--web.external-url=http://example.com/am/', '--web.route-prefix=/custom/'], { path: '/custom/-/healthy' });
      assert.equal((await http(`${s.url}/custom/-/ready`)).status, 200);
      assert.equal((await http(`${s.url}/am/-/ready`)).status, 404);
      await stop(s);
    });

    test('TLS and basic auth from --web.config.file', { skip: skipUnless('openssl', 'openssl') }, async () => {
      const ws = await workspace();
      execFileSync('openssl', [
        'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
        '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1',
        '-keyout', join(ws.dir, 'key.pem'), '-out', join(ws.dir, 'cert.pem'),
      ], { stdio: 'ignore' });
      const hash = await bcrypt.hash('s3cret', 4);
      const webConfig = join(ws.dir, 'web.yml');
      // Relative paths are taken from the web config's directory.
      await writeFile(webConfig, `tls_server_config:\n  cert_file: cert.pem\n  key_file: key.pem\nbasic_auth_users:\n  admin: ${hash}\n`);
      const s = await start(impl, [`--web.config.file=${webConfig}`], { scheme: 'https' });
      const anonymous = await http(`${s.url}/-/healthy`);
      assert.equal(anonymous.status, 401);
      assert.equal(anonymous.headers['www-authenticate'], 'Basic');
      assert.equal(anonymous.body, 'Unauthorized\n');
      const basic = (pass: string): Record<string, string> => ({ authorization: `Basic ${Buffer.from(`admin:${pass}`).toString('base64')}` });
      assert.equal((await http(`${s.url}/-/healthy`, { headers: basic('wrong') })).status, 401);
      const ok = await http(`${s.url}/-/healthy`, { headers: basic('s3cret') });
      assert.deepEqual([ok.status, ok.body], [200, 'OK']);
      const plain = await http(`${s.url.replace('https:', 'http:')}/-/healthy`).catch(() => undefined);
      assert.notEqual(plain?.status, 200);
      await stop(s);
    });

    test('an unknown flag is a kingpin error with exit code 1', async () => {
      const proc = run(impl.command, [...impl.args, '--x']);
      running.push(proc);
      assert.equal(await proc.exited, 1);
      assert.match(proc.stderr(), /^[\w-]+: error: unknown long flag '--x', try --help\n$/);
    });

    test('an invalid configuration at start exits 1', async () => {
      const ws = await workspace('route:\n  receiver: nope\nreceivers:\n  - name: default\n');
      const port = await freePort();
      const proc = run(impl.command, [...impl.args, ...serveFlags(ws, port)]);
      running.push(proc);
      assert.equal(await proc.exited, 1);
      assert.match(proc.stderr(), /undefined receiver \\?"nope\\?" used in route/);
    });
  });
}

const BIN = fileURLToPath(new URL('../bin/tocsin.js', import.meta.url));
const BUILT = existsSync(fileURLToPath(new URL('../dist/main.js', import.meta.url)));
const POOL_TEST_SKIP = !BUILT ? 'bin/tocsin.js needs the build (npm run build)' : process.platform !== 'linux' && 'reads /proc, which only Linux has';

describe('tocsin serve only', () => {
  test('the tocsin command runs Node with V8\'s thread pool sized to the machine', { skip: POOL_TEST_SKIP }, async () => {
    const ws = await workspace();
    const port = await freePort();
    // Executed as a file, so its #! line decides how Node starts.
    const proc = run(BIN, ['serve', ...serveFlags(ws, port)]);
    running.push(proc);
    await waitUntilUp(proc, `http://127.0.0.1:${port}/-/healthy`);
    const argv = (await readFile(`/proc/${proc.child.pid}/cmdline`, 'utf8')).split('\0');
    assert.ok(argv.includes('--v8-pool-size=0'), argv.join(' '));
    assert.equal(argv.indexOf('--v8-pool-size=0') < argv.indexOf(BIN), true);
    proc.kill('SIGTERM');
    assert.equal(await proc.exited, 0);
  });

  test('a store whose snapshot cannot be written holds up no other store\'s maintenance', async () => {
    const ws = await workspace();
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const proc = run('tocsin', ['serve', ...serveFlags(ws, port), '--data.maintenance-interval=100ms']);
    running.push(proc);
    await waitUntilUp(proc, `${url}/-/healthy`);
    // A directory where the silences snapshot goes: the next snapshot cannot be renamed onto it.
    // The file may be written again between the removal and the mkdir, so until the mkdir wins.
    const snapshot = join(ws.storage, 'tocsin-silences.json');
    await eventually(async () => {
      await rm(snapshot, { force: true });
      return mkdir(join(snapshot, 'in-the-way'), { recursive: true }).then(() => true, () => false);
    });
    const failedBefore = sample(await metrics(url), 'alertmanager_silences_maintenance_errors_total') ?? 0;
    let text = '';
    await eventually(async () => {
      text = await metrics(url);
      return (sample(text, 'alertmanager_silences_maintenance_errors_total') ?? 0) >= failedBefore + 2;
    });
    const nflogRuns = sample(text, 'alertmanager_nflog_maintenance_total') ?? 0;
    await eventually(async () => (sample(await metrics(url), 'alertmanager_nflog_maintenance_total') ?? 0) >= nflogRuns + 2);
    assert.equal(sample(await metrics(url), 'alertmanager_nflog_maintenance_errors_total'), 0);
    assert.match(proc.stderr(), /level=ERROR .*msg="silences maintenance failed"/);
    proc.kill('SIGKILL');
    await proc.exited;
  });

  test('the metric feature flags: alert names on refused alerts, receiver names, group keys', async () => {
    const ws = await workspace('route:\n  receiver: team\nreceivers:\n  - name: team\n    webhook_configs:\n      - url: http://127.0.0.1:9/hook\n');
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const features = '--enable-feature=alert-names-in-metrics,receiver-name-in-metrics,group-key-in-metrics';
    const proc = run('tocsin', ['serve', ...serveFlags(ws, port), '--alerts.per-alertname-limit=1', features]);
    running.push(proc);
    await waitUntilUp(proc, `${url}/-/healthy`);
    const alerts = JSON.stringify([{ labels: { alertname: 'Busy', instance: 'a' } }, { labels: { alertname: 'Busy', instance: 'b' } }]);
    const posted = await http(`${url}/api/v2/alerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: alerts });
    assert.equal(posted.status, 200, 'a refused alert is no validation error');
    const text = await metrics(url);
    assert.equal(sample(text, 'alertmanager_alerts_per_alert_limit'), 1);
    assert.match(text, /^alertmanager_alerts_limited_total\{alertname="Busy"\} 1$/m);
    assert.match(proc.stderr(), /level=WARN .*msg="error on set alert" .*alertname=Busy err="alert limited"/);
    assert.match(text, /^alertmanager_notifications_total\{integration="webhook",receiver_name="team"\} 0$/m);
    assert.match(text, /^alertmanager_alerts\{state="unprocessed",group_key="\{\}:\{\}"\} 1$/m);
    proc.kill('SIGTERM');
    assert.equal(await proc.exited, 0);
  });

  test('a bad configuration at start names file and line', async () => {
    const ws = await workspace('route:\n  receiver: default\n  group_wait: soon\nreceivers:\n  - name: default\n');
    const proc = run('tocsin', ['serve', `--config.file=${ws.configFile}`, `--storage.path=${ws.storage}`, `--web.listen-address=127.0.0.1:${await freePort()}`]);
    running.push(proc);
    assert.equal(await proc.exited, 1);
    assert.match(proc.stderr(), new RegExp(`level=ERROR .*msg="Loading configuration file failed" component=configuration file=${ws.configFile} err=".*am\\.yml:3:\\d+`));
  });

  test('the Prometheus Operator command line starts', async () => {
    const ws = await workspace();
    const webConfig = join(ws.dir, 'web-config.yaml');
    await writeFile(webConfig, '');
    const port = await freePort();
    const proc = run('tocsin', [
      `--config.file=${ws.configFile}`,
      `--storage.path=${ws.storage}`,
      `--cluster.listen-address=[127.0.0.1]:${await freePort()}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--web.route-prefix=/',
      '--cluster.label=monitoring/main',
      '--cluster.peer=alertmanager-main-0.alertmanager-operated:9094',
      '--cluster.peer=alertmanager-main-1.alertmanager-operated:9094',
      '--cluster.reconnect-timeout=5m',
      `--web.config.file=${webConfig}`,
    ]);
    running.push(proc);
    await waitUntilUp(proc, `http://127.0.0.1:${port}/-/ready`);
    assert.match(proc.stderr(), /Redis.*component=cluster/);
    proc.kill('SIGTERM');
    assert.equal(await proc.exited, 0);
    assert.match(proc.stderr(), /msg="Received SIGTERM, exiting gracefully\.\.\."/);
  });

  test('a server that grew gives memory back once requests stop', async () => {
    const s = await start(implementations[0] as (typeof implementations)[number]);
    // 30,000 alerts with 6 KB annotations of their own grow the heap by about 220 MiB. V8 collects
    // on its own while it grows, and the reducer counts growth since the lowest heap it saw, which
    // one such collection late in the burst can leave at half the end size: that must still be
    // well past the reducer's 64 MiB (2 KB annotations sometimes left 61 MiB).
    const padding = 'x'.repeat(6144);
    const startsAt = new Date().toISOString();
    for (let batch = 0; batch < 300; batch++) {
      const alerts = Array.from({ length: 100 }, (_, i) => ({ labels: { alertname: 'Grow', i: String(batch * 100 + i) }, annotations: { padding: `${batch}/${i} ${padding}` }, startsAt }));
      assert.equal((await http(`${s.url}/api/v2/alerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(alerts) })).status, 200);
    }
    // One scrape after the quiet second, the check and the collection: scraping is a request too.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const scraped = await metrics(s.url);
    assert.ok((sample(scraped, 'tocsin_idle_gc_duration_seconds_count') ?? 0) >= 1, 'no collection after the requests stopped');
    const youngBytes = Number(/^nodejs_heap_space_size_total_bytes\{space="new"\} (\S+)$/m.exec(scraped)?.[1]);
    assert.ok(youngBytes <= 8 * 1024 * 1024, `young generation of ${youngBytes} bytes was not shrunk`);
    await stop(s);
  });

  test('--log.format=json writes one JSON object per line', async () => {
    const ws = await workspace();
    const port = await freePort();
    const proc = run('tocsin', ['serve', `--config.file=${ws.configFile}`, `--storage.path=${ws.storage}`, `--web.listen-address=127.0.0.1:${port}`, '--log.format=json', '--cluster.listen-address=']);
    running.push(proc);
    await waitUntilUp(proc, `http://127.0.0.1:${port}/-/healthy`);
    proc.kill('SIGINT');
    assert.equal(await proc.exited, 0);
    const lines = proc.stderr().trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.ok(lines.some((l) => l.msg === 'Listening on' && l.address === `127.0.0.1:${port}` && l.level === 'INFO'));
  });

  test('a feature Alertmanager does not know stops start-up', async () => {
    const proc = run('tocsin', ['serve', '--enable-feature=warp-drive', '--storage.path=/tmp/tocsin-unused']);
    running.push(proc);
    assert.equal(await proc.exited, 1);
    assert.match(proc.stderr(), /unknown option 'warp-drive' for --enable-feature/);
  });

  test('--help prints the flags on stdout and exits 0', async () => {
    const proc = run('tocsin', ['serve', '--help']);
    running.push(proc);
    assert.equal(await proc.exited, 0);
    assert.match(proc.stdout(), /--cluster\.reconnect-timeout=6h0m0s/);
  });
});
