import { readFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { ConnectionOptions, SecureVersion } from 'node:tls';
import type { TlsConfig } from '../config/types.ts';

const TLS_VERSIONS: Readonly<Record<string, SecureVersion>> = {
  TLS10: 'TLSv1',
  TLS11: 'TLSv1.1',
  TLS12: 'TLSv1.2',
  TLS13: 'TLSv1.3',
};

/**
 * Node TLS options equivalent to prometheus/common's `tls_config`: CA, client certificate and
 * key (inline or from files, read now), SNI name, verification and protocol bounds. Files are
 * read when the client is built, i.e. on each config (re)load.
 */
export function tlsConnectionOptions(tls: TlsConfig | undefined): ConnectionOptions {
  const options: ConnectionOptions = {};
  if (tls === undefined) return options;
  const ca = tls.ca !== '' ? tls.ca : readIfSet(tls.ca_file);
  if (ca !== undefined) options.ca = ca;
  const cert = tls.cert !== '' ? tls.cert : readIfSet(tls.cert_file);
  if (cert !== undefined) options.cert = cert;
  const key = tls.key !== undefined && tls.key.reveal() !== '' ? tls.key.reveal() : readIfSet(tls.key_file);
  if (key !== undefined) options.key = key;
  if (tls.server_name !== '') options.servername = tls.server_name;
  if (tls.insecure_skip_verify) options.rejectUnauthorized = false;
  const min = versionOf(tls.min_version, 'min_version');
  // Go's crypto/tls defaults to TLS 1.2 as the minimum for clients.
  options.minVersion = min ?? 'TLSv1.2';
  const max = versionOf(tls.max_version, 'max_version');
  if (max !== undefined) options.maxVersion = max;
  return options;
}

function readIfSet(path: string): string | undefined {
  return path === '' ? undefined : readFileSync(path, 'utf8');
}

function versionOf(value: string | undefined, key: string): SecureVersion | undefined {
  if (value === undefined || value === '') return undefined;
  const v = TLS_VERSIONS[value];
  if (v === undefined) throw new RangeError(`tls_config.${key}: unknown TLS version ${JSON.stringify(value)}`);
  return v;
}

/**
 * A stamp of the TLS files' modification times and sizes; it changes when a file is rotated.
 * Empty when the config names no file.
 */
export async function tlsFilesStamp(tls: TlsConfig | undefined): Promise<string> {
  if (tls === undefined) return '';
  const files = [tls.ca_file, tls.cert_file, tls.key_file].filter((f) => f !== '');
  const parts = await Promise.all(
    files.map(async (f) => {
      try {
        const s = await stat(f);
        return `${f}:${s.mtimeMs}:${s.size}`;
      } catch {
        return `${f}:missing`;
      }
    }),
  );
  return parts.join('|');
}
