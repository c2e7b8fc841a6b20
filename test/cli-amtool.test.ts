import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { formatApiTime, apiTimeJson } from '../src/cli/amtool/api-time.ts';
import { amtoolApp } from '../src/cli/amtool/commands.ts';
import { goSort } from '../src/cli/amtool/go-sort.ts';
import { readConfigDefaults } from '../src/cli/amtool/config-file.ts';
import { alertsJson, silencesJson, statusJson } from '../src/cli/amtool/format-json.ts';
import { extendedAlerts, extendedCluster, extendedSilences, simpleAlerts, simpleSilences } from '../src/cli/amtool/format-table.ts';
import { isAmtoolCommandLine, registerAmtoolCommands, runAmtool } from '../src/cli/amtool/index.ts';
import { CliError, parseCommandLine } from '../src/cli/amtool/kingpin.ts';
import type { ParsedValues } from '../src/cli/amtool/kingpin.ts';
import type { GettableAlertJson, GettableSilenceJson, StatusJson } from '../src/cli/amtool/models.ts';
import { tabwrite } from '../src/cli/amtool/tabwriter.ts';
import { renderTree, treeNode } from '../src/cli/amtool/tree-print.ts';

const DATE = '2006-01-02 15:04:05 MST';
const plain = { dateFormat: DATE, color: false };

const alert = (over: Partial<GettableAlertJson> = {}): GettableAlertJson => ({
  annotations: { summary: 'sum <b>&' },
  endsAt: '2026-11-21T02:00:45.470123Z',
  fingerprint: '980a6a0e0facf311',
  receivers: [{ name: 'default' }],
  startsAt: '2026-11-21T01:55:45.47Z',
  status: { inhibitedBy: [], silencedBy: [], state: 'active' },
  updatedAt: '2026-11-21T01:55:45.470Z',
  generatorURL: 'http://x/',
  labels: { node: 'bar', alertname: 'foo' },
  ...over,
});

const silence = (over: Partial<GettableSilenceJson> = {}): GettableSilenceJson => ({
  id: 'bda8d71b-adca-4ef4-9d86-2386ac0e239a',
  status: { state: 'active' },
  updatedAt: '2026-11-21T01:55:48.650Z',
  comment: 'c2',
  createdBy: 'me',
  endsAt: '2026-11-21T03:55:48.648Z',
  matchers: [
    { name: 'alertname', value: 'b.*', isRegex: true, isEqual: true },
    { name: 'x', value: 'y', isRegex: false, isEqual: false },
  ],
  startsAt: '2026-11-21T01:55:48.650Z',
  ...over,
});

describe('tabwriter (Go text/tabwriter, padding 2)', () => {
  test('aligns cells per column and pads the last tab-terminated cell', () => {
    assert.equal(
      tabwrite('Alertname\tStarts At\tState\t\nfoo\t2026-11-21 01:55:45 UTC\tactive\t\n'),
      'Alertname  Starts At                State   \nfoo        2026-11-21 01:55:45 UTC  active  \n',
    );
  });
  test('text after the last tab is not aligned, and a line without tabs ends the blocks', () => {
    assert.equal(
      tabwrite('Cluster Status:\tdisabled\nNode Name:\t\n\nAddress\tName\nlonger-address\tn\t\n'),
      'Cluster Status:  disabled\nNode Name:       \n\nAddress         Name\nlonger-address  n  \n',
    );
  });
  test('column blocks end where a line has fewer cells', () => {
    assert.equal(tabwrite('a\tbb\tc\nddd\te\nf\tg\th\n'), 'a    bb  c\nddd  e\nf    g  h\n');
  });
  test('widths count code points, not UTF-16 units', () => {
    assert.equal(tabwrite('🙂\tx\t\nab\ty\t\n'), '🙂   x  \nab  y  \n');
  });
  test('a style decorates cells without changing the alignment', () => {
    assert.equal(tabwrite('a\tb\t\nccc\td\t\n', { style: (t) => `<${t}>` }), '<a>    <b>  \n<ccc>  <d>  \n');
  });
});

