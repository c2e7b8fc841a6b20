import { AmValidationError } from '../errors.ts';
import { goQuote } from '../../labels/go-quote.ts';
import { isSet } from '../secret.ts';
import type { Authorization, BasicAuth, HttpClientConfig, OAuth2Config, TlsConfig } from '../types.ts';
import { anyUrl, secret, secretList, tlsVersion } from './common.ts';
import { any, bool, opt, ptr, req, str, strList, strMap, struct } from './kinds.ts';
import type { FieldDef, Kind, StructDef } from './kinds.ts';

/** prometheus/common `TLSConfig`. */
export const tlsConfigDef: StructDef = {
  go: 'config.plain',
  fields: [
    opt('ca', str),
    opt('cert', str),
    opt('key', secret),
    opt('ca_file', str),
    opt('cert_file', str),
    opt('key_file', str),
    opt('ca_ref', str),
    opt('cert_ref', str),
    opt('key_ref', str),
    opt('server_name', str),
    req('insecure_skip_verify', bool),
    opt('min_version', tlsVersion),
    opt('max_version', tlsVersion),
  ],
  validate: (v) => validateTls(v as unknown as TlsConfig),
};

function count(...set: boolean[]): number {
  return set.filter(Boolean).length;
}

function validateTls(c: TlsConfig): void {
  if (count(c.ca !== '', c.ca_file !== '', c.ca_ref !== '') > 1) {
    throw new AmValidationError('at most one of ca, ca_file & ca_ref must be configured');
  }
  if (count(c.cert !== '', c.cert_file !== '', c.cert_ref !== '') > 1) {
    throw new AmValidationError('at most one of cert, cert_file & cert_ref must be configured');
  }
  if (count(isSet(c.key), c.key_file !== '', c.key_ref !== '') > 1) {
    throw new AmValidationError('at most one of key and key_file must be configured');
  }
  const usingCert = c.cert !== '' || c.cert_file !== '' || c.cert_ref !== '';
  const usingKey = isSet(c.key) || c.key_file !== '' || c.key_ref !== '';
  if (usingCert && !usingKey) {
    throw new AmValidationError('exactly one of key or key_file must be configured when a client certificate is configured');
  }
  if (usingKey && !usingCert) {
    throw new AmValidationError('exactly one of cert or cert_file must be configured when a client key is configured');
  }
}

export const tlsConfig: Kind = struct(tlsConfigDef);

const proxyFields: FieldDef[] = [
  opt('proxy_url', anyUrl),
  opt('no_proxy', str),
  opt('proxy_from_environment', bool),
  opt('proxy_connect_header', { t: 'map', value: secretList, go: 'config.ProxyHeader' }),
];

interface ProxyConfig {
  proxy_url?: string;
  no_proxy: string;
  proxy_from_environment: boolean;
  proxy_connect_header?: Record<string, unknown>;
}

function validateProxy(c: ProxyConfig): void {
  const hasUrl = c.proxy_url !== undefined && c.proxy_url !== '';
  if (Object.keys(c.proxy_connect_header ?? {}).length > 0 && !c.proxy_from_environment && !hasUrl) {
    throw new AmValidationError(
      'if proxy_connect_header is configured, proxy_url or proxy_from_environment must also be configured',
    );
  }
  if (c.proxy_from_environment && hasUrl) {
    throw new AmValidationError('if proxy_from_environment is configured, proxy_url must not be configured');
  }
  if (c.proxy_from_environment && c.no_proxy !== '') {
    throw new AmValidationError('if proxy_from_environment is configured, no_proxy must not be configured');
  }
  if (c.proxy_url === undefined && c.no_proxy !== '') {
    throw new AmValidationError('if no_proxy is configured, proxy_url must also be configured');
  }
}

const basicAuthDef: StructDef = {
  go: 'config.plain',
  fields: [
    opt('username', str),
    opt('username_file', str),
    opt('username_ref', str),
    opt('password', secret),
    opt('password_file', str),
    opt('password_ref', str),
  ],
  validate: () => {},
};

