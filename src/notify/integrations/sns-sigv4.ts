/**
 * AWS for the SNS integration without the SDK: Signature Version 4 for query-protocol POSTs, and
 * the credentials Alertmanager's SDK setup resolves — static `sigv4` keys, else the environment
 * or the shared credentials file (profile), optionally exchanged through STS AssumeRole
 * (`role_arn`, `external_id`) and cached until shortly before they expire. Every request goes
 * through the integration's `http_config` client, as Alertmanager passes its client to the SDK.
 */
import { createHash, createHmac } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { SigV4Config } from '../../config/types.ts';
import type { HttpClient, HttpResponse } from '../../http-client/http-client.ts';
import { NotifyError } from '../notify-error.ts';
import { goEncodeValues } from './go-url-encode.ts';

export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  /** Epoch ms; absent for long-lived keys. */
  readonly expiresAt?: number;
}

/** Assumed-role credentials are renewed this long before they expire. */
const EXPIRY_WINDOW_MS = 60_000;
// The SDK's default session length for AssumeRole.
const ASSUME_ROLE_SECONDS = 900;

const sha256Hex = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string): Buffer => createHmac('sha256', key).update(data, 'utf8').digest();

/** `20261121T003030Z` for an instant. */
export function amzDate(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

// Every path segment escaped again, as the SDK's signer does for services other than S3.
function canonicalPath(pathname: string): string {
  return pathname.replace(/[^A-Za-z0-9\-_.~/]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`) || '/';
}

/**
 * Signs a form-encoded POST: returns the headers to send (content type, date, security token,
 * authorization) over `host`, `content-length`, `content-type`, `x-amz-date` and the token.
 */
export function signQueryPost(url: URL, body: string, region: string, service: string, credentials: AwsCredentials, now: number): Record<string, string> {
  const date = amzDate(now);
  const headers: Record<string, string> = {
    'content-length': String(Buffer.byteLength(body, 'utf8')),
    'content-type': 'application/x-www-form-urlencoded',
    host: url.host,
    'x-amz-date': date,
  };
  if (credentials.sessionToken !== undefined) headers['x-amz-security-token'] = credentials.sessionToken;
  const names = Object.keys(headers).sort();
  const signedHeaders = names.join(';');
  const canonical = ['POST', canonicalPath(url.pathname), '', ...names.map((n) => `${n}:${headers[n]?.trim()}`), '', signedHeaders, sha256Hex(body)].join('\n');
  const scope = `${date.slice(0, 8)}/${region}/${service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', date, scope, sha256Hex(canonical)].join('\n');
  let key = hmac(`AWS4${credentials.secretAccessKey}`, date.slice(0, 8));
  for (const part of [region, service, 'aws4_request']) key = hmac(key, part);
  const signature = createHmac('sha256', key).update(toSign, 'utf8').digest('hex');
  const { host: _host, 'content-length': _length, ...sent } = headers;
  return {
    ...sent,
    authorization: `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
  };
}

/** The text of the first `<tag>` element of an AWS XML answer, entities decoded. */
export function xmlText(xml: string, tag: string): string | undefined {
  const m = new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml);
  if (m === null) return undefined;
  return (m[1] as string).replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_all, e: string) => {
    if (e === 'lt') return '<';
    if (e === 'gt') return '>';
    if (e === 'amp') return '&';
    if (e === 'quot') return '"';
    if (e === 'apos') return "'";
    return String.fromCodePoint(e.startsWith('#x') ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
  });
}

/** One form-encoded, signed POST; a failure to get an answer is retryable and hides nothing secret. */
export async function signedPost(
  http: HttpClient,
  url: URL,
  body: string,
  sign: { region: string; service: string; credentials: AwsCredentials; userAgent: string },
  signal: AbortSignal,
): Promise<HttpResponse> {
  const headers = signQueryPost(url, body, sign.region, sign.service, sign.credentials, Date.now());
  try {
    return await http.request(url.toString(), { method: 'POST', headers: { ...headers, 'user-agent': sign.userAgent }, body, signal });
  } catch (error) {
    throw new NotifyError(`Post "${url.origin}${url.pathname}": ${(error as Error).message}`, { retryable: true, cause: error });
  }
}

/** Resolves and caches the credentials of one `sigv4` block. */
export class AwsCredentialSource {
  readonly #sigv4: SigV4Config;
  readonly #http: HttpClient;
  readonly #userAgent: string;
  #assumed: AwsCredentials | undefined;

  constructor(sigv4: SigV4Config, http: HttpClient, userAgent: string) {
    this.#sigv4 = sigv4;
    this.#http = http;
    this.#userAgent = userAgent;
  }

  /** The region of the config, else `AWS_REGION`. */
  region(): string {
    return this.#sigv4.region !== '' ? this.#sigv4.region : (process.env['AWS_REGION'] ?? '');
  }

  async credentials(signal: AbortSignal): Promise<AwsCredentials> {
    const base = await this.#base();
    if (this.#sigv4.role_arn === '') return base;
    const cached = this.#assumed;
    if (cached?.expiresAt !== undefined && cached.expiresAt - EXPIRY_WINDOW_MS > Date.now()) return cached;
    this.#assumed = await this.#assumeRole(base, signal);
    return this.#assumed;
  }

  async #base(): Promise<AwsCredentials> {
    const { access_key: accessKey, secret_key: secretKey, profile } = this.#sigv4;
    if (accessKey !== '') return { accessKeyId: accessKey, secretAccessKey: secretKey?.reveal() ?? '' };
    const env = process.env;
    if (profile === '' && env['AWS_ACCESS_KEY_ID'] && env['AWS_SECRET_ACCESS_KEY']) {
      const token = env['AWS_SESSION_TOKEN'];
      return { accessKeyId: env['AWS_ACCESS_KEY_ID'], secretAccessKey: env['AWS_SECRET_ACCESS_KEY'], ...(token ? { sessionToken: token } : {}) };
    }
    return sharedCredentials(profile !== '' ? profile : (env['AWS_PROFILE'] ?? 'default'));
  }

  async #assumeRole(base: AwsCredentials, signal: AbortSignal): Promise<AwsCredentials> {
    const { role_arn: roleArn, external_id: externalId } = this.#sigv4;
    const region = this.region();
    const endpoint = process.env['AWS_ENDPOINT_URL_STS'] ?? process.env['AWS_ENDPOINT_URL'] ?? `https://sts.${region}.amazonaws.com`;
    const url = new URL(endpoint);
    if (url.pathname === '') url.pathname = '/';
    const params: [string, string][] = [
      ['Action', 'AssumeRole'],
      ['DurationSeconds', String(ASSUME_ROLE_SECONDS)],
      ['RoleArn', roleArn],
      ['RoleSessionName', `aws-go-sdk-${Date.now()}`],
      ['Version', '2011-06-15'],
    ];
    if (externalId !== '') params.push(['ExternalId', externalId]);
    const body = goEncodeValues(params);
    const res = await signedPost(this.#http, url, body, { region, service: 'sts', credentials: base, userAgent: this.#userAgent }, signal);
    if (res.statusCode < 200 || res.statusCode >= 300) {
      const detail = xmlText(res.body, 'Message') ?? '';
      throw new NotifyError(`assume role ${roleArn}: unexpected status code ${res.statusCode}${detail === '' ? '' : `: ${detail.slice(0, 1024)}`}`, {
        retryable: true,
        statusCode: res.statusCode,
      });
    }
    const accessKeyId = xmlText(res.body, 'AccessKeyId');
    const secretAccessKey = xmlText(res.body, 'SecretAccessKey');
    const sessionToken = xmlText(res.body, 'SessionToken');
    const expiration = Date.parse(xmlText(res.body, 'Expiration') ?? '');
    if (!accessKeyId || !secretAccessKey || !sessionToken || Number.isNaN(expiration)) {
      throw new NotifyError(`assume role ${roleArn}: no credentials in the answer`, { retryable: true });
    }
    return { accessKeyId, secretAccessKey, sessionToken, expiresAt: expiration };
  }
}

// `[profile]` keys of ~/.aws/credentials (or AWS_SHARED_CREDENTIALS_FILE).
async function sharedCredentials(profile: string): Promise<AwsCredentials> {
  const file = process.env['AWS_SHARED_CREDENTIALS_FILE'] ?? join(homedir(), '.aws', 'credentials');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new NotifyError('failed to retrieve AWS credentials: no static keys, environment credentials or shared credentials file', { retryable: true });
  }
  const values: Record<string, string> = {};
  let section = '';
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    const header = /^\[\s*(.+?)\s*\]$/.exec(line);
    if (header !== null) section = header[1] as string;
    else if (section === profile && line.includes('=') && !line.startsWith('#') && !line.startsWith(';')) {
      const i = line.indexOf('=');
      values[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
    }
  }
  const id = values['aws_access_key_id'];
  const secret = values['aws_secret_access_key'];
  if (!id || !secret) throw new NotifyError(`failed to retrieve AWS credentials: profile ${JSON.stringify(profile)} has no keys`, { retryable: true });
  const token = values['aws_session_token'];
  return { accessKeyId: id, secretAccessKey: secret, ...(token ? { sessionToken: token } : {}) };
}
