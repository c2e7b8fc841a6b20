/**
 * Go `regexp` behaviour on RE2 (re2js): MatchString, MustCompile's panic text and
 * ReplaceAllString with Go's `$1` / `${name}` expansion and empty-match rules.
 */
import { RE2JS } from 're2js';
import { goQuote } from './engine/index.ts';

const cache = new Map<string, RE2JS>();

/** Compiles (cached); throws Go's `error parsing regexp: ...` message. */
export function compileRegexp(pattern: string): RE2JS {
  let re = cache.get(pattern);
  if (re === undefined) {
    re = RE2JS.compile(pattern);
    if (cache.size > 512) cache.clear();
    cache.set(pattern, re);
  }
  return re;
}

/** Go's regexp.MatchString(pattern, s): unanchored. */
export function goMatchString(pattern: string, s: string): boolean {
  return compileRegexp(pattern).matcher(s).find();
}

// Go's strconv.CanBackquote: no backquote, no control character but tab, no BOM.
function canBackquote(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x60 || c === 0x7f || c === 0xfeff || (c < 0x20 && c !== 0x09)) return false;
  }
  return true;
}

// Go's regexp.quote: backquoted when possible.
function quoteExpr(s: string): string {
  return canBackquote(s) ? '`' + s + '`' : goQuote(s);
}

/** regexp.MustCompile: the panic message Go's template executor reports. */
export function mustCompile(pattern: string): RE2JS {
  try {
    return compileRegexp(pattern);
  } catch (e) {
    throw new Error(`regexp: Compile(${quoteExpr(pattern)}): ${(e as Error).message}`);
  }
}

const NAME_CHAR = /[\p{L}\p{Nd}_]/u;

/** Parses `name`, `{name}` after a `$`; returns [name, rest] or undefined when malformed. */
function extractName(t: string): [string, string] | undefined {
  let s = t;
  const brace = s.startsWith('{');
  if (brace) s = s.slice(1);
  let i = 0;
  for (const c of s) {
    if (!NAME_CHAR.test(c)) break;
    i += c.length;
  }
  if (i === 0) return undefined;
  const name = s.slice(0, i);
  if (brace) {
    if (s[i] !== '}') return undefined;
    i++;
  }
  return [name, s.slice(i)];
}

function groupNumber(name: string): number {
  if (!/^\d+$/.test(name) || (name.length > 1 && name[0] === '0') || name.length > 9) return -1;
  return Number(name);
}

function expand(tmpl: string, groups: ReadonlyArray<string | undefined>, names: Readonly<Record<string, number>>): string {
  let out = '';
  let t = tmpl;
  for (;;) {
    const at = t.indexOf('$');
    if (at < 0) break;
    out += t.slice(0, at);
    t = t.slice(at + 1);
    if (t.startsWith('$')) {
      out += '$';
      t = t.slice(1);
      continue;
    }
    const ex = extractName(t);
    if (ex === undefined) {
      out += '$';
      continue;
    }
    const [name, rest] = ex;
    t = rest;
    const num = groupNumber(name);
    const idx = num >= 0 ? num : names[name];
    if (idx !== undefined) out += groups[idx] ?? '';
  }
  return out + t;
}

/** Go's Regexp.ReplaceAllString(src, repl). */
export function goReplaceAllString(re: RE2JS, src: string, repl: string): string {
  const m = re.matcher(src);
  const names = re.namedGroups() as Record<string, number>;
  const n = re.groupCount();
  let out = '';
  let lastEnd = 0;
  let search = 0;
  while (search <= src.length) {
    if (!m.find(search)) break;
    const s = m.start();
    const e = m.end();
    out += src.slice(lastEnd, s);
    // No replacement for an empty match right after the previous match.
    if (e > lastEnd || s === 0) {
      const groups: Array<string | undefined> = [];
      for (let g = 0; g <= n; g++) groups.push(m.group(g) ?? undefined);
      out += expand(repl, groups, names);
    }
    lastEnd = e;
    const cp = src.codePointAt(search);
    const width = cp === undefined ? 0 : cp > 0xffff ? 2 : 1;
    if (search + width > e) search += width;
    else if (search + 1 > e) search++;
    else search = e;
  }
  return out + src.slice(lastEnd);
}
