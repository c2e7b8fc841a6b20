import { errors } from 'undici';
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
  /** Whether requests get headers from the config (auth, `http_headers`), some read from files. */
  readonly #addsHeaders: boolean;
  #dispatcher: Dispatcher;
  #tlsStamp: Promise<string>;
  #tlsCheckedAt = Date.now();
  #lastTarget: { url: string; origin: string; path: string } | undefined;

  constructor(config: HttpClientConfig | undefined, options: HttpClientOptions = {}) {
    this.#config = config;
    this.#tlsCheckIntervalMs = options.tlsCheckIntervalMs ?? 5_000;
    this.#dispatcher = this.#createDispatcher();
    this.#tlsStamp = tlsFilesStamp(config?.tls_config);
    this.#oauth2 = config?.oauth2 === undefined ? undefined : new OAuth2TokenSource(config.oauth2);
    this.#addsHeaders =
      config !== undefined &&
      (config.http_headers !== undefined ||
        config.oauth2 !== undefined ||
        config.basic_auth !== undefined ||
        config.authorization !== undefined ||
        config.bearer_token !== undefined ||
        config.bearer_token_file !== '');
  }

  /** The current dispatcher (replaced when TLS files rotate). */
  get dispatcher(): Dispatcher {
    return this.#dispatcher;
  }

  /** Sends one request and reads the (bounded) response body. Rejects on network errors only. */
  request(url: string, req: HttpRequest = {}): Promise<HttpResponse> {
    if (this.#addsHeaders || this.#tlsCheckDue()) return this.#requestWithChecks(url, req);
    // Nothing to wait for: no async frame is kept while the request is queued or under way.
    try {
      // undici reads the headers without changing them (a redirect builds new ones).
      return send(this.#dispatcher, this.#dispatchOptions(url, req.headers, req), req.signal);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  async #requestWithChecks(url: string, req: HttpRequest): Promise<HttpResponse> {
    const headers = this.#addsHeaders ? await this.#configuredHeaders(req.signal) : {};
    Object.assign(headers, req.headers);
    const options = this.#dispatchOptions(url, headers, req);
    const dispatcher = this.#tlsCheckDue() ? await this.#checkTlsFiles() : this.#dispatcher;
    const res = await send(dispatcher, options, req.signal);
    if (res.statusCode === 401) this.#oauth2?.invalidate();
    return res;
  }

  #dispatchOptions(url: string, headers: Readonly<HeaderMap> | undefined, req: HttpRequest): Dispatcher.DispatchOptions {
    const { origin, path } = this.#target(url);
    return { origin, path, method: req.method ?? 'GET', headers, body: req.body };
  }

  async #configuredHeaders(signal: AbortSignal | undefined): Promise<HeaderMap> {
    const headers: HeaderMap = {};
    const config = this.#config as HttpClientConfig;
    await addConfiguredHeaders(config, headers);
    if (this.#oauth2 !== undefined) headers['authorization'] = await this.#oauth2.authorization(signal);
    else await addAuthorization(config, headers);
    return headers;
  }

  async close(): Promise<void> {
    await Promise.all([this.#dispatcher.close(), this.#oauth2?.close()]);
  }

  // Receivers post to the same URL again and again: parse it once, as undici's `request` would.
  #target(url: string): { origin: string; path: string } {
    if (this.#lastTarget?.url !== url) {
      const parsed = new URL(url);
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
        throw new errors.InvalidArgumentError('Invalid URL protocol: the URL must start with `http:` or `https:`.');
      }
      this.#lastTarget = { url, origin: parsed.origin, path: `${parsed.pathname}${parsed.search}` };
    }
    return this.#lastTarget;
  }

  #createDispatcher(): Dispatcher {
    return createDispatcher(this.#config ?? { no_proxy: '', proxy_from_environment: false });
  }

  #tlsCheckDue(): boolean {
    return this.#config?.tls_config !== undefined && Date.now() - this.#tlsCheckedAt >= this.#tlsCheckIntervalMs;
  }

  /** Replaces the dispatcher when the TLS files changed since the last check; returns the current one. */
  async #checkTlsFiles(): Promise<Dispatcher> {
    this.#tlsCheckedAt = Date.now();
    const [before, now] = await Promise.all([this.#tlsStamp, tlsFilesStamp(this.#config?.tls_config)]);
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

/**
 * Dispatches one request and collects its bounded body with a plain undici handler: cheaper than
 * `undici.request`, whose response is a stream read through an async iterator. Like `request`, it
 * rejects with the signal's reason once it aborts, and skips 1xx answers.
 */
function send(dispatcher: Dispatcher, options: Dispatcher.DispatchOptions, signal: AbortSignal | undefined): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted === true) {
      reject(signal.reason);
      return;
    }
    dispatcher.dispatch(options, new BoundedResponse(signal, resolve, reject));
  });
}

class BoundedResponse implements Dispatcher.DispatchHandler {
  readonly #signal: AbortSignal | undefined;
  readonly #resolve: (res: HttpResponse) => void;
  readonly #reject: (error: unknown) => void;
  /** Present while a request (a redirect starts another) is under way. */
  #controller: Dispatcher.DispatchController | undefined;
  #statusCode = 0;
  #headers: Dispatcher.ResponseData['headers'] | undefined;
  readonly #chunks: Buffer[] = [];
  #size = 0;
  #settled = false;

  constructor(signal: AbortSignal | undefined, resolve: (res: HttpResponse) => void, reject: (error: unknown) => void) {
    this.#signal = signal;
    this.#resolve = resolve;
    this.#reject = reject;
    signal?.addEventListener('abort', this.#onAbort, { once: true });
  }

  // A request still queued for a connection has no controller yet: it is aborted once it gets one.
  readonly #onAbort = (): void => {
    this.#controller?.abort(this.#signal?.reason);
    this.#settle(this.#signal?.reason, undefined);
  };

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.#controller = controller;
    if (this.#settled) controller.abort(this.#signal?.reason);
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number, headers: Dispatcher.ResponseData['headers']): void {
    if (statusCode < 200) return;
    this.#statusCode = statusCode;
    this.#headers = headers;
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.#size >= MAX_BODY_BYTES) return;
    this.#chunks.push(chunk);
    this.#size += chunk.length;
  }

  onResponseEnd(): void {
    const all = this.#chunks.length === 1 ? (this.#chunks[0] as Buffer) : Buffer.concat(this.#chunks);
    const body = (all.length > MAX_BODY_BYTES ? all.subarray(0, MAX_BODY_BYTES) : all).toString('utf8');
    this.#settle(undefined, { statusCode: this.#statusCode, headers: this.#headers ?? {}, body });
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.#settle(error, undefined);
  }

  #settle(error: unknown, res: HttpResponse | undefined): void {
    if (this.#settled) return;
    this.#settled = true;
    this.#signal?.removeEventListener('abort', this.#onAbort);
    if (res === undefined) this.#reject(error);
    else this.#resolve(res);
  }
}
