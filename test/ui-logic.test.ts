// The UI's client-side logic that mirrors Alertmanager: matchers, routing, silence update rules.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatMatcher, matches, matchesAll, MatcherSyntaxError, parseMatchers } from '../ui/src/lib/matchers.ts';
import { groupLabels, matchRoutes, routeTreeFromConfig } from '../ui/src/lib/route-tree.ts';
import { replaceReason, validateDraft } from '../ui/src/lib/silence-edit.ts';
import type { Silence } from '../ui/src/lib/types.ts';
import { formatDuration, parseDuration } from '../ui/src/lib/time.ts';

describe('matchers', () => {
  test('parses quoted, bare, braced and listed matchers', () => {
    assert.deepEqual(parseMatchers('{severity="critical", instance=~db.*}'), [
      { name: 'severity', op: '=', value: 'critical' },
      { name: 'instance', op: '=~', value: 'db.*' },
    ]);
    assert.deepEqual(parseMatchers('a!="x \\"y\\"",b!~"z",'), [
      { name: 'a', op: '!=', value: 'x "y"' },
      { name: 'b', op: '!~', value: 'z' },
    ]);
    assert.equal(formatMatcher({ name: 'a', op: '!=', value: 'x "y"' }), 'a!="x \\"y\\""');
    assert.equal(formatMatcher({ name: 'my label', op: '=', value: '' }), '"my label"=""');
  });

  test('rejects malformed input with a message', () => {
    for (const bad of ['foo', 'foo=', '{a="b"', 'a="b"}', 'a=~"("', 'a="unterminated']) {
      assert.throws(() => parseMatchers(bad), MatcherSyntaxError, bad);
    }
  });

  test("evaluates as Alertmanager does: anchored regexes, missing label is empty, (?i)", () => {
    assert.ok(matches({ name: 'i', op: '=~', value: 'db.*' }, { i: 'db-1' }));
    assert.ok(!matches({ name: 'i', op: '=~', value: 'db' }, { i: 'db-1' }));
    assert.ok(matches({ name: 'i', op: '=~', value: 'a|b' }, { i: 'b' }));
    assert.ok(!matches({ name: 'i', op: '=~', value: 'a|b' }, { i: 'ab' }));
    assert.ok(matches({ name: 'x', op: '=', value: '' }, {}));
    assert.ok(matches({ name: 'x', op: '!~', value: '.+' }, {}));
    assert.ok(matches({ name: 'i', op: '=~', value: '(?i)DB.*' }, { i: 'db-1' }));
    assert.ok(matchesAll([], { a: 'b' }));
  });
});

const CONFIG = `
route:
  receiver: root
  group_by: [alertname]
  group_wait: 10s
  routes:
    - receiver: db
      match: { team: db }
      continue: true
      routes:
        - receiver: db-pager
          matchers: ['severity="critical"']
          group_by: ['...']
    - receiver: web
      match_re: { service: 'web|api' }
      group_by: []
      repeat_interval: 1h
    - matchers: ['severity=~"crit.*"', 'env!="dev"']
      receiver: pager
`;

describe('routing tree', () => {
  const root = routeTreeFromConfig(CONFIG);
  const receivers = (labels: Record<string, string>): string[] => matchRoutes(root, labels).map((r) => r.receiver);

  test('depth first, first match wins unless continue, the parent when no child matches', () => {
    assert.deepEqual(receivers({ team: 'db', severity: 'critical' }), ['db-pager', 'pager']);
    assert.deepEqual(receivers({ team: 'db', severity: 'warning' }), ['db']);
    assert.deepEqual(receivers({ service: 'api', severity: 'critical' }), ['web']);
    assert.deepEqual(receivers({ service: 'apis' }), ['root'], 'match_re is anchored');
    assert.deepEqual(receivers({ severity: 'critical', env: 'dev' }), ['root']);
  });

  test('inherits grouping and timings; `...` groups by all labels, [] by none', () => {
    const [pager] = matchRoutes(root, { team: 'db', severity: 'critical', alertname: 'X' });
    assert.ok(pager);
    assert.equal(pager.groupBy, undefined);
    assert.deepEqual(groupLabels(pager, { team: 'db', severity: 'critical' }), { team: 'db', severity: 'critical' });
    assert.equal(pager.groupWait, '10s');
    const [web] = matchRoutes(root, { service: 'web', alertname: 'X' });
    assert.deepEqual(web?.groupBy, []);
    assert.equal(web?.repeatInterval, '1h');
    assert.equal(web?.groupInterval, '5m');
    const [db] = matchRoutes(root, { team: 'db', alertname: 'X', instance: 'a' });
    assert.deepEqual(db && groupLabels(db, { team: 'db', alertname: 'X', instance: 'a' }), { alertname: 'X' });
  });
});

describe('silence editing', () => {
  const now = Date.parse('2026-01-01T12:00:00Z');
  const prev: Silence = {
    id: 'x',
    matchers: [{ name: 'a', value: 'b', isRegex: false, isEqual: true }],
    startsAt: '2026-01-01T11:00:00.123Z',
    endsAt: '2026-01-01T14:00:00Z',
    updatedAt: '2026-01-01T11:00:00Z',
    createdBy: 'me',
    comment: 'c',
    status: { state: 'active' },
  };
  const draft = { matchers: [{ name: 'a', op: '=' as const, value: 'b' }], startsAt: prev.startsAt, endsAt: '2026-01-01T16:00:00Z', createdBy: 'me', comment: 'c' };
  const prevMatchers = [{ name: 'a', op: '=' as const, value: 'b' }];

  test("follows Alertmanager's canUpdate", () => {
    assert.equal(replaceReason(prev, draft, prevMatchers, now), undefined);
    assert.match(replaceReason(prev, { ...draft, matchers: [{ name: 'a', op: '=~', value: 'b' }] }, prevMatchers, now) ?? '', /matchers changed/);
    assert.match(replaceReason(prev, { ...draft, startsAt: '2026-01-01T11:30:00Z' }, prevMatchers, now) ?? '', /start time/);
    assert.match(replaceReason({ ...prev, status: { state: 'expired' } }, draft, prevMatchers, now) ?? '', /expired/);
    const pending = { ...prev, startsAt: '2026-01-01T13:00:00Z', status: { state: 'pending' as const } };
    assert.equal(replaceReason(pending, { ...draft, startsAt: '2026-01-01T13:30:00Z' }, prevMatchers, now), undefined);
    assert.match(replaceReason(pending, { ...draft, startsAt: '2026-01-01T11:30:00Z' }, prevMatchers, now) ?? '', /in the past/);
  });

  test('validates like the API before posting', () => {
    assert.deepEqual(validateDraft(draft, now), {});
    assert.match(validateDraft({ ...draft, matchers: [{ name: 'a', op: '=~', value: '.*' }] }, now).matchers ?? '', /empty string/);
    assert.match(validateDraft({ ...draft, endsAt: '2026-01-01T11:59:00Z' }, now).endsAt ?? '', /future/);
    assert.ok(validateDraft({ ...draft, matchers: [{ name: '', op: '=', value: 'x' }] }, now).matcher?.[0]);
    assert.ok(validateDraft({ ...draft, createdBy: ' ', comment: '' }, now).createdBy);
  });

  test('durations in Prometheus syntax', () => {
    assert.equal(parseDuration('1d2h30m'), 95_400_000);
    assert.equal(parseDuration('2 hours'), undefined);
    assert.equal(formatDuration(95_400_000), '1d2h30m');
    assert.equal(formatDuration(95_400_500), '1d2h30m');
    assert.equal(formatDuration(5_400_000), '1h30m');
  });
});
