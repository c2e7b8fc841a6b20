import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lastParam, parseGoQuery } from './go-query.ts';

const pairs = (raw: string): Array<[string, string]> => [...parseGoQuery(raw)];

// Expected values are what Go 1.19's url.ParseQuery returned for the same strings (JSON-encoded,
// so bytes that are not UTF-8 show as U+FFFD).
test('queries read as Go reads them: pairs with ";" or a bad escape are dropped, "+" is a space', () => {
  const cases: Array<[string, Array<[string, string]>]> = [
    ['filter=a&filter=b', [['filter', 'a'], ['filter', 'b']]],
    ['filter=team%3Dx;foo=bar&x=1', [['x', '1']]],
    ['a=%zz&b=1', [['b', '1']]],
    ['x%zz=1&c=2', [['c', '2']]],
    ['a=1%', []],
    ['a=%4', []],
    ['s=a+b%2Bc', [['s', 'a b+c']]],
    ['=x', [['', 'x']]],
    ['a', [['a', '']]],
    ['&&a=1&&', [['a', '1']]],
    ['e=%C3%A9', [['e', 'é']]],
    ['e=%C3%28', [['e', '\ufffd(']]],
    ['k=%41%62', [['k', 'Ab']]],
    ['', []],
  ];
  for (const [raw, expected] of cases) assert.deepEqual(pairs(raw), expected, raw);
});

test('raw bytes of the request target, which Node hands over as Latin-1, are read as UTF-8', () => {
  assert.deepEqual(pairs(Buffer.from('e=é', 'utf8').toString('latin1')), [['e', 'é']]);
  assert.deepEqual(pairs(Buffer.from('e=é%20x', 'utf8').toString('latin1')), [['e', 'é x']]);
});

test('a parameter that is not an array takes its last value, and an empty one is absent', () => {
  const q = parseGoQuery('receiver=a&receiver=b&active=false&active=&silenced=&x=1');
  assert.equal(lastParam(q, 'receiver'), 'b');
  assert.equal(lastParam(q, 'active'), undefined);
  assert.equal(lastParam(q, 'silenced'), undefined);
  assert.equal(lastParam(q, 'inhibited'), undefined);
  assert.equal(lastParam(parseGoQuery('receiver=b&receiver='), 'receiver'), undefined);
  assert.equal(lastParam(parseGoQuery('receiver=&receiver=b'), 'receiver'), 'b');
});
