import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LabelSet } from './label-set.ts';
import { Matcher, matchersToString, matchesLabels, sortMatchers, type MatchType } from './matcher.ts';

type Spec = [name: string, type: MatchType, value: string];

// Printed by a Go program running Alertmanager 0.34's pkg/labels (NewMatcher, Matchers.Matches,
// Matchers.String before and after sort.Sort) with Go's regexp package.
const cases: [Spec[], LabelSet, boolean, string, string][] = [
  [[["severity", "=~", "(?i)crit.*"]], {"severity": "CRITICAL"}, true, "{severity=~\"(?i)crit.*\"}", "{severity=~\"(?i)crit.*\"}"],
  [[["severity", "=~", "crit"]], {"severity": "critical"}, false, "{severity=~\"crit\"}", "{severity=~\"crit\"}"],
  [[["severity", "=~", "crit|warn"]], {"severity": "warn"}, true, "{severity=~\"crit|warn\"}", "{severity=~\"crit|warn\"}"],
  [[["severity", "!~", "crit|warn"]], {"severity": "info"}, true, "{severity!~\"crit|warn\"}", "{severity!~\"crit|warn\"}"],
  [[["a", "=~", "a"]], {"a": "a\n"}, false, "{a=~\"a\"}", "{a=~\"a\"}"],
  [[["a", "=~", ".*"]], {"a": "x\ny"}, false, "{a=~\".*\"}", "{a=~\".*\"}"],
  [[["a", "=~", "(?s).*"]], {"a": "x\ny"}, true, "{a=~\"(?s).*\"}", "{a=~\"(?s).*\"}"],
  [[["a", "=~", "^a$"]], {"a": "a"}, true, "{a=~\"^a$\"}", "{a=~\"^a$\"}"],
  [[["a", "=~", "a$|b"]], {"a": "b"}, true, "{a=~\"a$|b\"}", "{a=~\"a$|b\"}"],
  [[["a", "=~", "[[:alpha:]]+"]], {"a": "abc"}, true, "{a=~\"[[:alpha:]]+\"}", "{a=~\"[[:alpha:]]+\"}"],
  [[["a", "=~", "\\pL+"]], {"a": "\u65e5\u672c"}, true, "{a=~\"\\\\pL+\"}", "{a=~\"\\\\pL+\"}"],
  [[["a", "=~", "\\d+"]], {"a": "\u0661\u0662"}, false, "{a=~\"\\\\d+\"}", "{a=~\"\\\\d+\"}"],
  [[["a", "=~", "."]], {"a": "\ud83d\ude00"}, true, "{a=~\".\"}", "{a=~\".\"}"],
  [[["a", "=~", "\\x{1F600}"]], {"a": "\ud83d\ude00"}, true, "{a=~\"\\\\x{1F600}\"}", "{a=~\"\\\\x{1F600}\"}"],
  [[["a", "=~", ".*"]], {}, true, "{a=~\".*\"}", "{a=~\".*\"}"],
  [[["a", "=~", ".+"]], {}, false, "{a=~\".+\"}", "{a=~\".+\"}"],
  [[["a", "=", ""]], {}, true, "{a=\"\"}", "{a=\"\"}"],
  [[["a", "!=", ""]], {}, false, "{a!=\"\"}", "{a!=\"\"}"],
  [[["a", "!=", ""]], {"a": "x"}, true, "{a!=\"\"}", "{a!=\"\"}"],
  [[["constructor", "=", ""]], {}, true, "{constructor=\"\"}", "{constructor=\"\"}"],
  [[["toString", "!=", ""]], {}, false, "{toString!=\"\"}", "{toString!=\"\"}"],
  [[["__proto__", "=", ""]], {}, true, "{__proto__=\"\"}", "{__proto__=\"\"}"],
  [[["a", "=", "x"], ["b", "!=", "y"]], {"a": "x", "b": "z"}, true, "{a=\"x\",b!=\"y\"}", "{a=\"x\",b!=\"y\"}"],
  [[["a", "=", "x"], ["b", "!=", "y"]], {"a": "x", "b": "y"}, false, "{a=\"x\",b!=\"y\"}", "{a=\"x\",b!=\"y\"}"],
  [[], {"a": "x"}, true, "{}", "{}"],
  [[["b", "=", "1"], ["a", "!~", "2"], ["a", "=~", "2"], ["a", "=", "2"], ["a", "!=", "2"], ["a", "=", "1"]], {}, false, "{b=\"1\",a!~\"2\",a=~\"2\",a=\"2\",a!=\"2\",a=\"1\"}", "{a=\"1\",a=\"2\",a!=\"2\",a=~\"2\",a!~\"2\",b=\"1\"}"],
  [[["name with space", "=", "v"], ["x", "=", "q\"\\\n\t"], ["\u00e9", "=~", "\u00fc"]], {}, false, "{\"name with space\"=\"v\",x=\"q\\\"\\\\\\n\t\",\u00e9=~\"\u00fc\"}", "{\"name with space\"=\"v\",x=\"q\\\"\\\\\\n\t\",\u00e9=~\"\u00fc\"}"],
  [[["a", "=~", "(?P<n>x)"]], {"a": "x"}, true, "{a=~\"(?P<n>x)\"}", "{a=~\"(?P<n>x)\"}"],
  [[["a", "=~", "a\\z"]], {"a": "a"}, true, "{a=~\"a\\\\z\"}", "{a=~\"a\\\\z\"}"],
  [[["a", "=~", "\\Aa"]], {"a": "a"}, true, "{a=~\"\\\\Aa\"}", "{a=~\"\\\\Aa\"}"],
  [[["a", "=~", "\\bfoo\\b"]], {"a": "foo"}, true, "{a=~\"\\\\bfoo\\\\b\"}", "{a=~\"\\\\bfoo\\\\b\"}"],
  [[["\ue000", "=", "1"], ["\ud83d\ude00", "=", "1"]], {}, false, "{\ue000=\"1\",\ud83d\ude00=\"1\"}", "{\ue000=\"1\",\ud83d\ude00=\"1\"}"],
];

