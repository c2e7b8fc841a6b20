import { readdir, stat } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';

/**
 * Go's `filepath.Glob`: `*`, `?`, `[...]` and `\` escapes in any path component, matches sorted per
 * directory, dot-files included, no error for a pattern that matches nothing.
 * @throws {SyntaxError} `syntax error in pattern` for a malformed pattern, as Go's ErrBadPattern.
 */
export async function goGlob(pattern: string): Promise<string[]> {
  if (!hasMeta(pattern)) {
    try {
      await stat(pattern);
      return [pattern];
    } catch {
      return [];
    }
  }
  const parts = pattern.split('/');
  let bases: string[] = [isAbsolute(pattern) ? '/' : ''];
  for (const [i, part] of parts.entries()) {
    if (i === 0 && part === '') continue;
    const next: string[] = [];
    for (const base of bases) {
      if (!hasMeta(part)) {
        next.push(base === '' ? part : join(base, part));
        continue;
      }
      const re = goPatternToRegExp(part);
      let names: string[];
      try {
        names = (await readdir(base === '' ? '.' : base)).sort();
      } catch {
        continue;
      }
      for (const name of names) if (re.test(name)) next.push(base === '' ? name : join(base, name));
    }
    bases = next;
  }
  const found: string[] = [];
  for (const p of bases) {
    try {
      await stat(p);
      found.push(p);
    } catch {
      // Go's Glob ignores I/O errors.
    }
  }
  return found;
}

function hasMeta(s: string): boolean {
  return /[*?[\\]/.test(s);
}

/** Go's `path.Match` syntax for one path component, as a RegExp. */
export function goPatternToRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '\\') {
      i++;
      if (i >= pattern.length) throw new SyntaxError('syntax error in pattern');
      re += escapeRe(pattern[i] as string);
    } else if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) throw new SyntaxError('syntax error in pattern');
      let body = pattern.slice(i + 1, end);
      const negate = body.startsWith('^');
      if (negate) body = body.slice(1);
      if (body === '') throw new SyntaxError('syntax error in pattern');
      re += `[${negate ? '^' : ''}${body.replace(/[\]\\]/g, '\\$&')}]`;
      i = end;
    } else re += escapeRe(c);
  }
  return new RegExp(`^${re}$`, 'u');
}

function escapeRe(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
