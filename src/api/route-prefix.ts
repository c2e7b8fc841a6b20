import { hostname as osHostname } from 'node:os';

/**
 * Alertmanager's external URL: `--web.external-url` as given (http or https only, trailing slash
 * removed from its path), or `http://<hostname>:<port of the first listener>/`.
 * @throws {Error} for an unparsable URL or another scheme, with Alertmanager's wording.
 */
export function resolveExternalUrl(external: string, listenPort: number, hostname: () => string = osHostname): ExternalUrl {
  const text = external === '' ? `http://${hostname()}:${listenPort}/` : external;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`failed to determine external URL: parse ${JSON.stringify(text)}: invalid URL`);
  }
  const scheme = url.protocol.replace(/:$/, '');
  if (scheme !== 'http' && scheme !== 'https') {
    throw new Error(`failed to determine external URL: ${JSON.stringify(text)}: invalid ${JSON.stringify(scheme)} scheme, only 'http' and 'https' are supported`);
  }
  const path = url.pathname.replace(/\/+$/, '');
  // Go's url.String() with the trimmed path: no trailing slash, even at the root.
  const href = `${url.protocol}//${url.username === '' ? '' : `${url.username}${url.password === '' ? '' : `:${url.password}`}@`}${url.host}${path}${url.search}${url.hash}`;
  return { href, path };
}

export interface ExternalUrl {
  /** As Go prints it: `http://host:9093` or `https://example.com/am` (no trailing slash). */
  href: string;
  /** The path, without trailing slash: '' or `/am`. */
  path: string;
}

/** The prefix every route lives under: `--web.route-prefix`, else the external URL's path; `/` or `/a/b`. */
export function resolveRoutePrefix(routePrefix: string, externalUrl: ExternalUrl): string {
  const raw = routePrefix === '' ? externalUrl.path : routePrefix;
  return `/${raw.replace(/^\/+|\/+$/g, '')}`;
}
