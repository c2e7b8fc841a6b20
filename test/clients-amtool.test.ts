// The real amtool 0.25 pointed at `tocsin serve`: alert and silence commands, `config routes test`
// (which reads the server's configuration) and `cluster show` succeed, and print what they print
// against Alertmanager 0.25 in the same state (ids and times normalised), when it is installed.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { PairedServers } from './support/paired-servers.ts';
import { findProgram, skipUnless } from './support/programs.ts';

const CONFIG = `route:
  receiver: default
  group_by: [alertname]
  group_wait: 1h
  routes:
  - receiver: team-apps
    matchers: ['namespace="apps"']
    continue: true
  - receiver: team-db
    matchers: ['instance=~"db-.*"']
receivers:
- name: default
- name: team-apps
- name: team-db
inhibit_rules:
- source_matchers: [severity="critical"]
  target_matchers: [severity="warning"]
  equal: [alertname]
`;

const ALERTS = [
  { labels: { alertname: 'HighLatency', severity: 'warning', namespace: 'apps', instance: 'web-1' }, annotations: { summary: 'p99 above 1s' } },
  { labels: { alertname: 'HighLatency', severity: 'critical', namespace: 'apps', instance: 'web-1' }, annotations: { summary: 'p99 above 5s' } },
  { labels: { alertname: 'DiskFull', severity: 'warning', namespace: 'infra', instance: 'db-1' }, generatorURL: 'http://prometheus/graph' },
];

interface Result {
  code: number;
  out: string;
  err: string;
}

const AMTOOL = findProgram('amtool');
const ALERTMANAGER = findProgram('prometheus-alertmanager');
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

// amtool's --version-check compares its version with versionInfo.version; checked separately.
const VERSION_WARNING = /^Warning: amtool version \(0\.25\.0\) and alertmanager version \([^)]*\) are different\.\n/m;

/** Ids, times and durations necessarily differ between two servers. */
function normalise(s: string): string {
  return s
    .replace(VERSION_WARNING, '')
    .replace(UUID, '<id>')
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)/g, '<time>')
    .replace(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d( [+-]\d{4})? [A-Z]+/g, '<time>')
    .replace(/ {2,}/g, '  ');
}

