/**
 * TemplateSet: a named collection of parsed templates sharing functions and options
 * (Go's *template.Template with its associated templates).
 */
import type { Tree } from './ast.ts';
import { isEmptyTree } from './ast.ts';
import { BUILTINS } from './builtins.ts';
import { TemplateExecError } from './errors.ts';
import { compileStmt } from './compile.ts';
import type { Stmt } from './compile.ts';
import { execute } from './exec.ts';
import type { ExecEnv, MissingKey, TemplateFunc } from './exec.ts';
import { parseText } from './parser.ts';
import { goQuote } from './strconv.ts';

/**
 * Called before executing `name` whenever templates changed since the last call for it: the seam
 * for html/template-style escaping, which rewrites trees (see DESIGN.md).
 */
export type PrepareHook = (name: string, set: TemplateSet) => void;

/** Options of a template set. */
export interface TemplateSetOptions {
  /** Functions callable from templates (Go FuncMap); they override builtins of the same name. */
  readonly funcs?: Readonly<Record<string, TemplateFunc>>;
  /** Action delimiters, `['{{', '}}']` by default. */
  readonly delims?: readonly [string, string];
  /** Go's `missingkey` option: 'default' (`<no value>`), 'zero' or 'error'. */
  readonly missingKey?: MissingKey;
  readonly prepare?: PrepareHook;
}

const TEXT_CACHE_LIMIT = 512;

/** A set of templates: parse once, execute many times. */
export class TemplateSet {
  private readonly trees = new Map<string, Tree>();
  private readonly funcMap = new Map<string, TemplateFunc>();
  private readonly delims: readonly [string, string];
  private readonly missingKey: MissingKey;
  private readonly prepareHook: PrepareHook | undefined;
  private readonly prepared = new Set<string>();
  private readonly textCache = new Map<string, Map<string, Tree>>();
  private compiledTrees = new WeakMap<Tree, Stmt>();
  private readonly env: ExecEnv;
  private firstName: string | undefined;

  constructor(opts: TemplateSetOptions = {}) {
    for (const [k, f] of Object.entries(opts.funcs ?? {})) this.funcMap.set(k, f);
    this.delims = opts.delims ?? ['{{', '}}'];
    this.missingKey = opts.missingKey ?? 'default';
    this.prepareHook = opts.prepare;
    this.env = {
      lookup: (n) => this.trees.get(n),
      compiled: (t) => this.compiled(t),
      funcs: this.funcMap,
      missingKey: this.missingKey,
    };
  }

  /** Adds functions (later calls override earlier ones). */
  funcs(map: Readonly<Record<string, TemplateFunc>>): this {
    for (const [k, f] of Object.entries(map)) this.funcMap.set(k, f);
    this.changed();
    return this;
  }

  /**
   * Parses `text` as template `name`, adding its `define`/`block` templates. A later non-empty
   * definition replaces an earlier one (as Go's Parse/ParseGlob do); an empty one never does.
   * Throws TemplateParseError.
   */
  parse(name: string, text: string): this {
    const parsed = this.parseTrees(name, text);
    for (const [n, tree] of parsed) {
      if (isEmptyTree(tree.root) && this.trees.has(n)) continue;
      this.trees.set(n, tree);
    }
    this.firstName ??= name;
    this.changed();
    return this;
  }

  /** The parsed tree of a template, or undefined. */
  lookup(name: string): Tree | undefined {
    return this.trees.get(name);
  }

  /** Adds or replaces a tree (for tree-rewriting passes such as html escaping). */
  setTree(tree: Tree): void {
    this.trees.set(tree.name, tree);
    this.compiledTrees.delete(tree);
  }

  /** Names of the defined templates, sorted. */
  templateNames(): string[] {
    return [...this.trees.keys()].sort();
  }

  /** Go's DefinedTemplates(): `; defined templates are: "a", "b"` or "" when none. */
  definedTemplates(): string {
    const names = this.templateNames();
    return names.length === 0 ? '' : '; defined templates are: ' + names.map(goQuote).join(', ');
  }

  /** Executes template `name` with `data` as dot. Throws TemplateExecError. */
  execute(name: string, data: unknown): string {
    const tree = this.trees.get(name);
    if (tree === undefined) {
      throw new TemplateExecError(
        `template: no template ${goQuote(name)} associated with template ${goQuote(this.firstName ?? name)}`,
        name,
      );
    }
    if (this.prepareHook !== undefined && !this.prepared.has(name)) {
      this.prepareHook(name, this);
      this.prepared.add(name);
      // The hook may have rewritten trees in place: compile afresh.
      this.compiledTrees = new WeakMap();
    }
    return execute(this.env, this.trees.get(name) ?? tree, data);
  }

  /**
   * Parses `text` as an anonymous template (name "") over a view of this set and executes it,
   * as Alertmanager's ExecuteTextString does. Definitions in `text` do not leak into the set.
   * The parse is cached per text.
   */
  executeText(text: string, data: unknown): string {
    let local = this.textCache.get(text);
    if (local === undefined) {
      local = this.parseTrees('', text);
      if (this.textCache.size >= TEXT_CACHE_LIMIT) this.textCache.clear();
      this.textCache.set(text, local);
    }
    const trees = local;
    const env: ExecEnv = {
      lookup: (n) => {
        const t = trees.get(n);
        return t !== undefined && !(isEmptyTree(t.root) && this.trees.has(n)) ? t : this.trees.get(n);
      },
      compiled: (t) => this.compiled(t),
      funcs: this.funcMap,
      missingKey: this.missingKey,
    };
    return execute(env, trees.get('') as Tree, data);
  }

  private parseTrees(name: string, text: string): Map<string, Tree> {
    return parseText(name, text, {
      leftDelim: this.delims[0],
      rightDelim: this.delims[1],
      hasFunction: (n) => this.funcMap.has(n) || BUILTINS.has(n),
    });
  }

  // Trees compile lazily on first execution, after any prepare hook has rewritten them.
  private compiled(tree: Tree): Stmt {
    let c = this.compiledTrees.get(tree);
    if (c === undefined) {
      c = compileStmt(tree.root);
      this.compiledTrees.set(tree, c);
    }
    return c;
  }

  private changed(): void {
    this.prepared.clear();
    this.textCache.clear();
    this.compiledTrees = new WeakMap();
  }
}