describe('Go sort.Sort', () => {
  test('equal keys end up where Go 1.19 puts them (recorded from Go)', () => {
    const keys = [0, 2, 0, 1, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 2, 1, 0, 1, 0, 1, 0, 2, 2, 0, 2, 0, 2, 2, 0];
    const items = keys.map((k, i) => ({ k, i }));
    goSort(items, (a, b) => a.k < b.k);
    assert.deepEqual(
      items.map((x) => x.i),
      [8, 6, 2, 25, 16, 5, 28, 7, 4, 9, 23, 20, 12, 13, 0, 18, 10, 17, 15, 19, 11, 3, 14, 22, 24, 21, 26, 27, 1],
    );
  });
  test('up to 12 elements it is an insertion sort, hence stable', () => {
    const items = [3, 1, 2, 1, 3, 1].map((k, i) => ({ k, i }));
    goSort(items, (a, b) => a.k < b.k);
    assert.deepEqual(items.map((x) => x.i), [1, 3, 5, 2, 0, 4]);
  });
});

describe('dates', () => {
  test('--date.format takes Go layouts', () => {
    assert.equal(formatApiTime('2026-11-21T01:55:45.47Z', DATE), '2026-11-21 01:55:45 UTC');
    assert.equal(formatApiTime('2026-11-21T01:55:45.47Z', 'Mon Jan _2 15:04:05 2006'), 'Sat Nov 21 01:55:45 2026');
    assert.equal(formatApiTime('2026-11-21T01:55:45+02:00', DATE), '2026-11-21 01:55:45 +0200');
  });
  test('JSON output re-encodes times with milliseconds, keeping the offset', () => {
    assert.equal(apiTimeJson('2026-11-21T01:55:45.470123456Z'), '2026-11-21T01:55:45.470Z');
    assert.equal(apiTimeJson('2026-11-21T01:55:45+02:00'), '2026-11-21T01:55:45.000+02:00');
  });
});

