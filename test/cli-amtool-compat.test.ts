/**
 * Our amtool commands against the real amtool 0.25, both talking to one real Alertmanager 0.25:
 * same server state, same output byte for byte (after normalising ids and times that necessarily
 * differ). Also amtool's black-box acceptance cases (test/cli/acceptance/cli_test.go).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAmtool } from '../src/cli/amtool/index.ts';
import { findProgram, freePort, skipUnless } from './support/programs.ts';

const skip = skipUnless('prometheus-alertmanager', 'prometheus-alertmanager') || skipUnless('amtool', 'prometheus-alertmanager');

interface Result {
  code: number;
  out: string;
  err: string;
}

let dir = '';
let url = '';
let configFile = '';
let am: ChildProcess | undefined;
let hooks: Server | undefined;
const received: { labels: Record<string, string> }[] = [];

function amtoolBin(args: readonly string[], input?: string): Promise<Result> {
  return new Promise((resolve) => {
    const child = execFile(
      findProgram('amtool') as string,
      args,
      { cwd: dir, env: { ...process.env, HOME: dir }, encoding: 'utf8' },
      (err, out, errOut) => resolve({ code: err === null ? 0 : Number((err as { code?: number }).code ?? 1), out, err: errOut }),
    );
    // amtool may exit before reading its input.
    child.stdin?.on('error', () => {});
    child.stdin?.end(input ?? '');
  });
}

async function ours(args: readonly string[], input?: string): Promise<Result> {
  let out = '';
  let err = '';
  const io = {
    out: (s: string): void => void (out += s),
    err: (s: string): void => void (err += s),
    stdin: { isTTY: false, read: async (): Promise<string> => input ?? '' },
  };
  const code = await runAmtool(args, io, { program: 'amtool', configFiles: [] });
  return { code, out, err };
}

const withUrl = (args: readonly string[]): string[] => [`--alertmanager.url=${url}`, ...args];

/** Runs a command with both tools and asserts identical output and exit code. */
async function same(args: readonly string[], normalise: (s: string) => string = (s) => s): Promise<Result> {
  const a = await amtoolBin(withUrl(args));
  const b = await ours(withUrl(args));
  assert.deepEqual(
    { code: b.code, out: normalise(b.out), err: normalise(b.err) },
    { code: a.code, out: normalise(a.out), err: normalise(a.err) },
    `amtool ${args.join(' ')}`,
  );
  return b;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const noIds = (s: string): string => s.replace(UUID, '<id>');
// Ids, update times and the tool's marker in names (`amtl-`, `ours-`: same width) differ between twins.
const twin = (s: string): string =>
  noIds(s)
    .replace(/"updatedAt":"[^"]*"/g, '"updatedAt":"<t>"')
    .replace(/(ours|amtl)-/g, '<tool>-');

const CONFIG = (hook: string): string => `
route:
  receiver: default
  group_by: [alertname]
  group_wait: 1s
  group_interval: 1s
  repeat_interval: 1h
  routes:
    - matchers: [severity="critical"]
      receiver: pager
      continue: true
      routes:
        - match: {team: db}
          receiver: db-pager
    - match_re: {service: "web|api"}
      receiver: web
    - receiver: catchall
      matchers: ['env!="prod"', 'x=~"a.*"']
receivers:
  - name: default
    webhook_configs:
      - url: '${hook}'
  - name: pager
  - name: db-pager
  - name: web
  - name: catchall
inhibit_rules:
  - source_matchers: [severity=critical]
    target_matchers: [severity=warning]
    equal: [alertname]
`;

async function waitReady(): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/-/ready`)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('Alertmanager did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function eventually(check: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

// Times well in the future keep every silence and alert active during the run; distinct times
// keep amtool's sort (by start or end) deterministic.
const future = (hours: number): string => new Date(Date.UTC(2099, 0, 1, hours)).toISOString().replace('.000Z', 'Z');
const past = (minutes: number): string => new Date(Date.now() - minutes * 60_000).toISOString();

before(async () => {
  if (skip) return;
  dir = await mkdtemp(join(tmpdir(), 'amtool-compat-'));
  hooks = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      for (const a of (JSON.parse(body) as { alerts: { labels: Record<string, string> }[] }).alerts) received.push(a);
      res.end();
    });
  });
  const hookPort = await freePort();
  await new Promise<void>((r) => hooks?.listen(hookPort, '127.0.0.1', r));
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  configFile = join(dir, 'alertmanager.yml');
  await writeFile(configFile, CONFIG(`http://127.0.0.1:${hookPort}/`));
  am = spawn(
    findProgram('prometheus-alertmanager') as string,
    [`--web.listen-address=127.0.0.1:${port}`, '--cluster.listen-address=', `--storage.path=${join(dir, 'data')}`, `--config.file=${configFile}`],
    { stdio: 'ignore' },
  );
  await waitReady();
  // Seed with amtool itself.
  const seed: string[][] = [
    ['alert', 'add', 'HighLatency', 'service=api', 'severity=warning', '--annotation=summary=p99 <high> & rising', `--start=${past(30)}`],
    ['alert', 'add', 'HighLatency', 'service=api', 'severity=critical', 'team=db', `--start=${past(20)}`, '--generator-url=http://prom/graph'],
    ['alert', 'add', 'DiskFull', 'instance=db1:9100', 'env=dev', 'x=abc', `--start=${past(10)}`],
    ['alert', 'add', 'Silenced', 'job=node', `--start=${past(5)}`],
    ['silence', 'add', 'Silenced', '-c', 'maintenance', '-a', 'alice', `--end=${future(1)}`],
    ['silence', 'add', 'service=~"web|api"', 'env!=prod', '-c', 'regex', '-a', 'bob', `--end=${future(2)}`],
    ['silence', 'add', 'Expiring', '-c', 'soon', '-a', 'alice', '-d', '30m'],
    ['silence', 'add', 'Old', '-c', 'to expire', '-a', 'carol', `--end=${future(3)}`],
  ];
  for (const args of seed) assert.equal((await amtoolBin(withUrl(args))).code, 0, args.join(' '));
  const old = (await amtoolBin(withUrl(['silence', 'query', '-q', 'Old']))).out.trim();
  assert.equal((await amtoolBin(withUrl(['silence', 'expire', old]))).code, 0);
});

