/**
 * Go's `net/http` ServeMux sanitising of request paths, which Alertmanager's HTTP server does
 * before anything else routes: a path with `//`, `.` or `..` segments is redirected (301) to its
 * clean form, query kept, rather than answered 404.
 */
import { htmlEscape } from '../template/engine/builtins.ts';

/** `path.Clean` for a path starting with `/`: no empty, `.` or `..` segments. */
function cleanRooted(path: string): string {
  const kept: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') kept.pop();
    else kept.push(segment);
  }
  return `/${kept.join('/')}`;
}

/** ServeMux's `cleanPath` for a path starting with `/`: `path.Clean`, keeping a trailing slash. */
export function goCleanPath(path: string): string {
  const clean = cleanRooted(path);
  return path.endsWith('/') && clean !== '/' ? `${clean}/` : clean;
}

/**
 * `http.Redirect` with 301 as ServeMux answers an unclean path: GET and HEAD get an HTML content
 * type, and GET a one-line link to the clean URL; other methods an empty body.
 */
export function movedPermanently(method: string, location: string): { headers: Record<string, string>; body: string } {
  const headers: Record<string, string> = { Location: location };
  if (method !== 'GET' && method !== 'HEAD') return { headers, body: '' };
  headers['Content-Type'] = 'text/html; charset=utf-8';
  return { headers, body: method === 'GET' ? `<a href="${htmlEscape(location)}">Moved Permanently</a>.\n\n` : '' };
}