describe('output formats', () => {
  test('simple alerts: alertname, start, summary, state, sorted by start', () => {
    const later = alert({ startsAt: '2026-11-21T02:00:00Z', labels: { alertname: 'bar' }, annotations: {} });
    assert.equal(
      simpleAlerts([later, alert()], plain),
      'Alertname  Starts At                Summary   State   \n' +
        'foo        2026-11-21 01:55:45 UTC  sum <b>&  active  \n' +
        'bar        2026-11-21 02:00:00 UTC            active  \n',
    );
  });
  test('extended alerts: sorted label and annotation pairs, times, generator URL', () => {
    assert.equal(
      extendedAlerts([alert()], plain),
      'Labels                      Annotations         Starts At                Ends At                  Generator URL  State   \n' +
        'alertname="foo" node="bar"  summary="sum <b>&"  2026-11-21 01:55:45 UTC  2026-11-21 02:00:45 UTC  http://x/      active  \n',
    );
  });
  test('JSON alerts: the go-openapi field order, sorted maps, HTML-safe escapes', () => {
    assert.equal(
      alertsJson([alert()]),
      '[{"annotations":{"summary":"sum \\u003cb\\u003e\\u0026"},"endsAt":"2026-11-21T02:00:45.470Z","fingerprint":"980a6a0e0facf311",' +
        '"receivers":[{"name":"default"}],"startsAt":"2026-11-21T01:55:45.470Z","status":{"inhibitedBy":[],"silencedBy":[],"state":"active"},' +
        '"updatedAt":"2026-11-21T01:55:45.470Z","generatorURL":"http://x/","labels":{"alertname":"foo","node":"bar"}}]\n',
    );
  });
  test('simple and extended silences print matchers as amtool does', () => {
    assert.equal(
      simpleSilences([silence()], plain),
      'ID                                    Matchers                 Ends At                  Created By  Comment  \n' +
        'bda8d71b-adca-4ef4-9d86-2386ac0e239a  alertname=~"b.*" x!="y"  2026-11-21 03:55:48 UTC  me          c2       \n',
    );
    assert.ok(
      extendedSilences([silence()], plain).includes(
        '{alertname=~"b.*",x!="y"}  2026-11-21 01:55:48 UTC  2026-11-21 03:55:48 UTC  2026-11-21 01:55:48 UTC  me',
      ),
    );
  });
  test('JSON silences: id, status, updatedAt, then the silence fields', () => {
    assert.equal(
      silencesJson([silence()]),
      '[{"id":"bda8d71b-adca-4ef4-9d86-2386ac0e239a","status":{"state":"active"},"updatedAt":"2026-11-21T01:55:48.650Z",' +
        '"comment":"c2","createdBy":"me","endsAt":"2026-11-21T03:55:48.648Z","matchers":[{"isEqual":true,"isRegex":true,"name":"alertname","value":"b.*"},' +
        '{"isEqual":false,"isRegex":false,"name":"x","value":"y"}],"startsAt":"2026-11-21T01:55:48.650Z"}]\n',
    );
    assert.equal(silencesJson([]), '[]\n');
  });
  test('status JSON and extended cluster peers sorted by address', () => {
    const status: StatusJson = {
      cluster: { status: 'ready', name: 'n1', peers: [{ name: 'b', address: '10.0.0.2:9094' }, { name: 'a', address: '10.0.0.10:9094' }] },
      config: { original: 'route: {}\n' },
      uptime: '2026-11-21T01:55:43.945Z',
      versionInfo: { branch: 'b', buildDate: 'd', buildUser: 'u', goVersion: 'g', revision: 'r', version: '0.25.0' },
    };
    assert.equal(
      statusJson(status),
      '{"cluster":{"name":"n1","peers":[{"address":"10.0.0.2:9094","name":"b"},{"address":"10.0.0.10:9094","name":"a"}],"status":"ready"},' +
        '"config":{"original":"route: {}\\n"},"uptime":"2026-11-21T01:55:43.945Z",' +
        '"versionInfo":{"branch":"b","buildDate":"d","buildUser":"u","goVersion":"g","revision":"r","version":"0.25.0"}}\n',
    );
    assert.equal(
      extendedCluster(status.cluster, plain),
      'Cluster Status:  ready\nNode Name:       n1\n\nAddress         Name\n10.0.0.2:9094   b  \n10.0.0.10:9094  a  \n',
    );
  });
  test('on a terminal the header is bold and states are coloured', () => {
    const out = simpleAlerts([alert()], { dateFormat: DATE, color: true });
    assert.ok(out.startsWith('\x1b[1mAlertname\x1b[0m  '));
    assert.ok(out.endsWith('\x1b[31mactive\x1b[0m  \n'));
  });
});

describe('route trees', () => {
  test('treeprint layout: no-break spaces under open branches', () => {
    const root = treeNode('default-route  receiver: a');
    const first = treeNode('{x="1"}  receiver: b');
    first.children.push(treeNode('{y="2"}  receiver: c'));
    root.children.push(first, treeNode('{z="3"}  receiver: d'));
    assert.equal(
      renderTree([root]),
      '.\n└── default-route  receiver: a\n    ├── {x="1"}  receiver: b\n    │\u00a0\u00a0 └── {y="2"}  receiver: c\n    └── {z="3"}  receiver: d\n',
    );
  });
});