const authorizationDef: StructDef = {
  go: 'config.Authorization',
  fields: [opt('type', str), opt('credentials', secret), opt('credentials_file', str), opt('credentials_ref', str)],
};

const oauth2Def: StructDef = {
  go: 'config.plain',
  fields: [
    opt('client_id', str),
    opt('client_secret', secret),
    opt('client_secret_file', str),
    opt('client_secret_ref', str),
    opt('client_certificate_key_id', str),
    opt('client_certificate_key', secret),
    opt('client_certificate_key_file', str),
    opt('client_certificate_key_ref', str),
    opt('grant_type', str),
    opt('signature_algorithm', str),
    opt('iss', str),
    opt('audience', str),
    opt('claims', { t: 'map', value: any, go: 'map[string]interface {}' }),
    opt('scopes', strList),
    opt('token_url', str),
    opt('endpoint_params', strMap),
    opt('tls_config', tlsConfig),
    ...proxyFields,
  ],
  validate: (v) => validateProxy(v as unknown as ProxyConfig),
};

const headerDef: StructDef = {
  go: 'config.Header',
  fields: [opt('values', strList), opt('secrets', secretList), opt('files', strList)],
};

// Go's http.CanonicalHeaderKey of the headers prometheus/common refuses to set.
const RESERVED_HEADERS = new Set([
  'Authorization',
  'Host',
  'Content-Encoding',
  'Content-Length',
  'Content-Type',
  'User-Agent',
  'Connection',
  'Keep-Alive',
  'Proxy-Authenticate',
  'Proxy-Authorization',
  'Www-Authenticate',
  'Accept-Encoding',
  'X-Prometheus-Remote-Write-Version',
  'X-Prometheus-Remote-Read-Version',
  'X-Prometheus-Scrape-Timeout-Seconds',
  'X-Amz-Date',
  'X-Amz-Security-Token',
  'X-Amz-Content-Sha256',
]);

