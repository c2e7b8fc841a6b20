import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import { httpClientConfigDef } from '../../config/schema/http.ts';
import { struct } from '../../config/schema/kinds.ts';
import type { HttpClientConfig, TlsConfig } from '../../config/types.ts';
import { YamlDecoder } from '../../config/yaml-decode.ts';
import { parseYamlV2 } from '../../config/yaml-v2-parse.ts';

function under(dir: string, p: string): string {
  return p !== '' && !isAbsolute(p) ? join(dir, p) : p;
}

function resolveTls(dir: string, t: TlsConfig | undefined): void {
  if (t === undefined) return;
  t.ca_file = under(dir, t.ca_file);
  t.cert_file = under(dir, t.cert_file);
  t.key_file = under(dir, t.key_file);
}

// An empty document decodes to undefined; prometheus/common then uses the defaults.
function decode(source: string, path: string): HttpClientConfig | undefined {
  const { doc, lineCounter } = parseYamlV2(source);
  if (doc === undefined) return undefined;
  const syntax = doc.errors[0];
  if (syntax !== undefined) throw new Error(`yaml: ${syntax.message}`);
  const decoder = new YamlDecoder(doc, lineCounter, path, { matcherMode: 'fallback', warn: () => {} });
  return decoder.decodeRoot(struct(httpClientConfigDef)) as HttpClientConfig | undefined;
}

/**
 * Loads `--http.config.file` as prometheus/common `LoadHTTPConfigFile` does: an `http_config`
 * block as the whole document, validated, with file paths relative to the file's directory.
 * @throws {Error} when the file cannot be read, decoded or validated.
 */
export async function loadHttpConfigFile(path: string): Promise<HttpClientConfig> {
  const config = decode(await readFile(path, 'utf8'), path) ?? (decode('{}', path) as HttpClientConfig);
  const dir = dirname(path);
  resolveTls(dir, config.tls_config);
  if (config.basic_auth) {
    config.basic_auth.password_file = under(dir, config.basic_auth.password_file);
    config.basic_auth.username_file = under(dir, config.basic_auth.username_file);
  }
  if (config.authorization) config.authorization.credentials_file = under(dir, config.authorization.credentials_file);
  if (config.oauth2) {
    config.oauth2.client_secret_file = under(dir, config.oauth2.client_secret_file);
    resolveTls(dir, config.oauth2.tls_config);
  }
  config.bearer_token_file = under(dir, config.bearer_token_file);
  return config;
}