describe('command-line parsing (kingpin rules)', () => {
  const app = amtoolApp('tocsin', 'me');
  const parse = async (...argv: string[]): Promise<{ path: string; values: ParsedValues }> => {
    const r = await parseCommandLine(app, argv);
    assert.equal(r.kind, 'run');
    if (r.kind !== 'run') throw new Error('not run');
    return { path: r.path.slice(1).map((c) => c.name).join(' '), values: r.values };
  };
  const rejects = async (message: string, ...argv: string[]): Promise<void> => {
    await assert.rejects(parseCommandLine(app, argv), (e: unknown) => e instanceof CliError && e.message === message);
  };

  test('default subcommands, global flags anywhere, short flags grouped or with values', async () => {
    const r = await parse('alert', '-as', '-ojson', 'foo', '--receiver=x');
    assert.equal(r.path, 'alert query');
    assert.equal(r.values.bool('active'), true);
    assert.equal(r.values.bool('silenced'), true);
    assert.equal(r.values.string('output'), 'json');
    assert.equal(r.values.string('receiver'), 'x');
    assert.deepEqual(r.values.argList('matcher-groups'), ['foo']);
    assert.equal((await parse('silence', '-q')).path, 'silence query');
    assert.equal((await parse('config', 'routes', '--config.file=package.json', 'test')).path, 'config routes test');
  });
  test('defaults, --no- booleans, repeatable flags, --', async () => {
    const r = await parse('--no-version-check', 'alert', 'add', '--annotation=a=1', '--annotation', 'b=2', '--', '-x');
    assert.equal(r.values.bool('version-check'), false);
    assert.equal(r.values.string('date.format'), DATE);
    assert.equal(r.values.duration('timeout'), 30_000);
    assert.deepEqual(r.values.strings('annotation'), ['a=1', 'b=2']);
    assert.deepEqual(r.values.argList('labels'), ['-x']);
    assert.equal((await parse('silence', 'add')).values.string('author'), 'me');
  });
  test("a boolean's =value becomes an argument, as in kingpin", async () => {
    assert.deepEqual((await parse('alert', '--active=false')).values.argList('matcher-groups'), ['false']);
  });
  test('kingpin error messages', async () => {
    await rejects("unknown long flag '--foo'", 'alert', '--foo');
    await rejects("unknown short flag '-z'", 'alert', '-z');
    await rejects("enum value must be one of simple,extended,json, got 'yaml'", '-o', 'yaml', 'alert');
    await rejects("flag 'output' cannot be repeated", '-o', 'json', '-o', 'simple', 'alert');
    await rejects('expected command but got "bogus"', 'bogus');
    await rejects("expected argument for flag '-r'", 'alert', 'query', '-r');
    await rejects('time: unknown unit "x" in duration "1x"', '--timeout=1x', 'alert');
    await rejects('unexpected extra', 'cluster', 'show', 'extra');
    await rejects("path 'nonexistent.json' does not exist", 'silence', 'import', 'nonexistent.json');
    await rejects("'test' is a directory", 'config', 'routes', '--config.file=test');
  });
  test('config-file values replace the defaults of the application and the selected command', async () => {
    const r = await parseCommandLine(app, ['silence', 'add'], new Map([['author', 'cfg'], ['output', 'json'], ['require-comment', 'false']]));
    assert.equal(r.kind, 'run');
    if (r.kind !== 'run') return;
    assert.equal(r.values.string('author'), 'cfg');
    assert.equal(r.values.string('output'), 'json');
    assert.equal(r.values.bool('require-comment'), false);
  });
  test('help and version', async () => {
    assert.equal((await parseCommandLine(app, ['alert', '-h'])).kind, 'help');
    assert.equal((await parseCommandLine(app, ['--version'])).kind, 'version');
  });
});

describe('config files', () => {
  test('first file wins per key; comment_required is the legacy require-comment', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'amtool-cfg-'));
    const a = join(dir, 'a.yml');
    const b = join(dir, 'b.yml');
    await writeFile(a, 'alertmanager.url: http://a:9093\ncomment_required: false\n');
    await writeFile(b, 'alertmanager.url: http://b:9093\nauthor: bob\noutput: extended\n');
    const d = await readConfigDefaults([join(dir, 'missing.yml'), a, b]);
    assert.deepEqual(Object.fromEntries(d), {
      'alertmanager.url': 'http://a:9093',
      'require-comment': 'false',
      author: 'bob',
      output: 'extended',
    });
  });
});