after(async () => {
  am?.kill('SIGKILL');
  await new Promise<void>((r) => (hooks ? hooks.close(() => r()) : r()));
});

describe('amtool commands compared with amtool 0.25', { skip }, () => {
  test('alert query: every output format and filter', async () => {
    for (const output of ['simple', 'extended', 'json']) {
      await same(['alert', `-o=${output}`]);
      await same(['alert', 'query', '-o', output, '-a', '-s', '-i']);
    }
    await same(['alert', 'query', 'HighLatency']);
    await same(['alert', 'query', 'alertname=~"High.*"', 'severity!=critical']);
    await same(['alert', '-s']);
    await same(['alert', '-i', '-o', 'extended']);
    await same(['alert', '-u']);
    await same(['alert', '-as', '--receiver=db-.*', '-o', 'json']);
    await same(['alert', '-as', '-r', 'nobody']);
    await same(['--date.format=Mon Jan _2 15:04:05 2006', 'alert', '-asi']);
    await same(['--date.format=2006-01-02T15:04:05Z07:00', 'alert', '-o', 'extended']);
  });

  test('more than 12 alerts sharing start times come out in Go sort.Sort order', async () => {
    // Three start times among 30 alerts the server lists by fingerprint: a stable sort differs.
    const starts = [past(17), past(16), past(15)];
    for (let i = 0; i < 30; i++) {
      const args = ['alert', 'add', 'Bulk', `instance=host-${i}`, `--annotation=summary=s${i}`, `--start=${starts[i % 3]}`];
      assert.equal((await amtoolBin(withUrl(args))).code, 0);
    }
    await same(['alert', 'query', 'Bulk']);
    await same(['alert', 'query', '-o', 'extended', 'Bulk']);
  });

  test('silence query: formats, -q, --expired, --within, --created-by, matchers', async () => {
    for (const output of ['simple', 'extended', 'json']) await same(['silence', '-o', output]);
    await same(['silence', 'query', '-q']);
    await same(['silence', 'query', '--expired']);
    await same(['silence', 'query', '--expired', '-o', 'json']);
    await same(['silence', 'query', '--within=1h']);
    await same(['silence', 'query', '--expired', '--within=1h']);
    await same(['silence', 'query', '--created-by=alice']);
    await same(['silence', 'query', 'Silenced']);
    await same(['silence', 'query', 'service=~"web|api"', '-o', 'extended']);
  });

  test('config show, cluster show', async () => {
    await same(['config']);
    await same(['config', 'show', '-o', 'json']);
    for (const output of ['simple', 'extended', 'json']) await same(['cluster', '-o', output]);
  });

  test('connection settings: --http.config.file, a path prefix, basic auth in the URL', async () => {
    const good = join(dir, 'http.yml');
    const bad = join(dir, 'bad-http.yml');
    await writeFile(good, 'basic_auth:\n  username: u\n  password: p\n');
    await writeFile(bad, 'nope: 1\n');
    await same([`--http.config.file=${good}`, 'cluster']);
    await same([`--http.config.file=${bad}`, 'cluster']);
    await same([`--http.config.file=${join(dir, 'missing.yml')}`, 'cluster']);
    const prefixed = ['--alertmanager.url=http://127.0.0.1:1/prefix/', 'cluster'];
    assert.deepEqual(await ours(prefixed), await amtoolBin(prefixed));
    const auth = [`--alertmanager.url=${url.replace('//', '//u:p@')}`, 'cluster', '-o', 'json'];
    assert.deepEqual(await ours(auth), await amtoolBin(auth));
  });

  test('check-config and template render, registered with amtool flags', async () => {
    const tmpl = join(dir, 'x.tmpl');
    await writeFile(tmpl, '{{ define "x" }}hello {{ .Receiver }}{{ end }}');
    await same(['check-config', configFile]);
    await same(['check-config', configFile, join(dir, 'missing.yml')]);
    await same(['template', 'render', `--template.glob=${tmpl}`, '--template.text={{ template "x" . }} {{ .Status }}']);
    await same(['template', 'render', `--template.glob=${tmpl}`, '--template.text={{ .Nope }']);
  });

  test('config routes show and test, from the server and from --config.file', async () => {
    await same(['config', 'routes']);
    await same(['config', 'routes', 'show', `--config.file=${configFile}`]);
    await same(['config', 'routes', 'test', 'severity=critical', 'team=db', '--tree']);
    await same(['config', 'routes', 'test', `--config.file=${configFile}`, '--tree', 'service=web', 'env=dev', 'x=abc']);
    await same(['config', 'routes', 'test', 'severity=critical', '--verify.receivers=pager']);
    await same(['config', 'routes', 'test', 'severity=critical', 'team=db', '--verify.receivers=pager']);
    await same(['config', 'routes', 'test']);
  });

  test('errors: flags, arguments, times, durations, API responses', async () => {
    const cases: string[][] = [
      ['alert', '--foo'],
      ['alert', '-z'],
      ['-o', 'yaml', 'alert'],
      ['-o', 'json', '-o', 'simple', 'alert'],
      ['--timeout=1x', 'alert'],
      ['bogus'],
      ['cluster', 'show', 'extra'],
      ['silence', 'add'],
      ['silence', 'add', 'foo'],
      ['silence', 'add', 'foo', '-c', 'x', '-d', '0'],
      ['silence', 'add', 'foo', '-c', 'x', '-d', '1x'],
      ['silence', 'add', 'foo', '-c', 'x', '--start=bad'],
      ['silence', 'add', 'foo', '-c', 'x', '--end=2000-01-01T00:00:00Z'],
      ['silence', 'expire'],
      ['silence', 'expire', 'notauuid'],
      ['silence', 'expire', '00000000-0000-0000-0000-000000000000'],
      ['silence', 'update', '00000000-0000-0000-0000-000000000000'],
      ['silence', 'import', 'missing.json'],
      ['silence', 'query', '--within=1x'],
      ['alert', 'add'],
      ['alert', 'add', 'foo', '--start=xx'],
      ['alert', 'query', '-r'],
    ];
    for (const args of cases) await same(args);
    const a = await amtoolBin(['--alertmanager.url=http://127.0.0.1:1', 'alert']);
    const b = await ours(['--alertmanager.url=http://127.0.0.1:1', 'alert']);
    assert.deepEqual(b, a);
  });

  test('alert add: the twin alerts look the same', async () => {
    const start = past(3);
    const args = (tool: string): string[] =>
      withUrl(['alert', 'add', `${tool}-add`, 'node=n1', '--annotation=summary=s', '--generator-url=http://g/', `--start=${start}`, `--end=${future(5)}`]);
    assert.equal((await amtoolBin(args('amtl'))).code, 0);
    assert.equal((await ours(args('ours'))).code, 0);
    const a = await amtoolBin(withUrl(['alert', '-o', 'extended', 'amtl-add']));
    const b = await ours(withUrl(['alert', '-o', 'extended', 'ours-add']));
    assert.equal(twin(b.out), twin(a.out));
    assert.match(b.out, /alertname="ours-add" node="n1"/);
  });

  test('silence add, update, expire: twin silences look the same', async () => {
    const add = (tool: string): string[] =>
      withUrl(['silence', 'add', `${tool}-sil`, 'a=~"b|c"', '-a', 'dave', '-c', 'twin', `--start=${future(6)}`, `--end=${future(7)}`]);
    const a = await amtoolBin(add('amtl'));
    const b = await ours(add('ours'));
    assert.equal(a.code, 0);
    assert.equal(b.code, 0);
    assert.match(b.out, /^[0-9a-f-]{36}\n$/);
    const query = (tool: string, extra: string[] = []): string[] => withUrl(['silence', 'query', '-o', 'json', `${tool}-sil`, ...extra]);
    assert.equal(twin((await ours(query('ours'))).out), twin((await amtoolBin(query('amtl'))).out));

    const upd = (tool: string, id: string): string[] => withUrl(['silence', 'update', id.trim(), '-c', 'updated', '-d', '3h']);
    const ua = await amtoolBin(upd('amtl', a.out));
    const ub = await ours(upd('ours', b.out));
    assert.equal(twin(ub.out), twin(ua.out));
    assert.equal(twin((await ours(query('ours'))).out), twin((await amtoolBin(query('amtl'))).out));

    const idA = (await amtoolBin(withUrl(['silence', 'query', '-q', 'amtl-sil']))).out.trim();
    const idB = (await ours(withUrl(['silence', 'query', '-q', 'ours-sil']))).out.trim();
    assert.equal((await amtoolBin(withUrl(['silence', 'expire', idA]))).code, 0);
    assert.equal((await ours(withUrl(['silence', 'expire', idB]))).code, 0);
    const expired = (tool: string): string[] => withUrl(['silence', 'query', '--expired', '-o', 'json', `${tool}-sil`]);
    const ea = twin((await amtoolBin(expired('amtl'))).out).replace(/"(endsAt|startsAt)":"[^"]*"/g, '"$1":"<t>"');
    const eb = twin((await ours(expired('ours'))).out).replace(/"(endsAt|startsAt)":"[^"]*"/g, '"$1":"<t>"');
    assert.equal(eb, ea);
  });

  test('silence import: what amtool exports, we import (and the reverse)', async () => {
    const exported = (await amtoolBin(withUrl(['silence', 'query', '-o', 'json', 'Silenced']))).out;
    const ourExport = (await ours(withUrl(['silence', 'query', '-o', 'json', 'Silenced']))).out;
    assert.equal(ourExport, exported);
    const file = join(dir, 'export.json');
    await writeFile(file, exported);
    const a = await amtoolBin(withUrl(['silence', 'import', '-f', file]));
    const b = await ours(withUrl(['silence', 'import', '--force', '-w', '1', file]));
    assert.equal(noIds(b.out), noIds(a.out));
    assert.equal(b.code, 0);
    // Without --force the id is reused: the silence is updated in place.
    const c = await ours(withUrl(['silence', 'import']), exported);
    assert.equal(c.out, `${JSON.parse(exported)[0].id}\n`);
    const bad = join(dir, 'bad.json');
    await writeFile(bad, 'nojson');
    await same(['silence', 'import', bad]);
  });
});

