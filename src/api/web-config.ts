import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import { isMap, isScalar, isSeq } from 'yaml';
import type { Node, YAMLMap } from 'yaml';
import { parseGoDuration } from '../config/go-duration.ts';
import { parseYamlV2 } from '../config/yaml-v2-parse.ts';

/** What exporter-toolkit's `--web.config.file` asks for, resolved and validated. */
export interface WebConfig {
  tls?: WebTlsConfig;
  /** username -> bcrypt hash; empty when basic auth is off. */
  users: Map<string, string>;
  headers: Record<string, string>;
  http2: boolean;
  rateLimit?: { burst: number; intervalMs: number };
}

export type ClientAuthType =
  | 'NoClientCert'
  | 'RequestClientCert'
  | 'RequireAnyClientCert'
  | 'VerifyClientCertIfGiven'
  | 'RequireAndVerifyClientCert';

export interface WebTlsConfig {
  cert: string;
  key: string;
  clientCa?: string;
  clientAuth: ClientAuthType;
  minVersion: TlsVersion;
  maxVersion: TlsVersion;
  clientAllowedSans?: string[];
  /** OpenSSL names for Go's `cipher_suites` (TLS 1.2 and below; Go ignores them for 1.3 too). */
  ciphers?: string[];
  /** Node `ecdhCurve` names for Go's `curve_preferences`. */
  curves?: string[];
  preferServerCipherSuites: boolean;
}

type TlsVersion = 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';

/** Go's crypto/tls suite names (as exporter-toolkit accepts them) to OpenSSL's. */
const CIPHERS: Record<string, string> = {
  TLS_RSA_WITH_AES_128_CBC_SHA: 'AES128-SHA',
  TLS_RSA_WITH_AES_256_CBC_SHA: 'AES256-SHA',
  TLS_RSA_WITH_AES_128_GCM_SHA256: 'AES128-GCM-SHA256',
  TLS_RSA_WITH_AES_256_GCM_SHA384: 'AES256-GCM-SHA384',
  TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA: 'ECDHE-ECDSA-AES128-SHA',
  TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA: 'ECDHE-ECDSA-AES256-SHA',
  TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA: 'ECDHE-RSA-AES128-SHA',
  TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA: 'ECDHE-RSA-AES256-SHA',
  TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256: 'ECDHE-ECDSA-AES128-GCM-SHA256',
  TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384: 'ECDHE-ECDSA-AES256-GCM-SHA384',
  TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256: 'ECDHE-RSA-AES128-GCM-SHA256',
  TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384: 'ECDHE-RSA-AES256-GCM-SHA384',
  TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256: 'ECDHE-ECDSA-CHACHA20-POLY1305',
  TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256: 'ECDHE-RSA-CHACHA20-POLY1305',
  TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256: 'ECDHE-ECDSA-AES128-SHA256',
  TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256: 'ECDHE-RSA-AES128-SHA256',
  TLS_RSA_WITH_AES_128_CBC_SHA256: 'AES128-SHA256',
};

const CURVES: Record<string, string> = { CurveP256: 'P-256', CurveP384: 'P-384', CurveP521: 'P-521', X25519: 'X25519' };

const BCRYPT_HASH = /^\$2[abxy]?\$\d\d\$[./A-Za-z0-9]{53}$/;

const TLS_VERSIONS: Record<string, TlsVersion> = { TLS10: 'TLSv1', TLS11: 'TLSv1.1', TLS12: 'TLSv1.2', TLS13: 'TLSv1.3' };

const CLIENT_AUTH: Record<string, ClientAuthType> = {
  '': 'NoClientCert',
  NoClientCert: 'NoClientCert',
  RequestClientCert: 'RequestClientCert',
  RequireClientCert: 'RequireAnyClientCert',
  RequireAnyClientCert: 'RequireAnyClientCert',
  VerifyClientCertIfGiven: 'VerifyClientCertIfGiven',
  RequireAndVerifyClientCert: 'RequireAndVerifyClientCert',
};

/** Headers exporter-toolkit lets a web config set, with their allowed values (any when empty). */
const SETTABLE_HEADERS: Record<string, string[]> = {
  'Strict-Transport-Security': [],
  'X-Content-Type-Options': ['nosniff'],
  'X-Frame-Options': ['deny', 'sameorigin'],
  'X-XSS-Protection': [],
  'Content-Security-Policy': [],
};

