/**
 * Loading and executing templates as Alertmanager's template.FromGlobs / ExecuteTextString /
 * ExecuteHTMLString do (behaviour also checked byte for byte against amtool in the fixture tests).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadTemplates, parseTemplateFiles } from './alertmanager-templates.ts';

function dir(files: Record<string, string>): string {
  const d = mkdtempSync('/tmp/tocsin-tmpl-');
  for (const [name, text] of Object.entries(files)) writeFileSync(`${d}/${name}`, text);
  return d;
}

test('user files override built-ins and each other in glob order; empty globs are skipped', () => {
  const d = dir({
    'a.tmpl': '{{ define "__alertmanager" }}A{{ end }}{{ define "x" }}from a{{ end }}',
    'b.tmpl': '{{ define "x" }}from b{{ end }}{{ define "__alertmanager" }}{{ end }}',
  });
  const t = loadTemplates([`${d}/*.tmpl`, `${d}/none-*.tmpl`]);
  // An empty redefinition never replaces a template (Go's AddParseTree rule).
  assert.equal(t.executeText('{{ template "slack.default.username" . }} {{ template "x" . }}', null), 'A from b');
});

test('definitions inside a rendered text stay local to that render', () => {
  const t = loadTemplates([]);
  assert.equal(t.executeText('{{ define "__alertmanager" }}Local{{ end }}{{ template "__alertmanager" . }}', null), 'Local');
  assert.equal(t.executeText('{{ template "__alertmanager" . }}', null), 'Alertmanager');
  assert.equal(t.executeHtml('{{ define "__alertmanager" }}<b>{{ end }}{{ template "__alertmanager" . }}', null), '<b>');
  assert.equal(t.executeHtml('{{ template "__alertmanager" . }}', null), 'Alertmanager');
  assert.equal(t.executeText('', null), '');
});

test('parseTemplateFiles rejects a file that does not parse, with Go\'s message', async () => {
  const d = dir({ 'ok.tmpl': '{{ define "x" }}{{ .Status }}{{ end }}', 'bad.tmpl': '{{ define "y" }}{{ .Status }' });
  await parseTemplateFiles([`${d}/ok.tmpl`]);
  await assert.rejects(parseTemplateFiles([`${d}/ok.tmpl`, `${d}/bad.tmpl`]), { message: /^template: bad.tmpl:1: / });
});
