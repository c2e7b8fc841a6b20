import { useEffect, useState } from 'preact/hooks';

export interface Route {
  /** `#/silences/abc` → ['silences', 'abc'] */
  path: string[];
  params: URLSearchParams;
}

export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#\/?/, '');
  const q = raw.indexOf('?');
  const pathPart = q === -1 ? raw : raw.slice(0, q);
  const path = pathPart.split('/').filter((p) => p !== '').map(decodeURIComponent);
  return { path: path.length === 0 ? ['alerts'] : path, params: new URLSearchParams(q === -1 ? '' : raw.slice(q + 1)) };
}

export function hrefFor(path: readonly string[], params?: Record<string, string | undefined>): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params ?? {})) if (v !== undefined && v !== '') search.set(k, v);
  const qs = search.toString();
  return `#/${path.map(encodeURIComponent).join('/')}${qs === '' ? '' : `?${qs}`}`;
}

export function navigate(path: readonly string[], params?: Record<string, string | undefined>, replace = false): void {
  const href = hrefFor(path, params);
  if (replace) history.replaceState(history.state, '', href);
  else location.hash = href;
  if (replace) window.dispatchEvent(new HashChangeEvent('hashchange'));
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(location.hash));
  useEffect(() => {
    const onChange = (): void => setRoute(parseHash(location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
