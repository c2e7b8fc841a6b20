import { Agent, EnvHttpProxyAgent, ProxyAgent, interceptors } from 'undici';
import type { Dispatcher } from 'undici';
import type { Secret } from '../config/secret.ts';
import type { TlsConfig } from '../config/types.ts';
import { tlsConnectionOptions } from './tls-options.ts';

/** The transport part of an `http_config` (or of its `oauth2` block). */
export interface TransportConfig {
  readonly tls_config?: TlsConfig;
  readonly proxy_url?: string;
  readonly no_proxy: string;
  readonly proxy_from_environment: boolean;
  readonly proxy_connect_header?: Record<string, Secret[]>;
  /** Absent for the oauth2 token client, which follows redirects like Go's default client. */
  readonly follow_redirects?: boolean;
}

/** Go's `http.Client` gives up after 10 redirects. */
const MAX_REDIRECTS = 10;

// Groups flushing to one receiver share a bounded pool, as undici scans its whole client list per
// request. Alertmanager's pool has no bound: 5,000 groups flushing at once to a webhook answering
// in 500 ms got every notification there within a second. With 64 connections, 3,720 of them
// failed at their 10 s deadline; with 1,024 all arrived within 3 s, and a 10 ms health probe
// waited at most 36-45 ms meanwhile (the dispatcher starts due flushes a few per turn).
export const MAX_CONNECTIONS_PER_ORIGIN = 1024;

/**
 * An undici dispatcher with the TLS, proxy and redirect behaviour of a prometheus/common HTTP
 * client: `proxy_url` (bypassed for `no_proxy` hosts), or the `HTTP(S)_PROXY`/`NO_PROXY`
 * environment with `proxy_from_environment`, or direct connections.
 */
export function createDispatcher(config: TransportConfig): Dispatcher {
  const tls = tlsConnectionOptions(config.tls_config);
  const connections = MAX_CONNECTIONS_PER_ORIGIN;
  const headers = connectHeaders(config.proxy_connect_header);
  let base: Dispatcher;
  if (config.proxy_url !== undefined && config.proxy_url !== '') {
    base =
      config.no_proxy === ''
        ? new ProxyAgent({ uri: config.proxy_url, requestTls: tls, headers, connections })
        : new EnvHttpProxyAgent({
            httpProxy: config.proxy_url,
            httpsProxy: config.proxy_url,
            noProxy: config.no_proxy,
            connect: tls,
            requestTls: tls,
            headers,
            connections,
          });
  } else if (config.proxy_from_environment) {
    base = new EnvHttpProxyAgent({ connect: tls, requestTls: tls, headers, connections });
  } else {
    base = new Agent({ connect: tls, connections });
  }
  if (config.follow_redirects === false) return base;
  return base.compose(interceptors.redirect({ maxRedirections: MAX_REDIRECTS }));
}

function connectHeaders(h: Record<string, Secret[]> | undefined): Record<string, string> | undefined {
  if (h === undefined) return undefined;
  const out: Record<string, string> = {};
  for (const [name, values] of Object.entries(h)) out[name] = values.map((v) => v.reveal()).join(', ');
  return out;
}
