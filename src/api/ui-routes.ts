import { readdir, readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RoutePlugin } from './server.ts';

/** `ui/dist` of the package, from `src/api` (tsx) and from `dist/api` (built) alike. */
const DEFAULT_DIR = fileURLToPath(new URL('../../ui/dist/', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.map': 'application/json',
};

interface StaticFile {
  type: string;
  body: Buffer;
  gzip?: Buffer;
  br?: Buffer;
}

async function loadFile(path: string): Promise<StaticFile | undefined> {
  const body = await readFile(path).catch(() => undefined);
  if (body === undefined) return undefined;
  return {
    type: TYPES[extname(path)] ?? 'application/octet-stream',
    body,
    gzip: await readFile(`${path}.gz`).catch(() => undefined),
    br: await readFile(`${path}.br`).catch(() => undefined),
  };
}

function send(req: FastifyRequest, reply: FastifyReply, file: StaticFile, cacheControl: string): FastifyReply {
  const accept = String(req.headers['accept-encoding'] ?? '');
  reply.header('Content-Type', file.type).header('Cache-Control', cacheControl).header('Vary', 'Accept-Encoding').header('X-Content-Type-Options', 'nosniff');
  if (file.br !== undefined && /\bbr\b/.test(accept)) return reply.header('Content-Encoding', 'br').send(file.br);
  if (file.gzip !== undefined && /\bgzip\b/.test(accept)) return reply.header('Content-Encoding', 'gzip').send(file.gzip);
  return reply.send(file.body);
}

/**
 * The web UI built by `npm run build:ui`: `index.html` at the route prefix (never cached, so a new
 * version shows at once) and content-hashed assets under `assets/` cached for a year. The files are
 * read once, at start-up; when the UI was not built, `/` says how to build it. The page uses
 * relative URLs, so `/prefix` is redirected to `/prefix/` for them to resolve under the prefix.
 */
export function uiRoutes(opts: { dir?: string } = {}): RoutePlugin {
  const dir = opts.dir ?? DEFAULT_DIR;
  return async (scope) => {
    const index = await loadFile(join(dir, 'index.html'));
    const assets = new Map<string, StaticFile>();
    const names = await readdir(join(dir, 'assets')).catch(() => [] as string[]);
    for (const name of names) {
      if (name.endsWith('.gz') || name.endsWith('.br')) continue;
      const file = await loadFile(join(dir, 'assets', name));
      if (file !== undefined) assets.set(name, file);
    }

    scope.get('/', async (req, reply) => {
      const path = req.url.split('?')[0] as string;
      if (!path.endsWith('/')) {
        const last = path.slice(path.lastIndexOf('/') + 1);
        const query = req.url.slice(path.length);
        return reply.code(301).header('Location', `${last}/${query}`).send();
      }
      if (index === undefined)
        return reply.code(503).type('text/plain; charset=utf-8').send('The web UI is not built: run `npm run build:ui`.\n');
      return send(req, reply, index, 'no-cache');
    });
    scope.get('/assets/:name', async (req, reply) => {
      const file = assets.get((req.params as { name: string }).name);
      if (file === undefined) return reply.code(404).type('text/plain; charset=utf-8').send('404 page not found\n');
      return send(req, reply, file, 'public, max-age=31536000, immutable');
    });
  };
}