const KEYS: Record<string, readonly string[]> = {
  '': ['tls_server_config', 'http_server_config', 'rate_limit', 'basic_auth_users'],
  tls_server_config: [
    'cert',
    'key',
    'client_ca',
    'cert_file',
    'key_file',
    'client_auth_type',
    'client_ca_file',
    'cipher_suites',
    'curve_preferences',
    'min_version',
    'max_version',
    'prefer_server_cipher_suites',
    'client_allowed_sans',
  ],
  http_server_config: ['http2', 'headers'],
  rate_limit: ['burst', 'interval'],
};

/**
 * Reads and validates a web configuration file as exporter-toolkit does: strict keys, bcrypt
 * hashes, allowed headers, TLS material readable and consistent, relative paths from the file's
 * directory. @throws {Error} prefixed with the file name.
 */
export async function loadWebConfig(path: string): Promise<WebConfig> {
  const text = await readFile(path, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new Error(`open ${path}: ${err.code === 'ENOENT' ? 'no such file or directory' : err.message}`);
  });
  try {
    return await parseWebConfig(text, dirname(path));
  } catch (err) {
    throw new Error(`${path}: ${(err as Error).message}`);
  }
}

/** Parses web configuration text; relative file paths are taken from `baseDir`. */
export async function parseWebConfig(text: string, baseDir: string): Promise<WebConfig> {
  const { doc, lineCounter } = parseYamlV2(text, { uniqueKeys: true });
  if (doc !== undefined && doc.errors.length > 0) throw new Error(`yaml: ${doc.errors[0]?.message ?? 'invalid document'}`);
  const line = (node: Node | null | undefined): number => lineCounter.linePos(node?.range?.[0] ?? 0).line;
  const root = doc?.contents ?? null;
  const config: WebConfig = { users: new Map(), headers: {}, http2: true };
  if (root === null || (isScalar(root) && (root.value === '' || root.value === null))) return config;
  const top = asMap(root, '', line);

  const tlsNode = top.get('tls_server_config', true) as Node | undefined;
  if (tlsNode !== undefined && !isEmpty(tlsNode)) config.tls = await parseTls(asMap(tlsNode, 'tls_server_config', line), baseDir, line);

  const httpNode = top.get('http_server_config', true) as Node | undefined;
  if (httpNode !== undefined && !isEmpty(httpNode)) {
    const http = asMap(httpNode, 'http_server_config', line);
    const http2 = str(http, 'http2');
    if (http2 !== undefined) config.http2 = parseBool(http2, 'http2');
    const headers = http.get('headers', true) as Node | undefined;
    if (headers !== undefined && !isEmpty(headers)) {
      for (const [name, value] of stringPairs(headers, 'headers', line)) {
        const allowed = SETTABLE_HEADERS[name];
        if (allowed === undefined) throw new Error(`HTTP header "${name}" can not be configured`);
        if (allowed.length > 0 && !allowed.includes(value)) {
          throw new Error(`invalid value for ${name}. Expected one of: [${allowed.map((v) => `"${v}"`).join(' ')}], but got: "${value}"`);
        }
        config.headers[name] = value;
      }
    }
  }

  const usersNode = top.get('basic_auth_users', true) as Node | undefined;
  if (usersNode !== undefined && !isEmpty(usersNode)) {
    for (const [user, hash] of stringPairs(usersNode, 'basic_auth_users', line)) {
      if (!BCRYPT_HASH.test(hash)) throw new Error(`basic_auth_users: the password of user "${user}" is not a bcrypt hash`);
      config.users.set(user, hash);
    }
  }

  const rateNode = top.get('rate_limit', true) as Node | undefined;
  if (rateNode !== undefined && !isEmpty(rateNode)) {
    const rate = asMap(rateNode, 'rate_limit', line);
    const interval = str(rate, 'interval');
    const burst = Number(str(rate, 'burst') ?? '0');
    const intervalMs = interval === undefined ? 0 : parseGoDuration(interval);
    if (!Number.isInteger(burst)) throw new Error(`rate_limit: burst must be an integer`);
    if (intervalMs > 0) config.rateLimit = { burst, intervalMs };
  }
  return config;
}

