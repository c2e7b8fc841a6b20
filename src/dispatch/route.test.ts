import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadConfigFile } from '../config/load.ts';
import type { RouteConfig } from '../config/types.ts';
import { labelSetToString } from '../labels/label-set.ts';
import { parseMatchers } from '../labels/parse.ts';
import { compileRoute } from './route.ts';
import type { Route } from './route.ts';

const fixture = fileURLToPath(new URL('testdata/routes.yml', import.meta.url));
const tree = compileRoute((await loadConfigFile(fixture)).config.route as RouteConfig);

function receivers(labels: Record<string, string>): string[] {
  return tree.match(labels).map((r) => r.options.receiver);
}

function groupKey(route: Route, labels: Record<string, string>): string {
  return `${route.key()}:${labelSetToString(route.groupLabels(labels))}`;
}

function byReceiver(name: string): Route {
  let found: Route | undefined;
  tree.walk((r) => {
    if (r.options.receiver === name && found === undefined) found = r;
  });
  assert.ok(found, name);
  return found;
}

describe('route matching (expected receivers from `amtool config routes test` 0.25 on testdata/routes.yml)', () => {
  const cases: [Record<string, string>, string[]][] = [
    [{ team: 'db', severity: 'critical', service: 'mysql', alertname: 'X' }, ['db-sql', 'db-all']],
    [{ team: 'db', severity: 'critical', env: 'dev', region: 'eu-1' }, ['db-eu', 'db-all']],
    [{ team: 'db', severity: 'critical' }, ['db-pager', 'db-all']],
    [{ team: 'db', alertname: 'Y' }, ['db-all']],
    [{ team: 'web' }, ['web2', 'web3']],
    [{ team: 'web', path: '/a"b' }, ['web']],
    [{ alertname: 'Cat' }, ['catchall']],
    [{ foo: 'bar' }, ['default']],
  ];
  for (const [labels, want] of cases) {
    it(`routes ${JSON.stringify(labels)} to ${want.join(',')}`, () => {
      assert.deepEqual(receivers(labels), want);
    });
  }

  it('returns no route when the node itself does not match', () => {
    const child = tree.routes[0] as Route;
    assert.deepEqual(child.match({ team: 'web' }), []);
  });
});

describe('route keys and group keys (as printed in 0.25 webhook `groupKey`s)', () => {
  const cases: [string, Record<string, string>, string][] = [
    ['default', { foo: 'bar' }, '{}:{}'],
    [
      'db-all',
      { alertname: 'X', team: 'db', severity: 'critical', service: 'mysql', cluster: 'c1' },
      '{}/{team="db"}:{alertname="X", cluster="c1", service="mysql", severity="critical", team="db"}',
    ],
    [
      'db-eu',
      { alertname: 'X', team: 'db', severity: 'critical', env: 'dev', region: 'eu-1' },
      '{}/{severity="critical",team="db"}/{env!="prod",region=~"eu-.*"}:{alertname="X"}',
    ],
    [
      'db-sql',
      { alertname: 'X', team: 'db', severity: 'critical', service: 'mysql', cluster: 'c1' },
      '{}/{severity="critical",team="db"}/{service=~"^(?:mysql|pg)$"}:{alertname="X", cluster="c1"}',
    ],
    ['web2', { alertname: 'W', team: 'web' }, '{}/{team="web"}:{alertname="W"}'],
    ['web3', { alertname: 'W', team: 'web' }, '{}/{team="web"}:{alertname="W"}'],
    ['catchall', { alertname: 'Cat', x: 'é\n' }, '{}/{alertname=~"Ca.*"}:{alertname="Cat"}'],
    // 0.25 printed `{}/{path="/a\"b",team="web"}:{alertname="Z"}`: before 0.31 (#4825) an explicit
    // `group_by: []` still inherited the parent's [alertname].
    ['web', { alertname: 'Z', team: 'web', path: '/a"b' }, '{}/{path="/a\\"b",team="web"}:{}'],
  ];
  for (const [receiver, labels, want] of cases) {
    it(`${receiver}: ${want}`, () => {
      assert.equal(groupKey(byReceiver(receiver), labels), want);
    });
  }

  it('prints the root key as {}', () => {
    assert.equal(tree.key(), '{}');
    assert.equal(tree.id(), '{}');
  });

  it('makes ids unique with sibling indexes where keys collide', () => {
    const web2 = byReceiver('web2');
    const web3 = byReceiver('web3');
    assert.equal(web2.key(), web3.key());
    assert.equal(web2.id(), '{}/{team="web"}/3');
    assert.equal(web3.id(), '{}/{team="web"}/4');
    assert.equal(byReceiver('db-eu').id(), '{}/{severity="critical",team="db"}/0/{env!="prod",region=~"eu-.*"}/1');
  });

  it('numbers routes children first, the root last', () => {
    const order: [string, number][] = [];
    tree.walk((r) => order.push([r.options.receiver, r.idx]));
    assert.deepEqual(order, [
      ['default', 8],
      ['db-pager', 2],
      ['db-sql', 0],
      ['db-eu', 1],
      ['db-all', 3],
      ['web', 4],
      ['web2', 5],
      ['web3', 6],
      ['catchall', 7],
    ]);
  });
});

