import { Parser } from 'yaml';
import { DOCUMENT_MARKER } from './yaml-v2-parse.ts';

// yaml.v2 reads a flow collection (`[...]`, `{...}`) without regard to indentation, so one left
// open goes on through the block content after it until something cannot be read in flow
// context: a `- ` entry, a second `key:`, a scalar after a value where a `,` belongs. The `yaml`
// package ends the collection at the first line indented too little instead. To report what
// Alertmanager reports, this reads on from the collection's start as yaml.v2 does (its scanner's
// tokens and its parser's flow states) and finds the first error.

/** yaml.v2's error in a flow collection: its message and the offset at fault. */
export interface FlowError {
  readonly message: string;
  readonly offset: number;
  /** A scanner error, which yaml.v2 numbers from line 1; parser errors it numbers from 0. */
  readonly scanner: boolean;
}

type Kind = 'seq-start' | 'seq-end' | 'map-start' | 'map-end' | 'entry' | 'key' | 'value' | 'block-entry' | 'scalar' | 'other' | 'end';

interface Token {
  readonly kind: Kind;
  readonly offset: number;
}

/** The error found, thrown out of the scanner or the parser's states. */
class Found extends Error {
  readonly offset: number;
  readonly scanner: boolean;

  constructor(message: string, offset: number, scanner = false) {
    super(message);
    this.offset = offset;
    this.scanner = scanner;
  }
}

/** A construct this reader does not model (tags, anchors, aliases, directives, tabs in folded scalars): no verdict. */
class Unmodelled extends Error {}

/**
 * The first error yaml.v2 reports reading the flow collection of `source` that starts at `start`
 * (its `[` or `{`), or undefined when it reads to the collection's end without one or meets a
 * construct this reader leaves to the `yaml` package's message.
 */
export function flowCollectionError(source: string, start: number): FlowError | undefined {
  try {
    new FlowParser(new FlowScanner(source, start)).node();
    return undefined;
  } catch (error) {
    if (error instanceof Found) return { message: error.message, offset: error.offset, scanner: error.scanner };
    if (error instanceof Unmodelled) return undefined;
    throw error;
  }
}

/**
 * The start of the outermost flow collection around `offset` as the `yaml` package read it: one
 * that starts before `offset` and closes after it, or that it left unclosed. That is where
 * yaml.v2's flow context begins.
 */
export function flowStartAround(source: string, offset: number): number | undefined {
  let found: number | undefined;
  const visit = (node: unknown): void => {
    if (found !== undefined || node === null || typeof node !== 'object') return;
    const token = node as { type?: unknown; offset?: unknown; end?: Array<{ source?: unknown; offset?: unknown }> };
    if (token.type === 'flow-collection' && typeof token.offset === 'number' && token.offset < offset) {
      const close = (token.end ?? []).find((part) => part.source === ']' || part.source === '}');
      if (close === undefined || (typeof close.offset === 'number' && close.offset >= offset)) {
        found = token.offset;
        return;
      }
    }
    for (const value of Object.values(node)) visit(value);
  };
  for (const token of new Parser().parse(source)) visit(token);
  return found;
}

const NODE_CONTENT = 'did not find expected node content';
const BLANK = /[ \t\r\n]/;
const FLOW_INDICATOR = /[,?[\]{}]/;

/**
 * yaml.v2's scanner in flow context, from a `[` or `{` until the flow level it opened ends: tokens
 * on demand, as its parser pulls them, a KEY inserted before a simple key once its `:` is read.
 */
class FlowScanner {
  readonly #source: string;
  #pos: number;
  readonly #tokens: Token[] = [];
  /** Per flow level, the simple key that may start there: its offset and its first token's index. */
  readonly #keys: Array<{ offset: number; token: number } | undefined> = [];
  #keyAllowed = true;

  constructor(source: string, start: number) {
    this.#source = source;
    this.#pos = start;
  }

