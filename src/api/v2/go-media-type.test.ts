import assert from 'node:assert/strict';
import { test } from 'node:test';
import { acceptsJson, parseGoMediaType } from './go-media-type.ts';

const read = (value: string): string => {
  const parsed = parseGoMediaType(value);
  return 'error' in parsed ? `error: ${parsed.error}` : `${parsed.type} ${JSON.stringify(Object.fromEntries(parsed.params))}`;
};

// Types, parameters and errors as Go 1.19's mime.ParseMediaType gave them for the same values.
test('media types parse, and fail, as Go reads them', () => {
  const cases: Array<[string, string]> = [
    ['application/json', 'application/json {}'],
    ['Application/JSON ; Charset=UTF-8', 'application/json {"charset":"UTF-8"}'],
    ['application/json;', 'application/json {}'],
    ['text/plain; charset=utf-8;', 'text/plain {"charset":"utf-8"}'],
    ['application/json; q="0.5"', 'application/json {"q":"0.5"}'],
    ['application/json; x="a\\"b"', 'application/json {"x":"a\\"b"}'],
    ['application', 'application {}'],
    ['application/json; charset', 'error: mime: invalid media parameter'],
    ['application/json;charset=', 'error: mime: invalid media parameter'],
    ['application/json; x="unterminated', 'error: mime: invalid media parameter'],
    ['a/b; c=d e', 'error: mime: invalid media parameter'],
    ['application/json; a=1; a=2', 'error: mime: duplicate parameter name'],
    ['application/json x', 'error: mime: unexpected content after media subtype'],
    [';x=y', 'error: mime: no media type'],
    ['', 'error: mime: no media type'],
    ['application/', 'error: mime: expected token after slash'],
  ];
  for (const [value, expected] of cases) assert.equal(read(value), expected, value);
});

test('a parameter repeated with the same value is accepted, as Go after 1.19 accepts it', () => {
  assert.equal(read('application/json; a=1; a=1'), 'application/json {"a":"1"}');
});

test('an Accept header takes JSON as go-openapi v0.33 negotiates it', () => {
  for (const accept of [undefined, 'application/json', '*/*', 'application/*', 'text/html, application/json;q=0.1', 'APPLICATION/JSON', '*/xml',
    'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', 'application/json; q=nope', 'application/json;q="0.5", text/html', 'x, application/json']) {
    assert.equal(acceptsJson(accept), true, String(accept));
  }
  for (const accept of ['', ' ', 'text/html', 'application/xml', 'garbage', 'application/json;q=0', 'application/json;q=-1', 'application/vnd.api+json',
    'text/*', 'application/json; charset', 'application/json; q=0.0, text/plain']) {
    assert.equal(acceptsJson(accept), false, accept);
  }
});