describe('amtool 0.25 against tocsin serve', { skip: skipUnless('amtool', 'prometheus-alertmanager') }, () => {
  let dir = '';
  const servers = new PairedServers(ALERTMANAGER);

  const amtool = (url: string, args: readonly string[], cwd = dir): Promise<Result> =>
    new Promise((resolve) => {
      execFile(
        AMTOOL as string,
        [`--alertmanager.url=${url}`, ...args],
        { cwd, env: { ...process.env, HOME: dir }, encoding: 'utf8', timeout: 20_000 },
        (err, out, errOut) => resolve({ code: err === null ? 0 : Number((err as { code?: number }).code ?? 1), out, err: errOut }),
      );
    });

  /** Runs the command against tocsin (it must succeed) and, when installed, Alertmanager: same output. */
  const both = async (args: readonly string[], expectCode = 0): Promise<Result> => {
    const ours = await amtool(servers.tocsin.url, args);
    assert.equal(ours.code, expectCode, `amtool ${args.join(' ')} against tocsin: ${ours.err}${ours.out}`);
    if (servers.alertmanager !== undefined) {
      const theirs = await amtool(servers.alertmanagerUrl, args);
      assert.deepEqual(
        { code: ours.code, out: normalise(ours.out), err: normalise(ours.err) },
        { code: theirs.code, out: normalise(theirs.out), err: normalise(theirs.err) },
        `amtool ${args.join(' ')}: tocsin (actual) vs Alertmanager 0.25 (expected)`,
      );
    }
    return ours;
  };

  before(async () => {
    dir = await servers.startOn('tocsin-amtool-', CONFIG);
    // Both servers get the same alerts with the same start and end times, so times print alike.
    const startsAt = new Date(Date.now() - 60_000).toISOString();
    const endsAt = new Date(Date.now() + 3_600_000).toISOString();
    for (const url of servers.urls()) {
      const res = await fetch(`${url}/api/v2/alerts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(ALERTS.map((a) => ({ ...a, startsAt, endsAt }))),
      });
      assert.equal(res.status, 200);
    }
    await sleep(300);
  });
  after(() => servers.stop());

  test('alert query: all, by name, with matchers, states and every output format', async () => {
    const all = await both(['alert', 'query']);
    assert.match(all.out, /^Alertname +Starts At +Summary +State/);
    assert.equal(all.out.trim().split('\n').length, 3, 'the inhibited warning is hidden without -i');
    await both(['alert', 'query', 'HighLatency']);
    await both(['alert', 'query', 'severity=warning', 'namespace=~"app.*"']);
    await both(['alert', 'query', '-i', '-s']);
    await both(['alert', 'query', '--active', 'alertname=HighLatency']);
    await both(['alert', 'query', '-o', 'extended']);
    await both(['alert', 'query', '-r', 'team-db']);
    const json = await both(['alert', 'query', '-o', 'json', '-a', '-i', 'alertname=HighLatency']);
    const parsed = JSON.parse(json.out) as { labels: Record<string, string>; status: { state: string; inhibitedBy: string[] } }[];
    assert.deepEqual(parsed.map((a) => [a.labels['severity'], a.status.state]).sort(), [['critical', 'active'], ['warning', 'suppressed']]);
  });

  test('silence add, query, expire and import', async () => {
    const ids: string[] = [];
    for (const url of servers.urls()) {
      const added = await amtool(url, ['silence', 'add', 'alertname=DiskFull', 'instance=~"db-.*"', '-a', 'ops', '-c', 'disk replacement', '-d', '2h']);
      assert.equal(added.code, 0, added.err);
      assert.match(added.out.trim(), new RegExp(`^${UUID.source}$`));
      ids.push(added.out.trim());
    }
    const listed = await both(['silence', 'query']);
    assert.match(listed.out, /alertname="DiskFull" instance=~"db-\.\*"/);
    await both(['silence', 'query', '-o', 'extended', 'alertname=DiskFull']);
    const quiet = await both(['silence', 'query', '-q']);
    assert.equal(quiet.out.trim(), ids[0]);
    const silenced = await both(['alert', 'query', '-s', 'alertname=DiskFull', '-o', 'json']);
    assert.deepEqual((JSON.parse(silenced.out) as { status: { silencedBy: string[] } }[])[0]?.status.silencedBy, [ids[0]]);

    // Export, expire, import again (amtool's TestSilenceImport).
    const exported = await amtool(servers.tocsin.url, ['silence', 'query', '-o', 'json']);
    assert.equal(exported.code, 0, exported.err);
    const file = join(dir, 'silences.json');
    await writeFile(file, exported.out);
    for (const [i, url] of servers.urls().entries()) {
      const expired = await amtool(url, ['silence', 'expire', ids[i] as string]);
      assert.deepEqual([expired.code, expired.out, normalise(expired.err)], [0, '', '']);
    }
    await both(['silence', 'query', '--expired']);
    assert.equal((await amtool(servers.tocsin.url, ['silence', 'query', '-q'])).out, '');
    const imported = await amtool(servers.tocsin.url, ['silence', 'import', file]);
    assert.equal(imported.code, 0, imported.err);
    assert.match(imported.out.trim(), new RegExp(`^${UUID.source}$`), 'the expired id is unknown to update: a new silence');
    assert.match((await amtool(servers.tocsin.url, ['silence', 'query'])).out, /disk replacement/);
  });

  test('config show prints the server configuration', async () => {
    const shown = await amtool(servers.tocsin.url, ['config', 'show']);
    assert.equal(shown.code, 0, shown.err);
    assert.match(shown.out, /receiver: team-apps/);
  });

  test(
    'config routes test and routes show parse the server configuration',
    async () => {
      assert.equal((await both(['config', 'routes', 'test', 'namespace=apps', 'instance=db-1'])).out, 'team-apps,team-db\n');
    await both(['config', 'routes', 'test', '--verify.receivers=team-apps,team-db', 'namespace=apps', 'instance=db-1']);
    await both(['config', 'routes', 'test', '--verify.receivers=default', 'namespace=apps'], 1);
    await both(['config', 'routes', 'test', '--tree', 'instance=db-7']);
    await both(['config', 'routes']);
    },
  );

  // amtool 0.25 warns whenever the server's version differs from its own, as it does against a
  // real Alertmanager 0.34: the version it sees must be the Alertmanager version Tocsin implements.
  test('amtool sees the Alertmanager version Tocsin implements', async () => {
    const { err } = await amtool(servers.tocsin.url, ['alert', 'query']);
    assert.match(err, /alertmanager version \(0\.34\.0\) are different/);
  });

  test('cluster show', async () => {
    const shown = await both(['cluster', 'show']);
    assert.match(shown.out, /Cluster Status:/);
    await both(['cluster', 'show', '-o', 'json']);
  });
});
