import { request } from 'undici';
import type { Dispatcher } from 'undici';
import type { HttpClientConfig } from '../config/types.ts';
import { addAuthorization, addConfiguredHeaders } from './auth-headers.ts';
import type { HeaderMap } from './auth-headers.ts';
import { createDispatcher } from './dispatcher.ts';
import { OAuth2TokenSource } from './oauth2.ts';
import { tlsFilesStamp } from './tls-options.ts';

export interface HttpRequest {
  readonly method?: Dispatcher.HttpMethod;
  /** Lower-case names; values set here win over `http_headers` of the same name. */
  readonly headers?: Readonly<HeaderMap>;
  readonly body?: string | Uint8Array;
  readonly signal?: AbortSignal;
}

export interface HttpResponse {
  readonly statusCode: number;
  readonly headers: Dispatcher.ResponseData['headers'];
  /** The body as text, cut at `maxBodyBytes`; the rest is read and discarded. */
  readonly body: string;
}

/** How much of a response body is kept: enough for an error message, bounded for bad servers. */
const MAX_BODY_BYTES = 64 * 1024;

export interface HttpClientOptions {
  /** How often the TLS files are checked for rotation; 5s by default. */
  readonly tlsCheckIntervalMs?: number;
}

/**
 * Outgoing HTTP for one `http_config`: an undici dispatcher (TLS, proxy, redirects) plus the
 * per-request headers (basic auth, authorization, OAuth2, `http_headers`) whose secret files are
 * read at request time. Rotated TLS files (CA, certificate, key) are picked up within seconds,
 * as prometheus/common reloads them.
 */
export class HttpClient {
  readonly #config: HttpClientConfig | undefined;
  readonly #oauth2: OAuth2TokenSource | undefined;
  readonly #tlsCheckIntervalMs: number;
  #dispatcher: Dispatcher;
  #tlsStamp: Promise<string>;
  #tlsCheckedAt = Date.now();

  constructor(config: HttpClientConfig | undefined, options: HttpClientOptions = {}) {
    this.#config = config;
    this.#tlsCheckIntervalMs = options.tlsCheckIntervalMs ?? 5_000;
    this.#dispatcher = this.#createDispatcher();
    this.#tlsStamp = tlsFilesStamp(config?.tls_config);
    this.#oauth2 = config?.oauth2 === undefined ? undefined : new OAuth2TokenSource(config.oauth2);
  }

  /** The current dispatcher (replaced when TLS files rotate). */
  get dispatcher(): Dispatcher {
    return this.#dispatcher;
  }

  /** Sends one request and reads the (bounded) response body. Rejects on network errors only. */
  async request(url: string, req: HttpRequest = {}): Promise<HttpResponse> {
    const headers: HeaderMap = {};
    const config = this.#config;
    if (config !== undefined) {
      await addConfiguredHeaders(config, headers);
      if (this.#oauth2 !== undefined) headers['authorization'] = await this.#oauth2.authorization(req.signal);
      else await addAuthorization(config, headers);
    }
    Object.assign(headers, req.headers);
    const res = await request(url, {
      method: req.method ?? 'GET',
      headers,
      body: req.body,
      signal: req.signal,
      dispatcher: await this.#currentDispatcher(),
    });
    if (res.statusCode === 401) this.#oauth2?.invalidate();
    return { statusCode: res.statusCode, headers: res.headers, body: await readBounded(res.body) };
  }

  async close(): Promise<void> {
    await Promise.all([this.#dispatcher.close(), this.#oauth2?.close()]);
  }

  #createDispatcher(): Dispatcher {
    return createDispatcher(this.#config ?? { no_proxy: '', proxy_from_environment: false });
  }

  async #currentDispatcher(): Promise<Dispatcher> {
    const tls = this.#config?.tls_config;
    if (tls === undefined || Date.now() - this.#tlsCheckedAt < this.#tlsCheckIntervalMs) return this.#dispatcher;
    this.#tlsCheckedAt = Date.now();
    const [before, now] = await Promise.all([this.#tlsStamp, tlsFilesStamp(tls)]);
    if (now !== before) {
      const old = this.#dispatcher;
      // Throws while a rotation is half done; the stamp stays old so the next check tries again.
      this.#dispatcher = this.#createDispatcher();
      this.#tlsStamp = Promise.resolve(now);
      // In-flight requests on the old connections finish before it closes.
      void old.close().catch(() => undefined);
    }
    return this.#dispatcher;
  }
}

async function readBounded(body: Dispatcher.ResponseData['body']): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    if (size >= MAX_BODY_BYTES) continue;
    chunks.push(chunk);
    size += chunk.length;
  }
  const all = Buffer.concat(chunks);
  return (all.length > MAX_BODY_BYTES ? all.subarray(0, MAX_BODY_BYTES) : all).toString('utf8');
}
