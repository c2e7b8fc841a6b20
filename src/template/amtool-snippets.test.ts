/**
 * Template functions, Go fmt and time printing, and html/template escaping against the real amtool:
 * test/fixtures/templates/snippets.json rendered (text and html mode) with custom.tmpl, compared
 * byte for byte, errors included (amtool prints `amtool: error: <message>`).
 */
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadTemplates } from './alertmanager-templates.ts';
import { dataFromJson } from './data-json.ts';

interface Rendered {
  readonly case: string;
  readonly type: 'text' | 'html';
  readonly text: string;
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number;
}

const root = new URL('../../test/fixtures/templates/', import.meta.url).pathname;
const templates = loadTemplates([`${root}custom.tmpl`]);
const results = JSON.parse(readFileSync(`${root}expected/snippets.json`, 'utf8')) as Rendered[];

for (const r of results) {
  test(`${r.case} ${r.type}: ${r.text}`, () => {
    const data = dataFromJson(JSON.parse(readFileSync(`${root}data/${r.case}.json`, 'utf8')));
    const run = (): string => (r.type === 'html' ? templates.executeHtml(r.text, data) : templates.executeText(r.text, data));
    if (r.code === 0) {
      assert.equal(run(), r.stdout);
    } else {
      assert.throws(run, (e: Error) => `amtool: error: ${e.message}\n\n` === r.stderr);
    }
  });
}
