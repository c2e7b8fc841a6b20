import { stat } from 'node:fs/promises';
import bcrypt from 'bcryptjs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from '../common/logger.ts';
import { loadWebConfig } from './web-config.ts';
import type { WebConfig } from './web-config.ts';

/** Compared against when the user is unknown, so a wrong name costs as much as a wrong password. */
const DUMMY_HASH = '$2y$10$QOauhQNbBCuQDKes6eFzPeMqBSjb7Mr5DUmpZ/VcEd00UAV/LDeSi';
const CACHE_LIMIT = 1000;
const RECHECK_MS = 1000;

/**
 * The web configuration file, re-read when it changes (exporter-toolkit re-reads it on every
 * request; here its mtime is checked at most once a second), so users and headers change live.
 */
export class WebConfigWatcher {
  readonly #path: string;
  readonly #onChange: (config: WebConfig) => void;
  #config: WebConfig;
  #mtimeMs = -1;
  #checkedAt = 0;
  #broken: Error | undefined;

  private constructor(path: string, config: WebConfig, mtimeMs: number, onChange: (config: WebConfig) => void) {
    this.#path = path;
    this.#config = config;
    this.#mtimeMs = mtimeMs;
    this.#onChange = onChange;
  }

  static async open(path: string, onChange: (config: WebConfig) => void = () => undefined): Promise<WebConfigWatcher> {
    const config = await loadWebConfig(path);
    const { mtimeMs } = await stat(path);
    return new WebConfigWatcher(path, config, mtimeMs, onChange);
  }

  get config(): WebConfig {
    return this.#config;
  }

  /** The configuration to apply to a request; throws while the file on disk is invalid. */
  async current(now = Date.now()): Promise<WebConfig> {
    if (now - this.#checkedAt >= RECHECK_MS) {
      this.#checkedAt = now;
      const mtimeMs = await stat(this.#path).then((s) => s.mtimeMs, () => -1);
      if (mtimeMs !== this.#mtimeMs) {
        this.#mtimeMs = mtimeMs;
        try {
          this.#config = await loadWebConfig(this.#path);
          this.#broken = undefined;
          this.#onChange(this.#config);
        } catch (err) {
          this.#broken = err as Error;
        }
      }
    }
    if (this.#broken !== undefined) throw this.#broken;
    return this.#config;
  }
}

/** A fastify onRequest hook: headers, rate limit and basic auth from the web configuration. */
export function webGuard(watcher: WebConfigWatcher, logger: Logger): (req: FastifyRequest, reply: FastifyReply) => Promise<unknown> {
  const cache = new Map<string, boolean>();
  const buckets = new Map<WebConfig, TokenBucket>();
  return async (req, reply) => {
    let config: WebConfig;
    try {
      config = await watcher.current();
    } catch (err) {
      logger.error('Unable to parse configuration', { err });
      return plain(reply, 500, 'Internal Server Error');
    }
    if (config.rateLimit !== undefined) {
      let bucket = buckets.get(config);
      if (bucket === undefined) {
        buckets.clear();
        bucket = new TokenBucket(config.rateLimit.burst, config.rateLimit.intervalMs);
        buckets.set(config, bucket);
      }
      if (!bucket.take()) return plain(reply, 429, 'Too Many Requests');
    }
    for (const [name, value] of Object.entries(config.headers)) reply.header(name, value);
    if (config.users.size === 0) return;
    const credentials = parseBasicAuth(req.headers.authorization);
    if (credentials !== undefined) {
      const known = config.users.get(credentials.user);
      const hash = known ?? DUMMY_HASH;
      const key = JSON.stringify([credentials.user, hash, credentials.password]);
      let ok = cache.get(key);
      if (ok === undefined) {
        ok = known !== undefined && (await bcrypt.compare(credentials.password, hash));
        if (cache.size >= CACHE_LIMIT) cache.clear();
        cache.set(key, ok);
      }
      if (ok) return;
    }
    reply.header('WWW-Authenticate', 'Basic');
    return plain(reply, 401, 'Unauthorized');
  };
}

function plain(reply: FastifyReply, status: number, text: string): FastifyReply {
  return reply.code(status).type('text/plain; charset=utf-8').header('X-Content-Type-Options', 'nosniff').send(`${text}\n`);
}

function parseBasicAuth(header: string | undefined): { user: string; password: string } | undefined {
  if (header === undefined || !/^basic /i.test(header)) return undefined;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** golang.org/x/time/rate's limiter: one token per interval, at most `burst` saved up. */
class TokenBucket {
  readonly #burst: number;
  readonly #intervalMs: number;
  #tokens: number;
  #at = Date.now();

  constructor(burst: number, intervalMs: number) {
    this.#burst = burst;
    this.#intervalMs = intervalMs;
    this.#tokens = burst;
  }

  take(now = Date.now()): boolean {
    this.#tokens = Math.min(this.#burst, this.#tokens + (now - this.#at) / this.#intervalMs);
    this.#at = now;
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }
}
