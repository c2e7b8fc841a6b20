import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Tok, lex } from './lexer.ts';

function kinds(text: string, opts = {}): string[] {
  return lex(text, opts).map((t) => (t.type === Tok.Error ? `error:${t.val}` : `${Tok[t.type]}:${t.val}`));
}

describe('lexer', () => {
  it('splits text and actions', () => {
    assert.deepEqual(kinds('a{{.B}}c'), ['Text:a', 'LeftDelim:{{', 'Field:.B', 'RightDelim:}}', 'Text:c', 'EOF:']);
  });

  it('trims spaces around trim markers', () => {
    assert.deepEqual(kinds('a  \n{{- 1 -}}\t b'), ['Text:a', 'LeftDelim:{{', 'Number:1', 'RightDelim:}}', 'Text:b', 'EOF:']);
  });

  it('reads "-1" (no space after the dash) as a number, not a trim marker', () => {
    assert.deepEqual(kinds('{{-1}}'), ['LeftDelim:{{', 'Number:-1', 'RightDelim:}}', 'EOF:']);
  });

  it('drops comments, trimming when asked', () => {
    assert.deepEqual(kinds('a {{- /* x */ -}} b'), ['Text:a', 'Text:b', 'EOF:']);
    assert.deepEqual(kinds('{{/* x */}}', { emitComments: true }), ['Comment:/* x */', 'EOF:']);
  });

  it('lexes literals, keywords, variables and punctuation', () => {
    assert.deepEqual(kinds('{{range $i, $e := .L | len}}'), [
      'LeftDelim:{{', 'Range:range', 'Space: ', 'Variable:$i', 'Char:,', 'Space: ', 'Variable:$e', 'Space: ',
      'Declare::=', 'Space: ', 'Field:.L', 'Space: ', 'Pipe:|', 'Space: ', 'Identifier:len', 'RightDelim:}}', 'EOF:',
    ]);
    assert.deepEqual(kinds('{{"s" `r` \'c\' 0x1F 1.5e3 true nil . $}}').filter((k) => !k.startsWith('Space')), [
      'LeftDelim:{{', 'String:"s"', 'RawString:`r`', "CharConstant:'c'", 'Number:0x1F', 'Number:1.5e3', 'Bool:true',
      'Nil:nil', 'Dot:.', 'Variable:$', 'RightDelim:}}', 'EOF:',
    ]);
  });

  it('lexes complex constants and rejects bad numbers as Go does', () => {
    assert.deepEqual(kinds('{{1+2i}}')[1], 'Complex:1+2i');
    assert.deepEqual(kinds('{{3k}}').at(-1), 'error:bad number syntax: "3k"');
  });

  it('honours custom delimiters', () => {
    assert.deepEqual(kinds('[[.A]]{{x}}', { leftDelim: '[[', rightDelim: ']]' }), [
      'LeftDelim:[[', 'Field:.A', 'RightDelim:]]', 'Text:{{x}}', 'EOF:',
    ]);
  });

  it('treats break and continue as identifiers when functions of those names exist', () => {
    assert.deepEqual(kinds('{{break}}', { breakOK: false })[1], 'Identifier:break');
    assert.deepEqual(kinds('{{break}}')[1], 'Break:break');
  });

  it('reports lexical errors with their line', () => {
    const toks = lex('a\n{{"open\n}}');
    const last = toks.at(-1);
    assert.equal(last?.type, Tok.Error);
    assert.equal(last?.val, 'unterminated quoted string');
    assert.equal(last?.line, 2);
    assert.equal(kinds('{{.X#}}').at(-1), "error:bad character U+0023 '#'");
    assert.equal(kinds('{{/* x').at(-1), 'error:unclosed comment');
    assert.equal(kinds('{{ (1 }}').at(-1), 'error:unclosed left paren');
  });
});
