import type { Emit } from './schema/kinds.ts';
import { resolvePlain } from './yaml-resolve.ts';

/**
 * Writes an Emit tree as Go's yaml.v2 `Marshal` does: block style with two-space indentation,
 * sequences in mappings not indented, each string in the style yaml.v2 picks (plain, single-quoted,
 * double-quoted or literal `|-`) and long plain and quoted strings folded after column 80.
 */
export function emitYaml(root: Emit): string {
  const w = new Writer();
  w.node(root, -2, 'root');
  return w.text.endsWith('\n') ? w.text : `${w.text}\n`;
}

const BEST_WIDTH = 80;
const BASE60 = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;

type Style = 'plain' | 'single' | 'double' | 'literal';

interface Analysis {
  multiline: boolean;
  flowPlain: boolean;
  blockPlain: boolean;
  singleQuoted: boolean;
  block: boolean;
}

function isPrintable(cp: number): boolean {
  return (
    cp === 0x0a ||
    (cp >= 0x20 && cp <= 0x7e) ||
    (cp >= 0xa0 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd && cp !== 0xfeff)
  );
}

const isBreakCp = (cp: number): boolean => cp === 0x0a || cp === 0x0d || cp === 0x85 || cp === 0x2028 || cp === 0x2029;

/** yaml_emitter_analyze_scalar. */
function analyze(value: string): Analysis {
  if (value === '') return { multiline: false, flowPlain: false, blockPlain: true, singleQuoted: true, block: false };
  const chars = [...value];
  let blockIndicators = false;
  let flowIndicators = false;
  let lineBreaks = false;
  let special = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let precededByWhitespace = true;
  let previousSpace = false;
  let previousBreak = false;
  if (value.startsWith('---') || value.startsWith('...')) {
    blockIndicators = true;
    flowIndicators = true;
  }
  chars.forEach((c, i) => {
    const next = chars[i + 1];
    const followedByWhitespace = next === undefined || next === ' ' || next === '\t' || isBreakCp(next.codePointAt(0) as number);
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(c)) {
        flowIndicators = true;
        blockIndicators = true;
      } else if (c === '?' || c === ':') {
        flowIndicators = true;
        if (followedByWhitespace) blockIndicators = true;
      } else if (c === '-' && followedByWhitespace) {
        flowIndicators = true;
        blockIndicators = true;
      }
    } else if (',?[]{}'.includes(c)) {
      flowIndicators = true;
    } else if (c === ':') {
      flowIndicators = true;
      if (followedByWhitespace) blockIndicators = true;
    } else if (c === '#' && precededByWhitespace) {
      flowIndicators = true;
      blockIndicators = true;
    }
    const cp = c.codePointAt(0) as number;
    if (!isPrintable(cp)) special = true;
    if (c === ' ') {
      if (i === 0) leadingSpace = true;
      if (i === chars.length - 1) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreakCp(cp)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (i === chars.length - 1) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = c === ' ' || c === '\t' || isBreakCp(cp);
  });
  const a: Analysis = { multiline: lineBreaks, flowPlain: true, blockPlain: true, singleQuoted: true, block: true };
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) {
    a.flowPlain = false;
    a.blockPlain = false;
  }
  if (trailingSpace) a.block = false;
  if (breakSpace) {
    a.flowPlain = false;
    a.blockPlain = false;
    a.singleQuoted = false;
  }
  if (spaceBreak || special) {
    a.flowPlain = false;
    a.blockPlain = false;
    a.singleQuoted = false;
    a.block = false;
  }
  if (lineBreaks) {
    a.flowPlain = false;
    a.blockPlain = false;
  }
  if (flowIndicators) a.flowPlain = false;
  if (blockIndicators) a.blockPlain = false;
  return a;
}

