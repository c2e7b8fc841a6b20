import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nodeString } from './ast.ts';
import type { ActionNode, BranchNode, NumberNode } from './ast.ts';
import { TemplateParseError } from './errors.ts';
import { parseText } from './parser.ts';

const FUNCS = new Set(['len', 'printf', 'index', 'eq']);
const parse = (text: string) => parseText('t', text, { hasFunction: (n) => FUNCS.has(n) });

describe('parser', () => {
  it('builds one tree per define plus the top-level tree', () => {
    const trees = parse('top{{define "a"}}A{{end}}{{block "b" .}}B{{end}}');
    assert.deepEqual([...trees.keys()].sort(), ['a', 'b', 't']);
    assert.equal(nodeString(trees.get('t')!.root), 'top{{template "b" .}}');
  });

  it('round-trips actions through Node.String()', () => {
    const cases = [
      '{{.A.B}}', '{{$x := .A}}', '{{printf "%d" (len .L) | printf "%s"}}', '{{(index .M "k").v}}',
      '{{if .A}}a{{else}}b{{end}}', '{{range $i, $e := .L}}{{$e}}{{end}}', '{{with .A}}{{.}}{{end}}',
      '{{template "x" .}}',
    ];
    for (const text of cases) assert.equal(nodeString(parse(text).get('t')!.root), text);
  });

  it('turns else-if into a nested if', () => {
    const root = parse('{{if .A}}a{{else if .B}}b{{end}}').get('t')!.root;
    const outer = root.nodes[0] as BranchNode;
    assert.equal(outer.elseList?.nodes[0]?.type, 'if');
  });

  it('accepts else-with (Go 1.23)', () => {
    const root = parse('{{with .A}}a{{else with .B}}b{{end}}').get('t')!.root;
    assert.equal((root.nodes[0] as BranchNode).elseList?.nodes[0]?.type, 'with');
  });

  it('types number constants as Go does', () => {
    const value = (text: string) => ((parse(`{{${text}}}`).get('t')!.root.nodes[0] as ActionNode).pipe.cmds[0]!.args[0] as NumberNode).value;
    assert.equal(value('42'), 42n);
    assert.equal(value('0x10'), 16n);
    assert.equal(value("'a'"), 97n);
    assert.equal(value('1.5'), 1.5);
    assert.equal(value('1e3'), 1000);
    assert.deepEqual(value('18446744073709551615'), { error: '18446744073709551615 overflows int' });
  });

  it('records positions for error messages', () => {
    const action = parse('ab\n  {{.X}}').get('t')!.root.nodes[1] as ActionNode;
    assert.equal(action.line, 2);
    assert.equal(action.pipe.cmds[0]!.args[0]!.pos, 7);
  });

  it('reports Go-shaped parse errors', () => {
    const cases: Array<[string, string]> = [
      ['{{if .X}}', 'template: t:1: unexpected EOF'],
      ['{{nope}}', 'template: t:1: function "nope" not defined'],
      ['{{$x}}', 'template: t:1: undefined variable "$x"'],
      ['{{break}}', 'template: t:1: {{break}} outside {{range}}'],
      ['a\n{{if\n .X', 'template: t:3: unclosed action started at t:2'],
      ['{{define "a"}}1{{end}}{{define "a"}}2{{end}}', 'template: t:1: template: multiple definition of template "a"'],
    ];
    for (const [text, msg] of cases) {
      assert.throws(() => parse(text), (e: unknown) => e instanceof TemplateParseError && e.message === msg, text);
    }
  });
});
