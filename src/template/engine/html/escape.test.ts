/**
 * Contextual escaping against Go 1.19's html/template: every value of a table interpolated in every
 * context, compared with test/fixtures/templates/go/html/expected.json (from go/html/main.go).
 */
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TemplateSet } from '../index.ts';
import { SafeContent } from './content.ts';
import { escaperFuncs, htmlEscapeHook } from './index.ts';

interface Row {
  readonly context: string;
  readonly value: number;
  readonly out: string;
  readonly err?: string;
}

const root = new URL('../../../../test/fixtures/templates/go/html/', import.meta.url).pathname;
const rows = JSON.parse(readFileSync(`${root}expected.json`, 'utf8')) as Row[];

// The same values as go/html/main.go, as template values (Go ints are bigint, floats number).
const values: unknown[] = [
  'plain', '<b>"q" & \'a\' + b=c</b>', 'javascript:alert(1)', 'JavaScript:x', 'mailto:a@b', 'http://ex.com/a b?c=d&e=f#g',
  '/rel/path?x=1', 'a\u2028b\u2029c', '\x00\x01\t\n\r', 'ünï€ 🔥', 'expression(alert(1))', '10px', 'a--b', 'red;x',
  'a.png 1x, b.png 2x', 'x, javascript:y 2x', '%41%zz', '', '  spaced  ', 'title', 'onclick', '\ufdd0\ufffe',
  new SafeContent('HTML', '<b>safe</b> & more'), new SafeContent('URL', 'javascript:ok'), new SafeContent('JS', '1+1'),
  new SafeContent('CSS', 'color:red'), new SafeContent('HTMLAttr', 'title="t"'), new SafeContent('JSStr', 'a\\"b'),
  42n, 3.5, true, null, ['a', '<b>'], { k: 1n },
];

function render(context: string, value: unknown): string {
  const set = new TemplateSet({ funcs: escaperFuncs, prepare: htmlEscapeHook });
  set.parse('t', context);
  return set.execute('t', value);
}

for (const r of rows) {
  test(`${r.context} with value #${r.value}`, () => {
    if (r.err !== undefined) {
      assert.throws(() => render(r.context, values[r.value]));
      return;
    }
    assert.equal(render(r.context, values[r.value]), r.out);
  });
}
