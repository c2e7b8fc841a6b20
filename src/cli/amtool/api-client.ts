/**
 * The Alertmanager API v2 client amtool uses (go-swagger generated in Go), with its error texts:
 * `[GET /silence/{silenceID}][404] getSilenceNotFound ` for documented responses, and
 * `response status code does not match ...` for the others.
 */
import { request } from 'undici';
import type { Dispatcher } from 'undici';
import type { HttpClientConfig } from '../../config/types.ts';
import { addAuthorization, addConfiguredHeaders } from '../../http-client/auth-headers.ts';
import type { HeaderMap } from '../../http-client/auth-headers.ts';
import { createDispatcher } from '../../http-client/dispatcher.ts';
import { OAuth2TokenSource } from '../../http-client/oauth2.ts';
import type { GettableAlertJson, GettableSilenceJson, PostableSilenceJson, StatusJson } from './models.ts';

interface Operation {
  readonly method: 'GET' | 'POST' | 'DELETE';
  /** The path as the OpenAPI document writes it, which the error texts quote. */
  readonly path: string;
  readonly id: string;
  /** Documented status codes (Alertmanager 0.25's spec) and whether they carry a string payload. */
  readonly responses: Readonly<Record<number, readonly [name: string, payload: boolean]>>;
}

const OK = ['OK', false] as const;
const OK_BODY = ['OK', true] as const;
const BAD = ['BadRequest', true] as const;
const ISE = ['InternalServerError', true] as const;

const OPS = {
  getAlerts: { method: 'GET', path: '/alerts', id: 'getAlerts', responses: { 200: OK_BODY, 400: BAD, 500: ISE } },
  postAlerts: { method: 'POST', path: '/alerts', id: 'postAlerts', responses: { 200: OK, 400: BAD, 500: ISE } },
  getSilences: { method: 'GET', path: '/silences', id: 'getSilences', responses: { 200: OK_BODY, 500: ISE } },
  getSilence: {
    method: 'GET',
    path: '/silence/{silenceID}',
    id: 'getSilence',
    responses: { 200: OK_BODY, 404: ['NotFound', false], 500: ISE },
  },
  postSilences: {
    method: 'POST',
    path: '/silences',
    id: 'postSilences',
    responses: { 200: OK_BODY, 400: BAD, 404: ['NotFound', true] },
  },
  deleteSilence: { method: 'DELETE', path: '/silence/{silenceID}', id: 'deleteSilence', responses: { 200: OK, 500: ISE } },
  getStatus: { method: 'GET', path: '/status', id: 'getStatus', responses: { 200: OK_BODY } },
} as const satisfies Record<string, Operation>;

/** A non-success response, with the status code (`silence import` retries a 404 as a new silence). */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    message: string,
    readonly statusCode: number,
  ) {
    super(message);
  }
}

export interface ApiClientOptions {
  /** `--alertmanager.url`; its user info becomes basic authentication. */
  readonly url: URL;
  /** `--http.config.file`, already loaded. */
  readonly httpConfig?: HttpClientConfig;
  /** Aborts every request (amtool's `--timeout` covers the whole command). */
  readonly signal?: AbortSignal;
}