for (const [specs, ls, matches, str, sorted] of cases) {
  test(`${str} against ${JSON.stringify(ls)}`, () => {
    const ms = specs.map(([n, t, v]) => Matcher.create(n, t, v));
    assert.equal(matchesLabels(ms, ls), matches);
    assert.equal(matchersToString(ms), str);
    assert.equal(matchersToString(sortMatchers(ms)), sorted);
  });
}

// Go's regexp.Compile errors for the anchored pattern.
const badRegexes: [Spec[], string][] = [
  [[["a", "=~", "("]], "error parsing regexp: missing closing ): `^(?:()$`"],
  [[["a", "=~", "a**"]], "error parsing regexp: invalid nested repetition operator: `**`"],
  [[["a", "=~", "\\8"]], "error parsing regexp: invalid escape sequence: `\\8`"],
  [[["a", "=~", "x{1001}"]], "error parsing regexp: invalid repeat count: `{1001}`"],
  [[["a", "=~", "[z-a]"]], "error parsing regexp: invalid character class range: `z-a`"],
  [[["a", "!~", "(?i"]], "error parsing regexp: missing closing ): `^(?:(?i)$`"],
];

for (const [specs, message] of badRegexes) {
  const [name, type, value] = specs[0] as Spec;
  test(`Matcher.create rejects ${value}`, () => {
    assert.throws(() => Matcher.create(name, type, value), { name: 'SyntaxError', message });
  });
}

test('Matcher.matches on a single value', () => {
  const table: [Spec, string, boolean][] = [
    [['a', '=', 'x'], 'x', true],
    [['a', '=', 'x'], 'X', false],
    [['a', '!=', 'x'], 'y', true],
    [['a', '=~', 'x|y'], 'y', true],
    [['a', '=~', 'x|y'], 'xy', false],
    [['a', '!~', 'x|y'], 'xy', true],
  ];
  for (const [[n, t, v], input, expected] of table) assert.equal(Matcher.create(n, t, v).matches(input), expected);
});

test('a matcher exposes its parts', () => {
  const m = Matcher.create('severity', '=~', 'crit.*');
  assert.deepEqual([m.name, m.type, m.value], ['severity', '=~', 'crit.*']);
});

test('regex matchers answer the same for repeated values and past their memo size', () => {
  const m = Matcher.create('instance', '=~', 'host-[0-4]?7|db.*');
  const expected = (v: string): boolean => /^(?:host-[0-4]?7|db.*)$/u.test(v);
  for (let round = 0; round < 2; round++) {
    for (let i = 0; i < 6000; i++) {
      const v = i % 3 === 0 ? `db-${i}` : `host-${i % 60}`;
      assert.equal(m.matches(v), expected(v), v);
      assert.equal(Matcher.create('instance', '!~', 'host-[0-4]?7|db.*').matches(v), !expected(v), v);
    }
  }
});