describe('route options inheritance', () => {
  const m = (s: string) => parseMatchers(s);
  const root: RouteConfig = {
    receiver: 'root',
    continue: false,
    group_by: ['alertname'],
    group_wait: 10_000,
    labels: { team: 'ops', tier: '1' },
    routes: [
      {
        receiver: '',
        continue: false,
        matchers: m('a="1"'),
        group_interval: 60_000,
        mute_time_intervals: ['nights'],
        active_time_intervals: ['weekdays'],
        labels: { tier: '2' },
        routes: [{ receiver: 'leaf', continue: false, matchers: m('b="1"'), repeat_interval: 3_600_000 }],
      },
      { receiver: 'all', continue: false, matchers: m('a="2"'), group_by: ['...'], routes: [
        { receiver: '', continue: false, matchers: m('c="1"') },
        { receiver: '', continue: false, matchers: m('c="2"'), group_by: [] },
        { receiver: '', continue: false, matchers: m('c="3"'), group_by: ['x'] },
      ] },
    ],
  };
  const t = compileRoute(root);
  const [a1, a2] = t.routes as [Route, Route];
  const leaf = a1.routes[0] as Route;

  it('applies Alertmanager defaults on the root', () => {
    assert.equal(t.options.groupWait, 10_000);
    assert.equal(t.options.groupInterval, 300_000);
    assert.equal(t.options.repeatInterval, 14_400_000);
  });

  it('inherits receiver, group_by and timers', () => {
    assert.equal(a1.options.receiver, 'root');
    assert.deepEqual([...leaf.options.groupBy], ['alertname']);
    assert.equal(leaf.options.receiver, 'leaf');
    assert.equal(leaf.options.groupWait, 10_000);
    assert.equal(leaf.options.groupInterval, 60_000);
    assert.equal(leaf.options.repeatInterval, 3_600_000);
  });

  it('does not inherit mute and active time intervals', () => {
    assert.deepEqual(a1.options.muteTimeIntervals, ['nights']);
    assert.deepEqual(a1.options.activeTimeIntervals, ['weekdays']);
    assert.deepEqual(leaf.options.muteTimeIntervals, []);
    assert.deepEqual(leaf.options.activeTimeIntervals, []);
  });

  it('merges route labels parent to child, the child winning', () => {
    assert.deepEqual(leaf.options.labels, { team: 'ops', tier: '2' });
  });

  it('groups by all labels for `...`, inherited until a child names labels or clears them', () => {
    const labels = { alertname: 'A', a: '2', c: '1', x: 'y' };
    assert.deepEqual(a2.groupLabels(labels), labels);
    assert.deepEqual((a2.routes[0] as Route).groupLabels(labels), labels);
    assert.deepEqual((a2.routes[1] as Route).groupLabels({ ...labels, c: '2' }), {});
    assert.deepEqual((a2.routes[2] as Route).groupLabels({ ...labels, c: '3' }), { x: 'y' });
  });

  it('omits group_by labels the alert lacks', () => {
    assert.deepEqual(t.groupLabels({ foo: 'bar' }), {});
  });
});

describe('legacy match and match_re', () => {
  it('anchors match_re and sorts all matchers together', () => {
    const r = compileRoute({
      receiver: 'r',
      continue: false,
      routes: [{ receiver: '', continue: false, match: { z: '1' }, match_re: { a: 'x|y' }, matchers: parseMatchers('m!="2"') }],
    }).routes[0] as Route;
    assert.equal(r.key(), '{}/{a=~"^(?:x|y)$",m!="2",z="1"}');
    assert.equal(r.match({ a: 'x', z: '1' }).length, 1);
    assert.equal(r.match({ a: 'xx', z: '1' }).length, 0);
  });
});
