import { test } from 'node:test';
import assert from 'node:assert/strict';
import { goQuote, goUnquote } from './go-quote.ts';

// Expected outputs printed by Go 1.19's strconv.Quote.
const quoteCases: [string, string][] = [
  ["", "\"\""],
  ["abc", "\"abc\""],
  ["a\"b", "\"a\\\"b\""],
  ["a\\b", "\"a\\\\b\""],
  ["line\nbreak", "\"line\\nbreak\""],
  ["tab\there", "\"tab\\there\""],
  ["\u0000", "\"\\x00\""],
  ["\u0007\b\f\n\r\t\u000b", "\"\\a\\b\\f\\n\\r\\t\\v\""],
  ["\u001b[31m", "\"\\x1b[31m\""],
  ["\u007f", "\"\\x7f\""],
  ["\u0080", "\"\\u0080\""],
  ["\u0085", "\"\\u0085\""],
  ["\u00a0", "\"\\u00a0\""],
  ["\u00e9", "\"\u00e9\""],
  ["\u65e5\u672c\u8a9e", "\"\u65e5\u672c\u8a9e\""],
  ["\ud83d\ude00", "\"\ud83d\ude00\""],
  ["\ud83d\ude00x", "\"\ud83d\ude00x\""],
  ["\u200b", "\"\\u200b\""],
  ["\u2028", "\"\\u2028\""],
  ["\ufeff", "\"\\ufeff\""],
  ["\ue000", "\"\\ue000\""],
  ["\udb80\udc00", "\"\\U000f0000\""],
  ["\udbff\udfff", "\"\\U0010ffff\""],
  ["\ufffd", "\"\ufffd\""],
  ["\u0300", "\"\u0300\""],
  ["a b", "\"a b\""],
  ["'single'", "\"'single'\""],
  ["`back`", "\"`back`\""],
  ["\u00ad", "\"\\u00ad\""],
  ["\u061c", "\"\\u061c\""],
  ["\u3000", "\"\\u3000\""],
  ["\u1680", "\"\\u1680\""],
  ["\u20ac100", "\"\u20ac100\""],
  ["$x{}", "\"$x{}\""],
  ["\u0378", "\"\\u0378\""],
  ["\ud83e\uddff", "\"\ud83e\uddff\""],
  ["\u05d0\u05d1", "\"\u05d0\u05d1\""],
  ["mixed \"q\" \\ and \n\ttabs \ud83d\ude42", "\"mixed \\\"q\\\" \\\\ and \\n\\ttabs \ud83d\ude42\""],
];

for (const [input, expected] of quoteCases) {
  test(`goQuote(${JSON.stringify(input)}) is ${expected}`, () => {
    assert.equal(goQuote(input), expected);
  });
}

test('goQuote prints a lone surrogate as U+FFFD', () => {
  assert.equal(goQuote('a\ud800b'), '"a\ufffdb"');
});

// Expected outputs printed by Go 1.19's strconv.Unquote; undefined marks an error. Results that
// Go returns as invalid UTF-8 are errors here, because a JavaScript string cannot hold them.
const unquoteCases: [string, string | undefined][] = [
  ["\"\"", ""],
  ["\"abc\"", "abc"],
  ["\"a\\\"b\"", "a\"b"],
  ["\"a\\\\b\"", "a\\b"],
  ["\"\\n\\t\\r\\a\\b\\f\\v\"", "\n\t\r\u0007\b\f\u000b"],
  ["\"\\x41\"", "A"],
  ["\"\\xf0\\x9f\\x99\\x82\"", "\ud83d\ude42"],
  ["\"\\xff\"", undefined], // valid for Go but not UTF-8
  ["\"\\101\"", "A"],
  ["\"\\377\"", undefined], // valid for Go but not UTF-8
  ["\"\\400\"", undefined],
  ["\"\\u00e9\"", "\u00e9"],
  ["\"\\U0001F600\"", "\ud83d\ude00"],
  ["\"\\ud800\"", undefined],
  ["\"\\U00110000\"", undefined],
  ["\"\\'\"", undefined],
  ["\"\\q\"", undefined],
  ["\"abc", undefined],
  ["\"a\"b\"", undefined],
  ["\"line\nbreak\"", undefined],
  ["\"\\x4\"", undefined],
  ["\"\\x4g\"", undefined],
  ["\"\\u12\"", undefined],
  ["\"\u00e9\ud83d\ude00\"", "\u00e9\ud83d\ude00"],
  ["\"tab\there\"", "tab\there"],
  ["\"\\\"", undefined],
  ["\"\\0\"", undefined],
  ["\"\\012\"", "\n"],
  ["\"\\e\"", undefined],
  ["\"a\\\nb\"", undefined],
  ["\"ab\"c\"", undefined],
  ["\"\\xc3\\xa9\"", "\u00e9"],
  ["\"\\xc3\"", undefined], // valid for Go but not UTF-8
];

for (const [input, expected] of unquoteCases) {
  test(`goUnquote(${JSON.stringify(input)})`, () => {
    if (expected === undefined) assert.throws(() => goUnquote(input), { name: 'SyntaxError', message: 'invalid syntax' });
    else assert.equal(goUnquote(input), expected);
  });
}

test('goUnquote accepts only the double-quoted form', () => {
  assert.throws(() => goUnquote("'a'"), SyntaxError);
  assert.throws(() => goUnquote('`a`'), SyntaxError);
  assert.throws(() => goUnquote('"\ud800"'), SyntaxError);
});

test('goUnquote inverts goQuote', () => {
  for (const [input] of quoteCases) assert.equal(goUnquote(goQuote(input)), input);
});