/** Go's `textproto.CanonicalMIMEHeaderKey` (keys with spaces or odd bytes stay as they are). */
export function canonicalHeaderKey(key: string): string {
  if (!/^[A-Za-z0-9!#$%&'*+\-.^_`|~]+$/.test(key)) return key;
  return key.toLowerCase().replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase());
}

export const httpHeaders: Kind = {
  t: 'struct',
  def: {
    go: 'config.Headers',
    fields: [],
    inlineMap: struct(headerDef),
    defaults: () => ({}),
    validate: (v) => {
      for (const name of Object.keys(v)) {
        const canonical = canonicalHeaderKey(name);
        if (RESERVED_HEADERS.has(canonical)) {
          throw new AmValidationError(`setting header ${goQuote(canonical)} is not allowed`);
        }
      }
    },
  },
};

/** prometheus/common `DefaultHTTPClientConfig`. */
export function defaultHttpConfig(): Record<string, unknown> {
  return { bearer_token_file: '', tls_config: zeroTls(), follow_redirects: true, enable_http2: true, no_proxy: '', proxy_from_environment: false };
}

function zeroTls(): TlsConfig {
  return {
    ca: '',
    cert: '',
    ca_file: '',
    cert_file: '',
    key_file: '',
    ca_ref: '',
    cert_ref: '',
    key_ref: '',
    server_name: '',
    insecure_skip_verify: false,
  };
}

export const httpClientConfigDef: StructDef = {
  go: 'config.plain',
  fields: [
    opt('basic_auth', ptr(struct(basicAuthDef))),
    opt('authorization', ptr(struct(authorizationDef))),
    opt('oauth2', ptr(struct(oauth2Def))),
    opt('bearer_token', secret),
    opt('bearer_token_file', str),
    opt('tls_config', tlsConfig),
    req('follow_redirects', bool),
    req('enable_http2', bool),
    ...proxyFields,
    opt('http_headers', ptr(httpHeaders)),
  ],
  defaults: defaultHttpConfig,
  validate: (v) => validateHttpClient(v as unknown as HttpClientConfig),
};

export const httpConfig: Kind = ptr(struct(httpClientConfigDef));

/** prometheus/common `HTTPClientConfig.Validate`, which also moves bearer_token into authorization. */
function validateHttpClient(c: HttpClientConfig): void {
  const bearer = isSet(c.bearer_token);
  if (bearer && c.bearer_token_file !== '') {
    throw new AmValidationError('at most one of bearer_token & bearer_token_file must be configured');
  }
  if ((c.basic_auth !== undefined || c.oauth2 !== undefined) && (bearer || c.bearer_token_file !== '')) {
    throw new AmValidationError('at most one of basic_auth, oauth2, bearer_token & bearer_token_file must be configured');
  }
  const ba: BasicAuth | undefined = c.basic_auth;
  if (ba && count(ba.username !== '', ba.username_file !== '', ba.username_ref !== '') > 1) {
    throw new AmValidationError('at most one of basic_auth username, username_file & username_ref must be configured');
  }
  if (ba && count(isSet(ba.password), ba.password_file !== '', ba.password_ref !== '') > 1) {
    throw new AmValidationError('at most one of basic_auth password, password_file & password_ref must be configured');
  }
  const auth: Authorization | undefined = c.authorization;
  if (auth) {
    if (bearer || c.bearer_token_file !== '') {
      throw new AmValidationError('authorization is not compatible with bearer_token & bearer_token_file');
    }
    if (count(isSet(auth.credentials), auth.credentials_file !== '', auth.credentials_ref !== '') > 1) {
      throw new AmValidationError('at most one of authorization credentials & credentials_file must be configured');
    }
    auth.type = auth.type.trim();
    if (auth.type === '') auth.type = 'Bearer';
    if (auth.type.toLowerCase() === 'basic') {
      throw new AmValidationError('authorization type cannot be set to "basic", use "basic_auth" instead');
    }
    if (c.basic_auth !== undefined || c.oauth2 !== undefined) {
      throw new AmValidationError('at most one of basic_auth, oauth2 & authorization must be configured');
    }
  } else {
    if (bearer) {
      c.authorization = { type: 'Bearer', credentials: c.bearer_token, credentials_file: '', credentials_ref: '' };
      delete c.bearer_token;
    }
    if (c.bearer_token_file !== '') {
      c.authorization = { type: 'Bearer', credentials_file: c.bearer_token_file, credentials_ref: '' };
      c.bearer_token_file = '';
    }
  }
  const o: OAuth2Config | undefined = c.oauth2;
  if (o) {
    if (c.basic_auth !== undefined) {
      throw new AmValidationError('at most one of basic_auth, oauth2 & authorization must be configured');
    }
    if (o.client_id === '') throw new AmValidationError('oauth2 client_id must be configured');
    if (o.token_url === '') throw new AmValidationError('oauth2 token_url must be configured');
    if (o.grant_type === 'urn:ietf:params:oauth:grant-type:jwt-bearer') {
      if (count(isSet(o.client_certificate_key), o.client_certificate_key_file !== '', o.client_certificate_key_ref !== '') > 1) {
        throw new AmValidationError(
          'at most one of oauth2 client_certificate_key, client_certificate_key_file & client_certificate_key_ref must be configured using grant-type=urn:ietf:params:oauth:grant-type:jwt-bearer',
        );
      }
      if (o.signature_algorithm !== '' && !['RS256', 'RS384', 'RS512'].includes(o.signature_algorithm)) {
        throw new AmValidationError('valid signature algorithms are RS256, RS384 and RS512');
      }
    } else if (count(isSet(o.client_secret), o.client_secret_file !== '', o.client_secret_ref !== '') > 1) {
      throw new AmValidationError(
        'at most one of oauth2 client_secret, client_secret_file & client_secret_ref must be configured using grant-type=client_credentials',
      );
    }
  }
  validateProxy(c);
}
