import assert from 'node:assert/strict';
import { test } from 'node:test';
import { goJsonEscape, goJsonString } from './go-json-string.ts';

// Expected outputs follow Go 1.22+'s encoding/json (Alertmanager 0.34 is built with Go 1.25).
test('goJsonString writes plain strings as they are', () => {
  assert.equal(goJsonString(''), '""');
  assert.equal(goJsonString('node-exporter:9100/x é 😀 \u007f'), '"node-exporter:9100/x é 😀 \u007f"');
});

test('goJsonString uses the short escapes, \\b and \\f included, and \\u00XX for other control characters', () => {
  assert.equal(goJsonString('"q" \\ \b\f\n\r\t'), '"\\"q\\" \\\\ \\b\\f\\n\\r\\t"');
  assert.equal(goJsonString('\u0000\u0001\u000b\u001f'), '"\\u0000\\u0001\\u000b\\u001f"');
});

test('goJsonString escapes HTML characters and line separators as json.Marshal does', () => {
  assert.equal(goJsonString('a<b>&c'), '"a\\u003cb\\u003e\\u0026c"');
  assert.equal(goJsonString('x\u2028y\u2029'), '"x\\u2028y\\u2029"');
});

test('goJsonString writes invalid UTF-16 (Go: invalid UTF-8) as \\ufffd and keeps pairs', () => {
  assert.equal(goJsonString('lone \ud800 pair \ud83d\ude00 low \udc00'), '"lone \\ufffd pair \ud83d\ude00 low \\ufffd"');
  assert.equal(goJsonString('\udc00\ud800'), '"\\ufffd\\ufffd"');
});

test('goJsonEscape leaves text that merely looks like a surrogate escape alone', () => {
  const go = (s: string): string => goJsonEscape(JSON.stringify(s));
  assert.equal(go('\\ud800'), '"\\\\ud800"');
  assert.equal(go('\\\ud800'), '"\\\\\\ufffd"');
});

test('goJsonEscape rewrites a whole document', () => {
  assert.equal(goJsonEscape(JSON.stringify({ 'k<': ['\b', '&', '\ud800'] })), '{"k\\u003c":["\\b","\\u0026","\\ufffd"]}');
});