// Go's url.QueryEscape: only letters, digits and `-_.~` stay; space becomes `+`.
function queryEscape(s: string): string {
  return encodeURIComponent(s)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

function goMethod(m: string): string {
  return m[0] + m.slice(1).toLowerCase();
}

type NetError = Error & { code?: string; address?: string; port?: number; errors?: NetError[] };

// Node's connection errors, worded as Go's net package words them.
function describeNetworkError(err: unknown, url: URL, signal: AbortSignal | undefined): string {
  if (signal?.aborted) return 'context deadline exceeded';
  let e = err as NetError;
  const inner = e.cause as NetError | undefined;
  if (inner !== undefined && typeof inner === 'object') e = inner;
  if (Array.isArray(e.errors) && e.errors.length > 0) e = e.errors.find((x) => x.address?.includes('.')) ?? (e.errors[0] as NetError);
  const target = e.address !== undefined ? `${e.address.includes(':') ? `[${e.address}]` : e.address}:${e.port}` : url.host;
  switch (e.code) {
    case 'ECONNREFUSED':
      return `dial tcp ${target}: connect: connection refused`;
    case 'ENOTFOUND':
      return `dial tcp: lookup ${url.hostname}: no such host`;
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return `dial tcp ${target}: i/o timeout`;
    case 'ECONNRESET':
      return `read tcp ${target}: read: connection reset by peer`;
    default:
      return e.message;
  }
}

/** The API operations amtool calls, against one Alertmanager. */
export class ApiClient {
  readonly #base: string;
  readonly #basicAuth: string | undefined;
  readonly #config: HttpClientConfig | undefined;
  readonly #dispatcher: Dispatcher;
  readonly #oauth2: OAuth2TokenSource | undefined;
  readonly #signal: AbortSignal | undefined;

  constructor(opts: ApiClientOptions) {
    const u = opts.url;
    const path = `${decodeURIComponent(u.pathname)}/api/v2`.replace(/\/+/g, '/');
    this.#base = `${u.protocol}//${u.host}${path}`;
    if (u.username !== '' || u.password !== '') {
      const creds = `${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`;
      this.#basicAuth = `Basic ${Buffer.from(creds).toString('base64')}`;
    }
    this.#config = opts.httpConfig;
    this.#dispatcher = createDispatcher(opts.httpConfig ?? { no_proxy: '', proxy_from_environment: false });
    this.#oauth2 = opts.httpConfig?.oauth2 === undefined ? undefined : new OAuth2TokenSource(opts.httpConfig.oauth2);
    this.#signal = opts.signal;
  }

  async close(): Promise<void> {
    await Promise.all([this.#dispatcher.close(), this.#oauth2?.close()]);
  }

  async #call(
    op: Operation,
    opts: { id?: string; query?: [string, string][]; body?: unknown } = {},
  ): Promise<unknown> {
    const path = op.path.replace('{silenceID}', encodeURIComponent(opts.id ?? ''));
    const query = [...(opts.query ?? [])].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const qs = query.map(([k, v]) => `${queryEscape(k)}=${queryEscape(v)}`).join('&');
    const url = `${this.#base}${path}${qs === '' ? '' : `?${qs}`}`;
    const headers: HeaderMap = { accept: 'application/json' };
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    let statusCode: number;
    let text: string;
    try {
      if (this.#config !== undefined) {
        await addConfiguredHeaders(this.#config, headers);
        if (this.#oauth2 !== undefined) headers['authorization'] = await this.#oauth2.authorization(this.#signal);
        else await addAuthorization(this.#config, headers);
      }
      if (this.#basicAuth !== undefined) headers['authorization'] = this.#basicAuth;
      const res = await request(url, {
        method: op.method,
        headers,
        body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
        signal: this.#signal,
        dispatcher: this.#dispatcher,
      });
      statusCode = res.statusCode;
      text = await res.body.text();
    } catch (err) {
      throw new Error(`${goMethod(op.method)} "${url}": ${describeNetworkError(err, new URL(url), this.#signal)}`);
    }
    const documented = op.responses[statusCode];
    if (documented === undefined) {
      throw new ApiError(
        `response status code does not match any response statuses defined for this endpoint in the swagger spec (status ${statusCode}): {}`,
        statusCode,
      );
    }
    const [name, hasPayload] = documented;
    if (statusCode >= 200 && statusCode < 300) return hasPayload ? JSON.parse(text) : undefined;
    let payload = '';
    if (hasPayload) {
      try {
        const parsed: unknown = JSON.parse(text);
        payload = typeof parsed === 'string' ? parsed : text.trim();
      } catch {
        payload = text.trim();
      }
    }
    const head = `[${op.method} ${op.path}][${statusCode}] ${op.id}${name} `;
    throw new ApiError(hasPayload ? `${head} ${payload}` : head, statusCode);
  }

  /** GET /alerts with the state flags, matcher filters and receiver regex. */
  async getAlerts(params: {
    active: boolean;
    silenced: boolean;
    inhibited: boolean;
    unprocessed: boolean;
    receiver: string;
    filter: readonly string[];
  }): Promise<GettableAlertJson[]> {
    const query: [string, string][] = [
      ['active', String(params.active)],
      ['silenced', String(params.silenced)],
      ['inhibited', String(params.inhibited)],
      ['unprocessed', String(params.unprocessed)],
      ...params.filter.map((f): [string, string] => ['filter', f]),
    ];
    if (params.receiver !== '') query.push(['receiver', params.receiver]);
    return (await this.#call(OPS.getAlerts, { query })) as GettableAlertJson[];
  }

  async postAlerts(alerts: readonly object[]): Promise<void> {
    await this.#call(OPS.postAlerts, { body: alerts });
  }

  async getSilences(filter: readonly string[]): Promise<GettableSilenceJson[]> {
    const query = filter.map((f): [string, string] => ['filter', f]);
    return (await this.#call(OPS.getSilences, { query })) as GettableSilenceJson[];
  }

  async getSilence(id: string): Promise<GettableSilenceJson> {
    return (await this.#call(OPS.getSilence, { id })) as GettableSilenceJson;
  }

  /** Creates or updates a silence; resolves to its id. */
  async postSilence(silence: PostableSilenceJson): Promise<string> {
    const res = (await this.#call(OPS.postSilences, { body: silence })) as { silenceID: string };
    return res.silenceID;
  }

  async deleteSilence(id: string): Promise<void> {
    await this.#call(OPS.deleteSilence, { id });
  }

  async getStatus(): Promise<StatusJson> {
    return (await this.#call(OPS.getStatus)) as StatusJson;
  }
}