describe('runAmtool', () => {
  const capture = (): { io: { out(s: string): void; err(s: string): void }; out: () => string; err: () => string } => {
    let out = '';
    let err = '';
    return { io: { out: (s) => void (out += s), err: (s) => void (err += s) }, out: () => out, err: () => err };
  };

  test('errors are printed as amtool prints them, with exit code 1', async () => {
    const c = capture();
    assert.equal(await runAmtool(['silence', 'add', 'foo'], c.io, { configFiles: [] }), 1);
    assert.equal(c.err(), 'tocsin: error: comment required by config\n\n');
    const d = capture();
    assert.equal(await runAmtool(['--enable-feature=classic-mode,utf8-strict-mode', 'alert'], d.io, { configFiles: [] }), 1);
    assert.equal(d.err(), 'tocsin: error: error parsing the feature flag list: cannot have both classic and UTF-8 modes enabled\n\n');
  });
  test('config routes test against a file, with --tree and --verify.receivers', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'amtool-routes-'));
    const file = join(dir, 'am.yml');
    await writeFile(
      file,
      'route:\n  receiver: default\n  routes:\n    - matchers: [severity="critical"]\n      receiver: pager\n      continue: true\n' +
        '    - match_re: {service: "web|api"}\n      receiver: web\nreceivers: [{name: default}, {name: pager}, {name: web}]\n',
    );
    const c = capture();
    const code = await runAmtool(['config', 'routes', 'test', `--config.file=${file}`, '--tree', 'severity=critical', 'service=api'], c.io, { configFiles: [] });
    assert.equal(code, 0);
    assert.equal(
      c.out(),
      'Matching routes:\n.\n└── default-route\n    ├── {severity="critical"}  receiver: pager\n    └── {service=~"^(?:web|api)$"}  receiver: web\n\n\npager,web\n',
    );
    const v = capture();
    assert.equal(await runAmtool(['config', 'routes', 'test', `--config.file=${file}`, '--verify.receivers=web', 'x=y'], v.io, { configFiles: [] }), 1);
    assert.equal(v.out(), 'default\nWARNING: Expected receivers did not match resolved receivers.\n');
    const bad = capture();
    assert.equal(await runAmtool(['config', 'routes', 'test', `--config.file=${file}`, '{foo=bar}'], bad.io, { configFiles: [] }), 1);
    assert.equal(bad.err(), 'tocsin: error: Failed to parse labels: unexpected open or close brace: {foo=bar}\n\n');
    const show = capture();
    assert.equal(await runAmtool(['config', 'routes', `--config.file=${file}`], show.io, { configFiles: [] }), 0);
    assert.equal(
      show.out(),
      'Routing tree:\n.\n└── default-route  receiver: default\n    ├── {severity="critical"}  continue: true  receiver: pager\n' +
        '    └── {service=~"^(?:web|api)$"}  receiver: web\n\n',
    );
  });
  test('connection errors read like Go net errors', async () => {
    const c = capture();
    assert.equal(await runAmtool(['--alertmanager.url=http://127.0.0.1:1', 'alert'], c.io, { configFiles: [] }), 1);
    assert.equal(
      c.err(),
      'tocsin: error: Get "http://127.0.0.1:1/api/v2/alerts?active=true&inhibited=false&silenced=false&unprocessed=false": ' +
        'dial tcp 127.0.0.1:1: connect: connection refused\n\n',
    );
  });
});

describe('wiring into the tocsin program', () => {
  test('isAmtoolCommandLine skips global flags and their values', () => {
    assert.equal(isAmtoolCommandLine(['--alertmanager.url', 'http://x', '-o', 'json', 'alert']), true);
    assert.equal(isAmtoolCommandLine(['--alertmanager.url=http://x', 'silence', 'query']), true);
    assert.equal(isAmtoolCommandLine(['--config.file=a.yml', '--storage.path=x']), false);
  });
  test('registerAmtoolCommands hands the raw arguments to the amtool parser', async () => {
    let out = '';
    let code = -1;
    const program = new Command('tocsin').exitOverride();
    registerAmtoolCommands(program, { out: (s) => void (out += s), err: (s) => void (out += s) }, (c) => (code = c), { configFiles: [] });
    await program.parseAsync(['silence', 'add', '-c', '', 'foo', '--start=bad'], { from: 'user' });
    assert.equal(code, 1);
    assert.equal(out, 'tocsin: error: parsing time "bad" as "2006-01-02T15:04:05Z07:00": cannot parse "bad" as "2006"\n\n');
  });
});