/** encoder.stringv then yaml_emitter_select_scalar_style. */
function chooseStyle(value: string, ctx: { flow: boolean; key: boolean }): Style {
  const canUsePlain = resolvePlain(value).tag === '!!str' && !BASE60.test(value);
  let style: Style = value.includes('\n') ? 'literal' : canUsePlain ? 'plain' : 'double';
  const a = analyze(value);
  if (ctx.key && a.multiline) style = 'double';
  if (style === 'plain') {
    if ((ctx.flow && !a.flowPlain) || (!ctx.flow && !a.blockPlain)) style = 'single';
    if (value === '' && (ctx.flow || ctx.key)) style = 'single';
  }
  if (style === 'single' && !a.singleQuoted) style = 'double';
  if (style === 'literal' && (!a.block || ctx.flow || ctx.key)) style = 'double';
  return style;
}

class Writer {
  text = '';
  column = 0;

  write(s: string): void {
    this.text += s;
    const nl = s.lastIndexOf('\n');
    this.column = nl < 0 ? this.column + [...s].length : [...s.slice(nl + 1)].length;
  }

  /** yaml_emitter_write_indent: a line break unless one was just written, then the indentation. */
  newline(indent: number): void {
    this.write(`${this.column === 0 && this.text.endsWith('\n') ? '' : '\n'}${' '.repeat(Math.max(indent, 0))}`);
  }

  /** A node after `key:`, after `- `, or at the root. */
  node(n: Emit, indent: number, at: 'root' | 'value' | 'item'): void {
    switch (n.e) {
      case 'map':
        if (n.entries.length === 0) return this.inline('{}', at);
        if (at === 'item') this.write(' ');
        this.mapping(n.entries, indent + 2, at === 'item');
        return;
      case 'seq':
        if (n.items.length === 0) return this.inline('[]', at);
        if (n.flow) {
          if (at !== 'root') this.write(' ');
          this.flowSeq(n.items, indent + 2);
          return;
        }
        if (at === 'item') this.write(' ');
        this.sequence(n.items, at === 'value' ? indent : at === 'item' ? indent + 2 : 0, at);
        return;
      case 'null':
        return this.inline('null', at);
      case 'raw':
        return this.inline(n.v, at);
      case 'str':
        if (at !== 'root') this.write(' ');
        this.scalar(n.v, chooseStyle(n.v, { flow: false, key: false }), indent + 2, true);
    }
  }

  inline(s: string, at: 'root' | 'value' | 'item'): void {
    this.write(at === 'root' ? s : ` ${s}`);
  }

  mapping(entries: [string, Emit][], indent: number, firstInline: boolean): void {
    entries.forEach(([k, v], i) => {
      if (i > 0 || !firstInline) {
        if (this.text !== '') this.newline(indent);
        else this.write(' '.repeat(indent));
      }
      this.scalar(k, chooseStyle(k, { flow: false, key: true }), indent + 2, false);
      this.write(':');
      this.node(v, indent, 'value');
    });
  }

  sequence(items: Emit[], indent: number, at: 'root' | 'value' | 'item'): void {
    items.forEach((item, i) => {
      if (i > 0 || at === 'value') this.newline(indent);
      this.write('-');
      this.node(item, indent, 'item');
    });
  }

  flowSeq(items: Emit[], indent: number): void {
    this.write('[');
    items.forEach((item, i) => {
      if (i > 0) this.write(',');
      if (this.column > BEST_WIDTH) this.newline(indent);
      else if (i > 0) this.write(' ');
      if (item.e === 'str') this.scalar(item.v, chooseStyle(item.v, { flow: true, key: false }), indent, false);
      else this.write(item.e === 'raw' ? item.v : 'null');
    });
    this.write(']');
  }

  scalar(value: string, style: Style, indent: number, allowBreaks: boolean): void {
    switch (style) {
      case 'plain':
        return this.folded(value, indent, allowBreaks, '', '');
      case 'single':
        return this.folded(value.replaceAll("'", "''"), indent, allowBreaks, "'", "'");
      case 'double':
        return this.doubleQuoted(value, indent, allowBreaks);
      case 'literal':
        return this.literal(value, indent);
    }
  }

