import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { flowCollectionError, flowStartAround } from './yaml-v2-flow.ts';

/** The error reading the flow collection at the text's first `[` or `{`, with the text from where it is reported. */
function errorOf(text: string): [string, string] | undefined {
  const found = flowCollectionError(text, text.search(/[[{]/));
  return found === undefined ? undefined : [found.message, text.slice(found.offset, found.offset + 10)];
}

const SEQ = "did not find expected ',' or ']'";
const MAP = "did not find expected ',' or '}'";
const NODE = 'did not find expected node content';

describe('flowCollectionError, yaml.v2 reading a flow collection', () => {
  test('a collection that closes has no error, whatever the indentation of its lines', () => {
    assert.equal(errorOf('k: [a,\nb, [c, d],\n  {e: f, g}, "h, i", \'j\'\'k\', ]\n'), undefined);
    assert.equal(errorOf('k: {a: [x,\ny], b: , c}\n'), undefined);
    assert.equal(errorOf('k: [http://x/y, a:b]\n'), undefined);
  });

  test('left open, it reads on through the block content after it', () => {
    // `receivers:` is a pair in the list; the `- ` entry after it cannot be its value.
    assert.deepEqual(errorOf('  g: [a,\nreceivers:\n- name: x\n'), [NODE, '- name: x\n']);
    // A key after a value is no key: the scalar folds on until the `:`, where a `,` belongs.
    assert.deepEqual(errorOf('  g: [a,\n  receiver: x\n  wait: 30s\n'), [SEQ, ': 30s\n']);
    assert.deepEqual(errorOf('  m: {a: b,\n  c: d\nreceivers:\n'), [MAP, ':\n']);
    assert.deepEqual(errorOf('  g: [a,\nglobal:\n  timeout: 5m\n'), [SEQ, ': 5m\n']);
    assert.deepEqual(errorOf('  g: [a,\n'), [NODE, '']);
    // Tabs are blanks in flow context.
    assert.deepEqual(errorOf('  g: [a,\n\t b:'), [NODE, '']);
  });

  test('a missing comma is reported at the token after the entry', () => {
    assert.deepEqual(errorOf('g: [a [b], c]'), [SEQ, '[b], c]']);
    assert.deepEqual(errorOf('g: {a: b c: d}'), [MAP, ': d}']);
    assert.deepEqual(errorOf('g: [a: b: c]'), [SEQ, ': c]']);
    assert.deepEqual(errorOf("g: ['a' b]"), [SEQ, 'b]']);
  });

  test('a missing entry or value is reported at what stands in its place', () => {
    assert.deepEqual(errorOf('g: [a,, b]'), [NODE, ', b]']);
    assert.deepEqual(errorOf('g: [a, - b]'), [NODE, '- b]']);
    assert.deepEqual(errorOf('g: [a, : b]'), [NODE, ': b]']);
  });

  test('a quoted scalar runs across lines, to its closing quote', () => {
    assert.deepEqual(errorOf("g: ['a', 'b\n  c: 'x'\n"), [SEQ, "x'\n"]);
  });

  test('explicit keys, and the scanner\'s errors where the parser gets to them', () => {
    assert.deepEqual(errorOf('g: [? a : b, ? c]'), undefined);
    // Inside a plain scalar folded across lines a backquote is content; at a token's start it is an error.
    assert.deepEqual(errorOf('g: [? a\n`z`, ]'), undefined);
    const scanned = (text: string) => flowCollectionError(text, text.search(/[[{]/));
    assert.deepEqual(scanned('g: [? a,\n`z`]'), { message: 'found character that cannot start any token', offset: 9, scanner: true });
    assert.deepEqual(scanned('g: [a, |]'), { message: 'found character that cannot start any token', offset: 7, scanner: true });
    assert.deepEqual(scanned("g: ['open\n"), { message: 'found unexpected end of stream', offset: 10, scanner: true });
    // The parser fails at `:` before the scanner reaches `%`.
    assert.deepEqual(scanned('g: {a, : %r}'), { message: 'did not find expected node content', offset: 7, scanner: false });
  });

  test('constructs it does not model give no verdict', () => {
    for (const text of ['g: [&a x, *a', 'g: [!!str x,']) assert.equal(errorOf(text), undefined, text);
  });
});

describe('flowStartAround', () => {
  test('finds the outermost collection that encloses the offset or was left open before it', () => {
    const text = 'a: [x]\nb: [ {c: d,\n  e: f}, y,\nz: 1\n';
    assert.equal(flowStartAround(text, text.indexOf('z')), text.indexOf('[ {'));
    assert.equal(flowStartAround(text, 2), undefined);
    const closed = 'a: [x, [y z], w]\n';
    assert.equal(flowStartAround(closed, closed.indexOf('z')), closed.indexOf('['));
  });
});
