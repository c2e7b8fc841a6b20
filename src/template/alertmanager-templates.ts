/**
 * Alertmanager's `template.Template`: the built-in templates plus user files (later definitions
 * win), `missingkey=zero`, and ExecuteTextString / ExecuteHTMLString over them.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { TemplateSet } from './engine/index.ts';
import type { TemplateFunc } from './engine/index.ts';
import { escaperFuncs, htmlEscapeHook } from './engine/html/index.ts';
import { DEFAULT_TEMPLATE_SOURCES } from './defaults/index.ts';
import { alertmanagerFuncs } from './functions.ts';
import { goGlob } from './go-glob.ts';
import { RouteLabelResolver, routeLabelsFunc } from './route-labels.ts';

/** A template source: the name Go gives it (file base name, "" for the built-ins) and its text. */
export interface TemplateSource {
  readonly name: string;
  readonly text: string;
}

/** Options of `loadTemplates`. */
export interface LoadTemplatesOptions {
  /** Extra functions; Alertmanager's own functions take precedence, as in `template.New`. */
  readonly funcs?: Readonly<Record<string, TemplateFunc>>;
  /** Reads a file (tests inject one); defaults to fs.readFileSync as UTF-8. */
  readonly readFile?: (path: string) => string;
}

const HTML_CACHE_LIMIT = 64;

/** Loaded notification templates. */
export class AlertmanagerTemplates {
  private readonly text: TemplateSet;
  private readonly funcMap: Readonly<Record<string, TemplateFunc>>;
  private readonly htmlSets = new Map<string, TemplateSet>();

  constructor(
    /** The sources, in the order they were parsed. */
    readonly sources: readonly TemplateSource[],
    extraFuncs: Readonly<Record<string, TemplateFunc>> = {},
  ) {
    this.funcMap = { ...extraFuncs, ...alertmanagerFuncs, routeLabels: routeLabelsFunc };
    this.text = new TemplateSet({ funcs: this.funcMap, missingKey: 'zero' });
    for (const s of sources) this.text.parse(s.name, s.text);
  }

  /** Names of all defined templates, sorted. */
  templateNames(): string[] {
    return this.text.templateNames();
  }

  /** Alertmanager's ExecuteTextString: "" for "", else `text` parsed over the set and executed. */
  executeText(text: string, data: unknown): string {
    if (text === '') return '';
    return RouteLabelResolver.run(data, (t, d) => this.text.executeText(t, d), () => this.text.executeText(text, data));
  }

  /** Alertmanager's ExecuteHTMLString: like executeText with html/template contextual escaping. */
  executeHtml(text: string, data: unknown): string {
    if (text === '') return '';
    return RouteLabelResolver.run(data, (t, d) => this.htmlSet(t).execute('', d), () => this.htmlSet(text).execute('', data));
  }

  // html/template escapes the trees reachable from the executed template; Alertmanager clones the
  // set per string, so each distinct text gets its own escaped set (cached).
  private htmlSet(text: string): TemplateSet {
    let set = this.htmlSets.get(text);
    if (set !== undefined) return set;
    set = new TemplateSet({ funcs: { ...escaperFuncs, ...this.funcMap }, missingKey: 'zero', prepare: htmlEscapeHook });
    for (const s of this.sources) set.parse(s.name, s.text);
    set.parse('', text);
    if (this.htmlSets.size >= HTML_CACHE_LIMIT) this.htmlSets.clear();
    this.htmlSets.set(text, set);
    return set;
  }
}

/**
 * Expands template globs as Go's ParseGlob does: each pattern's matches in sorted order, each file
 * parsed under its base name; a pattern matching nothing is skipped. Throws on a bad pattern or an
 * unreadable file.
 */
export function readTemplateFiles(globs: readonly string[], readFile: (p: string) => string = readUtf8): TemplateSource[] {
  const out: TemplateSource[] = [];
  for (const g of globs) {
    for (const path of goGlob(g)) out.push({ name: basename(path), text: readFile(path) });
  }
  return out;
}

function readUtf8(path: string): string {
  return readFileSync(path, 'utf8');
}

/**
 * Alertmanager's `template.FromGlobs`: the built-in default.tmpl and email.tmpl, then the files of
 * `globs`. Throws TemplateParseError (or a glob/file error) like Go.
 */
export function loadTemplates(globs: readonly string[], opts: LoadTemplatesOptions = {}): AlertmanagerTemplates {
  const sources = [...DEFAULT_TEMPLATE_SOURCES, ...readTemplateFiles(globs, opts.readFile)];
  return new AlertmanagerTemplates(sources, opts.funcs);
}

/**
 * Parse-only check of template files already expanded from their globs (check-config's
 * `parseTemplates` hook): parses them over the built-ins and rejects with the first error.
 */
export async function parseTemplateFiles(files: readonly string[]): Promise<void> {
  const sources: TemplateSource[] = [...DEFAULT_TEMPLATE_SOURCES];
  for (const f of files) sources.push({ name: basename(f), text: await readFile(f, 'utf8') });
  new AlertmanagerTemplates(sources);
}