  /** Plain and single-quoted scalars: a space may become a line break once past column 80. */
  folded(value: string, indent: number, allowBreaks: boolean, open: string, close: string): void {
    this.write(open);
    const chars = [...value];
    let spaces = false;
    chars.forEach((c, i) => {
      if (c === ' ') {
        const inside = open === '' || (i > 0 && i < chars.length - 1);
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && inside && chars[i + 1] !== ' ') this.newline(indent);
        else this.write(c);
        spaces = true;
      } else {
        this.write(c);
        spaces = false;
      }
    });
    this.write(close);
  }

  doubleQuoted(value: string, indent: number, allowBreaks: boolean): void {
    this.write('"');
    const chars = [...value];
    let spaces = false;
    chars.forEach((c, i) => {
      const cp = c.codePointAt(0) as number;
      if (!isPrintable(cp) || cp === 0xfeff || isBreakCp(cp) || c === '"' || c === '\\') {
        this.write(`\\${escapeChar(cp)}`);
        spaces = false;
      } else if (c === ' ') {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i > 0 && i < chars.length - 1) {
          this.newline(indent);
          if (chars[i + 1] === ' ') this.write('\\');
        } else this.write(c);
        spaces = true;
      } else {
        this.write(c);
        spaces = false;
      }
    });
    this.write('"');
  }

  literal(value: string, indent: number): void {
    let hints = '|';
    if (value.startsWith(' ') || value.startsWith('\n')) hints += '2';
    if (!value.endsWith('\n')) hints += '-';
    else if (value === '\n' || value.endsWith('\n\n')) hints += '+';
    const body = value.split('\n').map((line) => (line === '' ? '' : ' '.repeat(indent) + line));
    this.write(`${hints}\n${body.join('\n')}`);
  }
}

function escapeChar(cp: number): string {
  const short: Record<number, string> = {
    0x00: '0',
    0x07: 'a',
    0x08: 'b',
    0x09: 't',
    0x0a: 'n',
    0x0b: 'v',
    0x0c: 'f',
    0x0d: 'r',
    0x1b: 'e',
    0x22: '"',
    0x5c: '\\',
    0x85: 'N',
    0xa0: '_',
    0x2028: 'L',
    0x2029: 'P',
  };
  const s = short[cp];
  if (s !== undefined) return s;
  const hex = cp.toString(16).toUpperCase();
  if (cp <= 0xff) return `x${hex.padStart(2, '0')}`;
  if (cp <= 0xffff) return `u${hex.padStart(4, '0')}`;
  return `U${hex.padStart(8, '0')}`;
}

/** yaml.v2's map key order (`keyList.Less`): numbers by value, then a natural string order. */
export function compareYamlKeys(a: string, b: string): number {
  const ar = [...a];
  const br = [...b];
  const isLetter = (c: string): boolean => /\p{L}/u.test(c);
  const isDigit = (c: string | undefined): boolean => c !== undefined && /\p{Nd}/u.test(c);
  for (let i = 0; i < ar.length && i < br.length; i++) {
    const ac = ar[i] as string;
    const bc = br[i] as string;
    if (ac === bc) continue;
    const al = isLetter(ac);
    const bl = isLetter(bc);
    if (al && bl) return (ac.codePointAt(0) as number) - (bc.codePointAt(0) as number);
    if (al || bl) return bl ? -1 : 1;
    let an = 0;
    let bn = 0;
    if (ac === '0' || bc === '0') {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) {
        if (ar[j] !== '0') {
          an = 1;
          bn = 1;
          break;
        }
      }
    }
    let ai = i;
    let bi = i;
    for (; ai < ar.length && isDigit(ar[ai]); ai++) an = an * 10 + Number(ar[ai]);
    for (; bi < br.length && isDigit(br[bi]); bi++) bn = bn * 10 + Number(br[bi]);
    if (an !== bn) return an - bn;
    if (ai !== bi) return ai - bi;
    return (ac.codePointAt(0) as number) - (bc.codePointAt(0) as number);
  }
  return ar.length - br.length;
}
