/**
 * Go's filepath.Glob / filepath.Match on POSIX paths: `*`, `?`, `[...]` (with `^` negation and
 * ranges) and `\` escapes; matches sorted per directory; a malformed pattern is
 * `syntax error in pattern`.
 */
import { readdirSync, statSync } from 'node:fs';

/** Go's filepath.ErrBadPattern text. */
export const ERR_BAD_PATTERN = 'syntax error in pattern';

const hasMeta = (s: string): boolean => /[*?[\\]/.test(s);

function classToRegex(p: string, i: number): [string, number] {
  // p[i] is '['.
  let j = i + 1;
  let out = '[';
  if (p[j] === '^') {
    out += '^';
    j++;
  }
  let first = true;
  for (;;) {
    if (j >= p.length) throw new Error(ERR_BAD_PATTERN);
    if (p[j] === ']' && !first) break;
    first = false;
    let lo = p[j] as string;
    if (lo === '\\') {
      j++;
      if (j >= p.length) throw new Error(ERR_BAD_PATTERN);
      lo = p[j] as string;
    } else if (lo === '-' || lo === ']') {
      throw new Error(ERR_BAD_PATTERN);
    }
    j++;
    let range = '';
    if (p[j] === '-' && p[j + 1] !== ']') {
      j++;
      let hi = p[j] as string | undefined;
      if (hi === '\\') {
        j++;
        hi = p[j];
      }
      if (hi === undefined || hi === '-') throw new Error(ERR_BAD_PATTERN);
      if (hi < lo) throw new Error(ERR_BAD_PATTERN);
      range = '-' + escapeClass(hi);
      j++;
    }
    out += escapeClass(lo) + range;
  }
  return [out + ']', j + 1];
}

const escapeClass = (c: string): string => (/[\\\]^-]/.test(c) ? '\\' + c : c);

/** Converts one path element pattern to an anchored RegExp. Throws ERR_BAD_PATTERN. */
export function matchPatternRegex(pattern: string): RegExp {
  let re = '^';
  for (let i = 0; i < pattern.length; ) {
    const c = pattern[i] as string;
    if (c === '*') {
      re += '[^/]*';
      i++;
    } else if (c === '?') {
      re += '[^/]';
      i++;
    } else if (c === '[') {
      const [cls, next] = classToRegex(pattern, i);
      re += cls;
      i = next;
    } else if (c === '\\') {
      if (i + 1 >= pattern.length) throw new Error(ERR_BAD_PATTERN);
      re += (pattern[i + 1] as string).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      i += 2;
    } else {
      re += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      i++;
    }
  }
  return new RegExp(re + '$', 'u');
}

function exists(p: string): boolean {
  try {
    statSync(p);
    return true;
  } catch {
    return false;
  }
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** Go's filepath.Glob: the sorted matches of `pattern` (empty when none). Throws ERR_BAD_PATTERN. */
export function goGlob(pattern: string): string[] {
  if (!hasMeta(pattern)) return exists(pattern) ? [pattern] : [];
  const slash = pattern.lastIndexOf('/');
  const dir = slash < 0 ? '.' : slash === 0 ? '/' : pattern.slice(0, slash);
  const file = pattern.slice(slash + 1);
  const re = matchPatternRegex(file);
  const dirs = hasMeta(dir) ? goGlob(dir) : [dir];
  const out: string[] = [];
  for (const d of dirs) {
    if (!isDir(d)) continue;
    let names: string[];
    try {
      names = readdirSync(d);
    } catch {
      continue;
    }
    names.sort();
    for (const n of names) if (re.test(n)) out.push(slash < 0 ? n : d === '/' ? '/' + n : `${d}/${n}`);
  }
  return out;
}
