import assert from 'node:assert/strict';
import { test } from 'node:test';
import { goJsonTime, jsonStringMap } from './go-json.ts';

test('jsonStringMap sorts keys by bytes', () => {
  assert.equal(jsonStringMap({ b: '1', a: '2', Z: '3', é: '4', '10': 'x', '9': 'y' }), '{"10":"x","9":"y","Z":"3","a":"2","b":"1","é":"4"}');
  assert.equal(jsonStringMap({}), '{}');
});

test('goJsonTime prints RFC 3339 with trailing fraction zeros dropped', () => {
  assert.equal(goJsonTime(Date.parse('2026-11-21T00:29:41Z')), '"2026-11-21T00:29:41Z"');
  assert.equal(goJsonTime(Date.parse('2026-11-21T00:29:41.5Z')), '"2026-11-21T00:29:41.5Z"');
  assert.equal(goJsonTime(Date.parse('2026-11-21T00:29:41.120Z')), '"2026-11-21T00:29:41.12Z"');
  assert.equal(goJsonTime(Date.parse('2026-11-21T00:29:41.001Z')), '"2026-11-21T00:29:41.001Z"');
  assert.equal(goJsonTime(-62_135_596_800_000), '"0001-01-01T00:00:00Z"');
});
