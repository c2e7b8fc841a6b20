import { request } from 'undici';
import type { Dispatcher } from 'undici';
import type { OAuth2Config } from '../config/types.ts';
import { createDispatcher } from './dispatcher.ts';
import { readSecretOrFile } from './secret-file.ts';

interface CachedToken {
  readonly header: string;
  /** Epoch ms after which the token is fetched again; Infinity when the server gave no expiry. */
  readonly refreshAt: number;
  /** The client secret the token was obtained with; a rotated secret file fetches a new token. */
  readonly secret: string;
}

/** golang.org/x/oauth2 treats a token as expired this long before its real expiry. */
const EXPIRY_DELTA_MS = 10_000;

/** Token types as golang.org/x/oauth2 `Token.Type()` normalises them. */
const TOKEN_TYPES: Readonly<Record<string, string>> = { bearer: 'Bearer', mac: 'MAC', basic: 'Basic' };

/**
 * OAuth2 client-credentials tokens for one `oauth2` block: fetched from `token_url` with the
 * client id and secret in a Basic header (`client_secret_file` read at fetch time), cached until
 * shortly before `expires_in`, shared between concurrent requests.
 */
export class OAuth2TokenSource {
  readonly #config: OAuth2Config;
  readonly #dispatcher: Dispatcher;
  readonly #now: () => number;
  #cached: CachedToken | undefined;
  #inflight: Promise<CachedToken> | undefined;

  constructor(config: OAuth2Config, now: () => number = Date.now) {
    this.#config = config;
    this.#dispatcher = createDispatcher(config);
    this.#now = now;
  }

  /** The `Authorization` header value to send, e.g. `Bearer abc`. */
  async authorization(signal?: AbortSignal): Promise<string> {
    const secret = (await readSecretOrFile(this.#config.client_secret, this.#config.client_secret_file)) ?? '';
    const cached = this.#cached;
    if (cached !== undefined && cached.secret === secret && this.#now() < cached.refreshAt) return cached.header;
    this.#inflight ??= this.#fetch(secret, signal).finally(() => {
      this.#inflight = undefined;
    });
    this.#cached = await this.#inflight;
    return this.#cached.header;
  }

  /** Forgets the cached token, e.g. after the service rejected it. */
  invalidate(): void {
    this.#cached = undefined;
  }

  close(): Promise<void> {
    return this.#dispatcher.close();
  }

  async #fetch(secret: string, signal: AbortSignal | undefined): Promise<CachedToken> {
    const form = new URLSearchParams();
    form.set('grant_type', 'client_credentials');
    const scopes = this.#config.scopes ?? [];
    if (scopes.length > 0) form.set('scope', scopes.join(' '));
    for (const [k, v] of Object.entries(this.#config.endpoint_params ?? {})) form.set(k, v);
    const basic = `${encodeURIComponent(this.#config.client_id)}:${encodeURIComponent(secret)}`;
    const started = this.#now();
    const res = await request(this.#config.token_url, {
      method: 'POST',
      dispatcher: this.#dispatcher,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(basic, 'utf8').toString('base64')}`,
      },
      body: form.toString(),
      signal,
    });
    const text = await res.body.text();
    if (res.statusCode < 200 || res.statusCode > 299) {
      throw new Error(`oauth2: cannot fetch token: status ${res.statusCode}: ${text.slice(0, 512)}`);
    }
    const token = parseTokenResponse(text, res.headers['content-type']);
    const refreshAt =
      token.expiresIn === undefined || token.expiresIn <= 0 ? Infinity : started + token.expiresIn * 1000 - EXPIRY_DELTA_MS;
    const type = TOKEN_TYPES[token.type.toLowerCase()] ?? (token.type === '' ? 'Bearer' : token.type);
    return { header: `${type} ${token.accessToken}`, refreshAt, secret };
  }
}

interface TokenResponse {
  readonly accessToken: string;
  readonly type: string;
  readonly expiresIn: number | undefined;
}

// Servers answer JSON, or (GitHub-style) form-encoded text.
function parseTokenResponse(text: string, contentType: string | string[] | undefined): TokenResponse {
  const type = Array.isArray(contentType) ? (contentType[0] ?? '') : (contentType ?? '');
  let fields: Record<string, unknown>;
  if (type.startsWith('application/x-www-form-urlencoded') || type.startsWith('text/plain')) {
    fields = Object.fromEntries(new URLSearchParams(text));
  } else {
    try {
      fields = JSON.parse(text) as Record<string, unknown>;
    } catch {
      throw new Error('oauth2: cannot parse token response');
    }
  }
  const accessToken = fields['access_token'];
  if (typeof accessToken !== 'string' || accessToken === '') throw new Error('oauth2: server response missing access_token');
  const expires = Number(fields['expires_in']);
  return {
    accessToken,
    type: typeof fields['token_type'] === 'string' ? fields['token_type'] : '',
    expiresIn: Number.isFinite(expires) ? expires : undefined,
  };
}
