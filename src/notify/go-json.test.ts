import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ByteWriter } from '../common/byte-writer.ts';
import { writeGoJsonTime, writeGoStringMap } from './go-json.ts';

function written(write: (w: ByteWriter) => void): string {
  const w = new ByteWriter(8);
  write(w);
  return w.toBuffer().toString('utf8');
}

test('writeGoStringMap sorts keys by bytes and escapes as Go does', () => {
  const m = { b: '1', a: '2', Z: '3', é: '4', '10': 'x', '9': 'y', '\u{1f600}': '<&>', '\ue000': 'a"\\\n\ud800' };
  assert.equal(
    written((w) => writeGoStringMap(w, m)),
    '{"10":"x","9":"y","Z":"3","a":"2","b":"1","é":"4","\ue000":"a\\"\\\\\\n\\ufffd","\u{1f600}":"\\u003c\\u0026\\u003e"}',
  );
  assert.equal(written((w) => writeGoStringMap(w, {})), '{}');
  assert.equal(written((w) => writeGoStringMap(w, { a: '1', b: '<' })), '{"a":"1","b":"\\u003c"}');
});

test('writeGoJsonTime prints RFC 3339 with trailing fraction zeros dropped', () => {
  const time = (ms: number): string => written((w) => writeGoJsonTime(w, ms));
  assert.equal(time(Date.parse('2026-11-21T00:29:41Z')), '"2026-11-21T00:29:41Z"');
  assert.equal(time(Date.parse('2026-11-21T00:29:41.5Z')), '"2026-11-21T00:29:41.5Z"');
  assert.equal(time(Date.parse('2026-11-21T00:29:41.120Z')), '"2026-11-21T00:29:41.12Z"');
  assert.equal(time(Date.parse('2026-11-21T00:29:41.001Z')), '"2026-11-21T00:29:41.001Z"');
  assert.equal(time(-62_135_596_800_000), '"0001-01-01T00:00:00Z"');
});
