import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import { visit } from 'yaml';
import type { Document, LineCounter } from 'yaml';
import type { MatcherMode } from '../labels/parse.ts';
import { ConfigError } from './errors.ts';
import { goGlob } from './glob.ts';
import { configDef } from './schema/config.ts';
import type { Config, HttpClientConfig, TlsConfig } from './types.ts';
import { validateConfig } from './validate.ts';
import { YamlDecoder } from './yaml-decode.ts';
import { yamlSyntaxError } from './yaml-syntax.ts';
import { parseYamlV2 } from './yaml-v2-parse.ts';

export interface LoadOptions {
  /** How route and inhibit-rule matchers are parsed; Alertmanager's default is 'fallback'. */
  matcherMode?: MatcherMode;
  /** Receives Alertmanager's warnings (e.g. matchers only the classic parser accepts). */
  onWarning?: (message: string) => void;
}

export interface LoadedConfig {
  config: Config;
  /** The file's text, byte for byte; what `alertmanager_config_hash` is computed from. */
  source: string;
  path: string;
  /** `config.templates` expanded (Go filepath.Glob), in order. */
  templateFiles: string[];
}

/**
 * Loads an alertmanager.yml as Alertmanager's `config.LoadFile` does: strict YAML decoding,
 * defaults, inheritance and validation, then relative paths joined with the file's directory.
 * @throws {ConfigError} with Alertmanager's message and the file, line, column and key at fault.
 */
export async function loadConfigFile(path: string, opts: LoadOptions = {}): Promise<LoadedConfig> {
  let source: string;
  try {
    source = await readFile(path, 'utf8');
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const reason = e.code === 'ENOENT' ? 'no such file or directory' : e.code === 'EISDIR' ? 'is a directory' : e.message;
    throw new ConfigError(`open ${path}: ${reason}`, { file: path, line: 0, column: 0, key: '' });
  }
  return loadConfigString(source, { ...opts, filename: path, baseDir: dirname(path) });
}

/** Like loadConfigFile for text already in memory; `baseDir` anchors relative paths. */
export async function loadConfigString(
  source: string,
  opts: LoadOptions & { filename: string; baseDir: string },
): Promise<LoadedConfig> {
  const config = parseConfig(source, opts);
  resolveFilepaths(opts.baseDir, config);
  const templateFiles: string[] = [];
  for (const pattern of config.templates ?? []) {
    try {
      templateFiles.push(...(await goGlob(pattern)));
    } catch {
      // A malformed pattern fails template parsing later, as in Alertmanager.
    }
  }
  return { config, source, path: opts.filename, templateFiles };
}

/** Alertmanager's `config.Load`: the text to a validated Config, paths left as written. */
export function parseConfig(source: string, opts: LoadOptions & { filename: string }): Config {
  const file = opts.filename;
  const { doc, lineCounter, text } = parseYamlV2(source);
  const noDoc = (): never => {
    throw new ConfigError('no route provided in config', { file, line: 0, column: 0, key: '' });
  };
  if (doc === undefined) return noDoc();
  const syntax = doc.errors[0];
  if (syntax) throw yamlSyntaxError(syntax, text, file, lineCounter);
  checkAnchors(doc, file, lineCounter);

  const decoder = new YamlDecoder(doc, lineCounter, file, {
    matcherMode: opts.matcherMode ?? 'fallback',
    warn: opts.onWarning ?? (() => {}),
  });
  const def = configDef((v) => validateConfig(v as unknown as Config));
  const config = decoder.decodeRoot({ t: 'struct', def }) as Config | undefined;
  if (config?.route === undefined) return noDoc();
  if (config.route.continue) {
    const at = decoder.origins.get(config.route);
    const key = at?.keys.get('continue')?.key ?? at?.node ?? null;
    throw decoder.error('cannot have continue in root route', key, 'route.continue');
  }
  return config;
}

/** yaml.v2 resolves aliases while parsing, so an unknown anchor fails before any decoding. */
function checkAnchors(doc: Document.Parsed, file: string, lc: LineCounter): void {
  visit(doc, {
    Alias(_key, node) {
      if (node.resolve(doc) === undefined) {
        const { line, col } = lc.linePos(node.range?.[0] ?? 0);
        throw new ConfigError(`yaml: unknown anchor '${node.source}' referenced`, { file, line, column: col, key: '' });
      }
    },
  });
}

function joinDir(dir: string, p: string): string {
  return p !== '' && !isAbsolute(p) ? join(dir, p) : p;
}

/** Alertmanager's `resolveFilepaths`: templates, http_config files and event-recorder paths. */
function resolveFilepaths(dir: string, cfg: Config): void {
  cfg.templates = (cfg.templates ?? []).map((t) => joinDir(dir, t));
  const tls = (t: TlsConfig | undefined): void => {
    if (!t) return;
    t.ca_file = joinDir(dir, t.ca_file);
    t.cert_file = joinDir(dir, t.cert_file);
    t.key_file = joinDir(dir, t.key_file);
  };
  const seen = new Set<HttpClientConfig>();
  const http = (h: HttpClientConfig | undefined): void => {
    if (!h || seen.has(h)) return;
    seen.add(h);
    tls(h.tls_config);
    if (h.basic_auth) {
      h.basic_auth.password_file = joinDir(dir, h.basic_auth.password_file);
      h.basic_auth.username_file = joinDir(dir, h.basic_auth.username_file);
    }
    if (h.authorization) h.authorization.credentials_file = joinDir(dir, h.authorization.credentials_file);
    if (h.oauth2) {
      h.oauth2.client_secret_file = joinDir(dir, h.oauth2.client_secret_file);
      tls(h.oauth2.tls_config);
    }
    for (const header of Object.values(h.http_headers ?? {})) header.files = header.files?.map((f) => joinDir(dir, f));
    h.bearer_token_file = joinDir(dir, h.bearer_token_file);
  };
  http(cfg.global?.http_config);
  for (const rcv of cfg.receivers ?? []) {
    for (const [key, list] of Object.entries(rcv)) {
      if (!key.endsWith('_configs') || key === 'email_configs' || !Array.isArray(list)) continue;
      for (const c of list as ({ http_config?: HttpClientConfig } | undefined)[]) http(c?.http_config);
    }
  }
  for (const out of cfg.event_recorder.file_outputs ?? []) out.path = joinDir(dir, out.path);
  for (const out of cfg.event_recorder.webhook_outputs ?? []) http(out.http_config);
  for (const out of cfg.event_recorder.kafka_outputs ?? []) tls(out.tls_config);
}
