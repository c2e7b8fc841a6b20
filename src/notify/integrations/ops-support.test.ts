import assert from 'node:assert/strict';
import { test } from 'node:test';
import { goStringMap } from './ops-support.ts';

test('goStringMap writes keys in Go byte order with Go escaping, as json.Marshal of a map[string]string', () => {
  // As json.Marshal(map[string]string{...}) printed them under Go 1.19; a lone surrogate stands for
  // invalid UTF-8, which Go writes as \ufffd.
  assert.equal(goStringMap({}), '{}');
  assert.equal(goStringMap({ b: '2', a: '1', Z: 'z', 'é': 'x' }), '{"Z":"z","a":"1","b":"2","é":"x"}');
  assert.equal(goStringMap({ html: '<a href="x">&</a>', line: 'a\nb\u2028', lone: 'x\ud800' }), '{"html":"\\u003ca href=\\"x\\"\\u003e\\u0026\\u003c/a\\u003e","line":"a\\nb\\u2028","lone":"x\\ufffd"}');
});
