import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Matcher } from './matcher.ts';
import {
  DISAGREEMENT_WARNING,
  INCOMPATIBLE_INPUT_WARNING,
  isValidLabelName,
  matcherModeFromFeatures,
  parseMatcher,
  parseMatchers,
  type MatcherWarningFields,
  type ParseMatchersOptions,
} from './parse.ts';
import { MatcherParseError } from './parse-error.ts';

type Expected = [name: string, type: string, value: string, str: string][] | { error: string };
type FallbackChoice = 'utf8' | 'classic-warn' | 'disagreement' | 'error';
interface Case {
  input: string;
  classic: Expected;
  utf8: Expected;
  fallback: FallbackChoice;
  classicOne: Expected;
  utf8One: Expected;
}

// Results of Alertmanager's own parsers; see `_source` in the file.
const { cases } = JSON.parse(readFileSync(new URL('./testdata/matcher-parse.json', import.meta.url), 'utf8')) as {
  cases: Case[];
};

interface Outcome {
  result: Expected;
  warnings: string[];
}

function run(parse: (opts: ParseMatchersOptions) => Matcher[]): (opts: ParseMatchersOptions) => Outcome {
  return (opts) => {
    const warnings: string[] = [];
    try {
      const ms = parse({ ...opts, onWarning: (msg) => warnings.push(msg) });
      return { result: ms.map((m) => [m.name, m.type, m.value, m.toString()]), warnings };
    } catch (err) {
      assert.ok(err instanceof MatcherParseError, `unexpected error ${String(err)}`);
      assert.equal(err.name, 'MatcherParseError');
      return { result: { error: err.message }, warnings };
    }
  };
}

function fallbackOutcome(choice: FallbackChoice, c: Expected, u: Expected): Outcome {
  switch (choice) {
    case 'utf8':
      return { result: u, warnings: [] };
    case 'classic-warn':
      return { result: c, warnings: [INCOMPATIBLE_INPUT_WARNING] };
    case 'disagreement':
      return { result: c, warnings: [DISAGREEMENT_WARNING] };
    case 'error':
      return { result: c, warnings: [] };
  }
}

// compat.FallbackMatcherParser's decision for a single matcher, from the two parsers' results.
function singleFallback(c: Expected, u: Expected): FallbackChoice {
  if ('error' in u) return 'error' in c ? 'error' : 'classic-warn';
  if (!('error' in c) && JSON.stringify(c[0]?.slice(0, 3)) !== JSON.stringify(u[0]?.slice(0, 3))) return 'disagreement';
  return 'utf8';
}

for (const c of cases) {
  test(`parse ${JSON.stringify(c.input)}`, () => {
    const list = run((opts) => parseMatchers(c.input, opts));
    const one = run((opts) => [parseMatcher(c.input, opts)]);
    const braces = c.input.startsWith('{') || c.input.endsWith('}');
    const braceError = { result: { error: `unexpected open or close brace: ${c.input}` }, warnings: [] };

    assert.deepEqual(list({ mode: 'classic' }), { result: c.classic, warnings: [] }, 'classic list');
    assert.deepEqual(list({ mode: 'utf8-strict' }), { result: c.utf8, warnings: [] }, 'UTF-8 list');
    assert.deepEqual(list({}), fallbackOutcome(c.fallback, c.classic, c.utf8), 'fallback list');
    assert.deepEqual(one({ mode: 'classic' }), { result: c.classicOne, warnings: [] }, 'classic single');
    assert.deepEqual(one({ mode: 'utf8-strict' }), braces ? braceError : { result: c.utf8One, warnings: [] }, 'UTF-8 single');
    assert.deepEqual(
      one({ mode: 'fallback' }),
      braces ? braceError : fallbackOutcome(singleFallback(c.classicOne, c.utf8One), c.classicOne, c.utf8One),
      'fallback single',
    );
  });
}

// Error and suggestion texts printed by the Go program behind testdata/matcher-parse.json.
test('fallback warnings carry the input, origin, UTF-8 error and a suggestion', () => {
  const seen: MatcherWarningFields[] = [];
  parseMatchers('foo=!bar,baz=~a\\.b', { origin: 'config', onWarning: (_msg, fields) => seen.push(fields) });
  assert.deepEqual(seen, [
    {
      input: 'foo=!bar,baz=~a\\.b',
      origin: 'config',
      err: "4:5: !: expected one of '=~': expected label value",
      suggestion: 'foo="!bar",baz=~"a\\\\.b"',
    },
  ]);
});

test('UTF-8 parse errors report their columns', () => {
  assert.throws(() => parseMatchers('foo!bar', { mode: 'utf8-strict' }), {
    name: 'MatcherParseError',
    input: 'foo!bar',
    position: { columnStart: 3, columnEnd: 4 },
  });
});

test('isValidLabelName', () => {
  const cases: [string, boolean, boolean][] = [
    // name, classic, UTF-8 (fallback and strict)
    ['alertname', true, true],
    ['_x9', true, true],
    ['9x', false, true],
    ['a:b', false, true],
    ['a b', false, true],
    ['名前', false, true],
    ['', false, false],
    ['a\ud800', false, false],
  ];
  for (const [name, classic, utf8] of cases) {
    assert.equal(isValidLabelName(name, 'classic'), classic, name);
    assert.equal(isValidLabelName(name, 'fallback'), utf8, name);
    assert.equal(isValidLabelName(name, 'utf8-strict'), utf8, name);
  }
});

test('matcherModeFromFeatures', () => {
  assert.equal(matcherModeFromFeatures([]), 'fallback');
  assert.equal(matcherModeFromFeatures(['receiver-name-in-metrics', 'classic-mode']), 'classic');
  assert.equal(matcherModeFromFeatures(['utf8-strict-mode']), 'utf8-strict');
  assert.throws(() => matcherModeFromFeatures(['classic-mode', 'utf8-strict-mode']), {
    message: 'cannot have both classic and UTF-8 modes enabled',
  });
});

// Printed by Alertmanager 0.25's labels.ParseMatchers (the classic parser) for the same inputs:
// a comma, inside quotes too, leaves a pending backslash escape to the next character.
test('classic lists keep an escape pending across a comma', () => {
  const classic = run((opts) => parseMatchers('a=~"_|\\,", b!~z', opts))({ mode: 'classic' });
  assert.deepEqual(classic.result, { error: 'matcher value contains unescaped double quote: "_|\\,", b!~z' });
  const outside = run((opts) => parseMatchers('a=b\\,"c"', opts))({ mode: 'classic' });
  assert.deepEqual(outside.result, { error: 'bad matcher format: "c"' });
});