async function parseTls(map: YAMLMap, baseDir: string, line: (n: Node) => number): Promise<WebTlsConfig> {
  const path = (key: string): string | undefined => {
    const value = str(map, key);
    return value === undefined || value === '' ? undefined : isAbsolute(value) ? value : join(baseDir, value);
  };
  const certFile = path('cert_file');
  const keyFile = path('key_file');
  const caFile = path('client_ca_file');
  const certText = str(map, 'cert') ?? '';
  const keyText = str(map, 'key') ?? '';
  const caText = str(map, 'client_ca') ?? '';
  const authText = str(map, 'client_auth_type') ?? '';
  if (certFile === undefined && certText === '') throw new Error('missing one of cert or cert_file');
  if (keyFile === undefined && keyText === '') throw new Error('missing one of key or key_file');
  const read = async (file: string, what: string): Promise<string> =>
    readFile(file, 'utf8').catch((err: Error) => {
      throw new Error(`failed to read ${what} (${file}): ${err.message}`);
    });
  const clientAuth = CLIENT_AUTH[authText];
  if (clientAuth === undefined) throw new Error(`invalid ClientAuth: ${authText}`);
  const clientCa = caFile !== undefined ? await read(caFile, 'client_ca_file') : caText === '' ? undefined : caText;
  if (clientCa !== undefined && clientAuth === 'NoClientCert') {
    throw new Error("client CA's have been configured without a Client Auth Policy");
  }
  const version = (key: string, dflt: TlsVersion): TlsVersion => {
    const v = str(map, key);
    if (v === undefined) return dflt;
    const parsed = TLS_VERSIONS[v];
    if (parsed === undefined) throw new Error(`unknown TLS version: ${v}`);
    return parsed;
  };
  const sansNode = map.get('client_allowed_sans', true) as Node | undefined;
  const names = (key: string, table: Record<string, string>, what: string): string[] | undefined => {
    const node = map.get(key, true) as Node | undefined;
    if (node === undefined || !isSeq(node)) return undefined;
    return node.items.map((item) => {
      const name = isScalar(item) ? String(item.value) : '';
      const mapped = table[name];
      if (mapped === undefined) throw new Error(`unknown ${what}: ${name}`);
      return mapped;
    });
  };
  const ciphers = names('cipher_suites', CIPHERS, 'cipher');
  const curves = names('curve_preferences', CURVES, 'curve');
  const prefer = str(map, 'prefer_server_cipher_suites');
  const tls: WebTlsConfig = {
    cert: certFile !== undefined ? await read(certFile, 'cert_file') : certText,
    key: keyFile !== undefined ? await read(keyFile, 'key_file') : keyText,
    clientAuth,
    minVersion: version('min_version', 'TLSv1.2'),
    maxVersion: version('max_version', 'TLSv1.3'),
    preferServerCipherSuites: prefer === undefined ? true : parseBool(prefer, 'prefer_server_cipher_suites'),
  };
  if (ciphers !== undefined) tls.ciphers = ciphers;
  if (curves !== undefined) tls.curves = curves;
  if (clientCa !== undefined) tls.clientCa = clientCa;
  if (sansNode !== undefined && isSeq(sansNode)) {
    tls.clientAllowedSans = sansNode.items.map((item) => {
      if (!isScalar(item)) throw new Error(`line ${line(item as Node)}: client_allowed_sans must be a list of strings`);
      return String(item.value);
    });
  }
  return tls;
}

function isEmpty(node: Node): boolean {
  return isScalar(node) && (node.value === null || node.value === '');
}

function asMap(node: Node, path: string, line: (n: Node) => number): YAMLMap {
  if (!isMap(node)) throw new Error(`line ${line(node)}: ${path === '' ? 'the document' : path} must be a mapping`);
  const allowed = KEYS[path];
  if (allowed !== undefined) {
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      if (!allowed.includes(key)) throw new Error(`line ${line(pair.key as Node)}: field ${key} not found in ${path === '' ? 'web config' : path}`);
    }
  }
  return node;
}

function str(map: YAMLMap, key: string): string | undefined {
  const value = map.get(key, true) as Node | undefined;
  if (value === undefined || !isScalar(value) || value.value === null) return undefined;
  return String(value.value);
}

function stringPairs(node: Node, path: string, line: (n: Node) => number): [string, string][] {
  if (!isMap(node)) throw new Error(`line ${line(node)}: ${path} must be a mapping`);
  return node.items.map((pair) => {
    if (!isScalar(pair.key) || !isScalar(pair.value)) throw new Error(`line ${line(pair.key as Node)}: ${path} values must be strings`);
    return [String(pair.key.value), String(pair.value.value)];
  });
}

function parseBool(text: string, key: string): boolean {
  if (['true', 'True', 'TRUE', 'yes', 'on'].includes(text)) return true;
  if (['false', 'False', 'FALSE', 'no', 'off'].includes(text)) return false;
  throw new Error(`${key}: cannot unmarshal ${JSON.stringify(text)} into bool`);
}