  /**
   * Token `index`, once no simple key may still put a KEY before it. Scanner errors and
   * unmodelled constructs surface when the parser gets that far, as in yaml.v2.
   */
  at(index: number): Token {
    while (this.#tokens.length <= index || this.#keys.some((key) => key !== undefined && key.token <= index)) {
      const last = this.#tokens[this.#tokens.length - 1];
      if (last?.kind === 'end' || (last !== undefined && this.#keys.length === 0)) {
        // The text or the outermost collection has ended; nothing comes after.
        if (this.#tokens.length > index) break;
        this.#tokens.push({ kind: 'end', offset: this.#source.length });
        continue;
      }
      this.#fetch();
    }
    return this.#tokens[index] as Token;
  }

  #fetch(): void {
    this.#skipToToken();
    this.#dropStaleKeys();
    const s = this.#source;
    const at = this.#pos;
    if (at >= s.length) {
      this.#keys.fill(undefined);
      this.#tokens.push({ kind: 'end', offset: at });
      return;
    }
    const ch = s[at] as string;
    const next = s[at + 1];
    const blankNext = next === undefined || BLANK.test(next);
    const lineStart = at === 0 || s[at - 1] === '\n' || s[at - 1] === '\r';
    if (lineStart && DOCUMENT_MARKER.test(s.slice(at, at + 4))) {
      this.#push('other', 3);
    } else if (ch === '[' || ch === '{') {
      this.#saveKey();
      this.#push(ch === '[' ? 'seq-start' : 'map-start', 1);
      this.#keys.push(undefined);
      this.#keyAllowed = true;
    } else if (ch === ']' || ch === '}') {
      this.#keys.pop();
      this.#push(ch === ']' ? 'seq-end' : 'map-end', 1);
      this.#keyAllowed = false;
    } else if (ch === ',') {
      this.#removeKey();
      this.#push('entry', 1);
      this.#keyAllowed = true;
    } else if (ch === '?') {
      // An explicit key; in flow context no simple key may follow it.
      this.#removeKey();
      this.#push('key', 1);
      this.#keyAllowed = false;
    } else if (ch === ':') {
      this.#value();
    } else if (ch === '-' && blankNext) {
      this.#removeKey();
      this.#push('block-entry', 1);
      this.#keyAllowed = true;
    } else if (ch === "'" || ch === '"') {
      this.#saveKey();
      this.#pos = quotedEnd(s, at);
      this.#tokens.push({ kind: 'scalar', offset: at });
      this.#keyAllowed = false;
    } else if (/[|>@`]/.test(ch) || (ch === '%' && !lineStart)) {
      // Block scalars are not read in flow context, and these start no token.
      throw new Found('found character that cannot start any token', at, true);
    } else if (/[&*!%]/.test(ch)) {
      throw new Unmodelled();
    } else {
      this.#saveKey();
      this.#plain();
    }
  }

  /** A simple key is on one line and at most 1024 characters long, or it is none. */
  #keyValid(key: { offset: number }): boolean {
    return !/[\r\n]/.test(this.#source.slice(key.offset, this.#pos)) && this.#pos - key.offset <= 1024;
  }

  #dropStaleKeys(): void {
    for (let i = 0; i < this.#keys.length; i++) {
      const key = this.#keys[i];
      if (key !== undefined && !this.#keyValid(key)) this.#keys[i] = undefined;
    }
  }

  #push(kind: Kind, length: number): void {
    this.#tokens.push({ kind, offset: this.#pos });
    this.#pos += length;
  }

  /** Spaces, tabs, comments and line breaks up to the next token. */
  #skipToToken(): void {
    const s = this.#source;
    for (;;) {
      while (s[this.#pos] === ' ' || s[this.#pos] === '\t') this.#pos++;
      if (s[this.#pos] === '#') while (this.#pos < s.length && s[this.#pos] !== '\n' && s[this.#pos] !== '\r') this.#pos++;
      if (s[this.#pos] !== '\n' && s[this.#pos] !== '\r') return;
      this.#pos++;
    }
  }

  #saveKey(): void {
    if (this.#keyAllowed && this.#keys.length > 0) this.#keys[this.#keys.length - 1] = { offset: this.#pos, token: this.#tokens.length };
  }

  #removeKey(): void {
    if (this.#keys.length > 0) this.#keys[this.#keys.length - 1] = undefined;
  }

  /** A `:`: a KEY before the simple key it ends, when one started on this line less than 1024 characters before. */
  #value(): void {
    const key = this.#keys[this.#keys.length - 1];
    if (key !== undefined && this.#keyValid(key)) this.#tokens.splice(key.token, 0, { kind: 'key', offset: key.offset });
    this.#removeKey();
    this.#push('value', 1);
    this.#keyAllowed = false;
  }

  /**
   * A plain scalar: it runs across line breaks (folded) until `: `, a flow indicator, a comment
   * or a document marker; a simple key may follow it only when it ended on a later line.
   */
  #plain(): void {
    const s = this.#source;
    this.#tokens.push({ kind: 'scalar', offset: this.#pos });
    let afterBreak = false;
    for (;;) {
      if (s[this.#pos] === '#') break;
      if ((s[this.#pos - 1] === '\n' || s[this.#pos - 1] === '\r') && DOCUMENT_MARKER.test(s.slice(this.#pos, this.#pos + 4))) break;
      let consumed = false;
      while (this.#pos < s.length && !BLANK.test(s[this.#pos] as string)) {
        const ch = s[this.#pos] as string;
        const next = s[this.#pos + 1];
        if ((ch === ':' && (next === undefined || BLANK.test(next))) || FLOW_INDICATOR.test(ch)) break;
        this.#pos++;
        consumed = true;
      }
      if (consumed) afterBreak = false;
      if (this.#pos >= s.length || !BLANK.test(s[this.#pos] as string)) break;
      while (this.#pos < s.length && BLANK.test(s[this.#pos] as string)) {
        if (s[this.#pos] === '\n' || s[this.#pos] === '\r') afterBreak = true;
        else if (afterBreak && s[this.#pos] === '\t') throw new Unmodelled();
        this.#pos++;
      }
    }
    this.#keyAllowed = afterBreak;
  }
}

/** The offset just past a quoted scalar starting at `at` (quotes doubled in `'`, escaped in `"`); unclosed, a scanner error. */
function quotedEnd(s: string, at: number): number {
  const quote = s[at] as string;
  for (let i = at + 1; i < s.length; i++) {
    if (quote === '"' && s[i] === '\\') i++;
    else if (s[i] === quote) {
      if (quote === "'" && s[i + 1] === "'") i++;
      else return i + 1;
    }
  }
  throw new Found('found unexpected end of stream', s.length, true);
}

/** yaml.v2's flow parser states over the scanned tokens; throws the first error as `Found`. */
class FlowParser {
  readonly #scanner: FlowScanner;
  #next = 0;

  constructor(scanner: FlowScanner) {
    this.#scanner = scanner;
  }

  node(): void {
    const token = this.#peek();
    this.#next++;
    if (token.kind === 'seq-start') this.#collection('seq-end', "did not find expected ',' or ']'");
    else if (token.kind === 'map-start') this.#collection('map-end', "did not find expected ',' or '}'");
    else if (token.kind !== 'scalar') throw new Found(NODE_CONTENT, token.offset);
  }

  #peek(): Token {
    return this.#scanner.at(this.#next);
  }

  #is(...kinds: Kind[]): boolean {
    return kinds.includes(this.#peek().kind);
  }

  /**
   * Entries up to `end`, separated by `,` (a trailing one allowed). An entry with a KEY is a pair
   * whose key and value may each be empty; one without is a node (in a mapping, a key with an
   * empty value).
   */
  #collection(end: Kind, separatorMissing: string): void {
    for (let first = true; ; first = false) {
      if (this.#is(end)) return void this.#next++;
      if (!first) {
        if (!this.#is('entry')) throw new Found(separatorMissing, this.#peek().offset);
        this.#next++;
        if (this.#is(end)) return void this.#next++;
      }
      if (!this.#is('key')) {
        this.node();
        continue;
      }
      this.#next++;
      if (!this.#is('value', 'entry', end)) this.node();
      if (this.#is('value')) {
        this.#next++;
        if (!this.#is('entry', end)) this.node();
      }
    }
  }
}
