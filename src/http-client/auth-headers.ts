import { readFile } from 'node:fs/promises';
import type { HttpClientConfig } from '../config/types.ts';
import { readSecretOrFile } from './secret-file.ts';

/** Request headers as undici takes them: repeated headers as arrays. */
export type HeaderMap = Record<string, string | string[]>;

/**
 * Adds the `Authorization` header that `basic_auth`, `authorization` or the legacy `bearer_token`
 * ask for, reading `*_file` secrets now so rotated files need no reload. OAuth2 is handled by the
 * token source. A header already set by the caller wins, as in prometheus/common.
 */
export async function addAuthorization(config: HttpClientConfig, headers: HeaderMap): Promise<void> {
  if (hasHeader(headers, 'authorization')) return;
  const basic = config.basic_auth;
  if (basic !== undefined) {
    const user = (await readSecretOrFile(basic.username, basic.username_file)) ?? '';
    const password = (await readSecretOrFile(basic.password, basic.password_file)) ?? '';
    headers['authorization'] = `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
    return;
  }
  const auth = config.authorization;
  if (auth !== undefined) {
    const credentials = (await readSecretOrFile(auth.credentials, auth.credentials_file)) ?? '';
    headers['authorization'] = `${auth.type === '' ? 'Bearer' : auth.type} ${credentials}`;
    return;
  }
  const bearer = await readSecretOrFile(config.bearer_token, config.bearer_token_file);
  if (bearer !== undefined) headers['authorization'] = `Bearer ${bearer}`;
}

/** Adds `http_headers`: plain values, secrets and files (read now), in that order. */
export async function addConfiguredHeaders(config: HttpClientConfig, headers: HeaderMap): Promise<void> {
  if (config.http_headers === undefined) return;
  for (const [name, header] of Object.entries(config.http_headers)) {
    const values: string[] = [...(header.values ?? [])];
    for (const secret of header.secrets ?? []) values.push(secret.reveal());
    for (const file of header.files ?? []) values.push((await readFile(file, 'utf8')).trim());
    if (values.length === 0) continue;
    const key = name.toLowerCase();
    const prev = headers[key];
    const merged = prev === undefined ? values : [...(Array.isArray(prev) ? prev : [prev]), ...values];
    headers[key] = merged.length === 1 ? (merged[0] as string) : merged;
  }
}

function hasHeader(headers: HeaderMap, lowerName: string): boolean {
  for (const k of Object.keys(headers)) if (k.toLowerCase() === lowerName) return true;
  return false;
}