describe('amtool acceptance cases (cli_test.go), with our commands', { skip }, () => {
  test('TestAddAlert: an added alert reaches the webhook', async () => {
    assert.equal((await ours(withUrl(['alert', 'add', 'alertname=test1', `--end=${future(1)}`]))).code, 0);
    await eventually(() => received.some((a) => a.labels['alertname'] === 'test1'), 10_000);
  });

  test('TestQueryAlert: bare word, alertname=, and a literal {…} name', async () => {
    const add = async (name: string, severity: string): Promise<void> => {
      const r = await ours(withUrl(['alert', 'add', `alertname=${JSON.stringify(name)}`, `severity=${severity}`]));
      assert.equal(r.code, 0, r.err);
    };
    await add('qa1', 'warning');
    await add('alertname=qa2', 'info');
    await add('{alertname=qa3}', 'info');
    const names = async (...args: string[]): Promise<string[]> =>
      (JSON.parse((await ours(withUrl(['alert', 'query', '-o', 'json', ...args]))).out) as { labels: { alertname: string } }[]).map(
        (a) => a.labels.alertname,
      );
    assert.deepEqual(await names('qa1'), ['qa1']);
    assert.deepEqual(await names('alertname=alertname=qa2'), ['alertname=qa2']);
    assert.deepEqual(await names('{alertname=qa3}'), ['{alertname=qa3}']);
  });

  test('TestQuerySilence: matchers printed as alertname="test1"', async () => {
    for (const [name, c] of [['qs1', 'qs-test1'], ['alertname=qs2', 'qs-test2'], ['{alertname=qs3}', 'qs-test3']] as const) {
      const r = await ours(withUrl(['silence', 'add', name, 'severity=warn', '-c', c, `--end=${future(10)}`]));
      assert.equal(r.code, 0, r.err);
    }
    const out = (await ours(withUrl(['silence', 'query', 'severity=warn']))).out;
    assert.match(out, /alertname="qs1" severity="warn"/);
    assert.match(out, /alertname="qs2" severity="warn"/);
    assert.match(out, /alertname="\{alertname=qs3\}" severity="warn"/);
    const one = (await ours(withUrl(['silence', 'query', '-q', 'qs1']))).out.trim().split('\n');
    assert.equal(one.length, 1);
  });

  test('TestRoutesShow and TestRoutesTest', async () => {
    assert.equal((await ours(withUrl(['config', 'routes', 'show']))).code, 0);
    assert.equal((await ours(withUrl(['config', 'routes', 'test']))).code, 0);
    const bad = await ours(withUrl(['config', 'routes', 'test', '{foo=bar}']));
    assert.equal(bad.code, 1);
    assert.equal(bad.err, 'amtool: error: Failed to parse labels: unexpected open or close brace: {foo=bar}\n\n');
  });

  test('TestSilenceImport: export, expire, query --expired, import', async () => {
    const mine = ['--created-by=importer'];
    for (const n of ['imp1', 'imp2']) {
      assert.equal((await ours(withUrl(['silence', 'add', n, '-a', 'importer', '-c', n, `--end=${future(11)}`]))).code, 0);
    }
    const exported = (await ours(withUrl(['silence', 'query', '-o', 'json', ...mine]))).out;
    const file = join(dir, 'imp.json');
    await writeFile(file, exported);
    const ids = (await ours(withUrl(['silence', 'query', '-q', ...mine]))).out.trim().split('\n');
    assert.equal(ids.length, 2);
    assert.equal((await ours(withUrl(['silence', 'expire', ...ids]))).code, 0);
    const expired = (await ours(withUrl(['silence', 'query', '--expired', '-q', ...mine]))).out.trim().split('\n');
    assert.deepEqual(expired.sort(), [...ids].sort());
    const imported = await ours(withUrl(['silence', 'import', file]));
    assert.equal(imported.code, 0, imported.err);
    assert.equal(imported.out.trim().split('\n').length, 2);
    assert.equal((await ours(withUrl(['silence', 'query', '-q', ...mine]))).out.trim().split('\n').length, 2);
  });

  test('TestSilenceImportInvalidJSON, TestSilenceImportInvalidSilence, TestSilenceImportPartialFailure', async () => {
    const invalid = await ours(withUrl(['silence', 'import']), '{not json');
    assert.equal(invalid.code, 1);
    assert.match(invalid.err, /couldn't unmarshal/);
    const file = join(dir, 'partial.json');
    const good = JSON.parse((await ours(withUrl(['silence', 'query', '-o', 'json', 'Silenced']))).out) as object[];
    await writeFile(file, JSON.stringify([...good, { matchers: [], startsAt: future(1), endsAt: future(2), createdBy: 'x', comment: 'x' }]));
    const partial = await ours(withUrl(['silence', 'import', '-f', file]));
    assert.equal(partial.code, 1);
    assert.match(partial.err, /^Error adding silence id='':/);
    assert.match(partial.err, new RegExp(`couldn't import 1 out of ${good.length + 1} silences`));
    assert.equal(partial.out.trim().split('\n').length, good.length);
  });
});
