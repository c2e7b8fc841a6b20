// The server side of the UI's browser tests: the built UI in front of an API v2, either
// `tocsin serve` (once its API v2 is wired) or the real Alertmanager through a small proxy.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { request } from 'undici';
import { uiRoutes } from '../../src/api/ui-routes.ts';
import { freePort } from '../../test/support/programs.ts';
import { http, run, waitUntilUp } from '../../test/serve-harness.ts';
import type { Proc } from '../../test/serve-harness.ts';

export type BackendKind = 'tocsin' | 'alertmanager';

export interface UiBackend {
  kind: BackendKind;
  /** The UI's page, ending in `/` (under a route prefix when proxied). */
  uiUrl: string;
  /** Where API v2 answers directly (for posting test alerts). */
  apiUrl: string;
  stop(): Promise<void>;
}

export const ALERTMANAGER = process.env.ALERTMANAGER_PATH ?? '/usr/bin/prometheus-alertmanager';
const PREFIX = '/am';

/**
 * `TOCSIN_UI_BACKEND=tocsin|alertmanager` picks the API; unset, tocsin serve is used when it
 * answers `/api/v2/status`, else the real Alertmanager. The UI is served by tocsin itself when it
 * serves it, else by `uiRoutes` under the `/am` prefix with `/am/api/v2/*` proxied to the API.
 */
export async function startUiBackend(config: string): Promise<UiBackend> {
  const dir = await mkdtemp(join(tmpdir(), 'tocsin-ui-'));
  const configFile = join(dir, 'am.yml');
  await writeFile(configFile, config);
  const wanted = process.env.TOCSIN_UI_BACKEND;
  const cleanup = async (): Promise<void> => rm(dir, { recursive: true, force: true });

  if (wanted !== 'alertmanager') {
    const tocsin = await startTocsin(configFile, join(dir, 'tocsin-data'));
    if (tocsin !== undefined) {
      const base = `http://127.0.0.1:${tocsin.port}/`;
      const page = await http(base).catch(() => undefined);
      if (page?.status === 200 && page.body.includes('id="app"')) {
        return { kind: 'tocsin', uiUrl: base, apiUrl: `${base}api/v2/`, stop: () => stopProc(tocsin.proc).then(cleanup) };
      }
      const front = await startFront(base);
      return { kind: 'tocsin', uiUrl: front.url, apiUrl: `${base}api/v2/`, stop: () => front.app.close().then(() => stopProc(tocsin.proc)).then(cleanup) };
    }
    if (wanted === 'tocsin') throw new Error('TOCSIN_UI_BACKEND=tocsin but tocsin serve does not answer /api/v2/status');
  }

  const port = await freePort();
  const am = run(ALERTMANAGER, [
    `--web.listen-address=127.0.0.1:${port}`,
    '--cluster.listen-address=',
    `--storage.path=${join(dir, 'am-data')}`,
    `--config.file=${configFile}`,
  ]);
  const base = `http://127.0.0.1:${port}/`;
  await waitUntilUp(am, `${base}-/ready`);
  const front = await startFront(base);
  return { kind: 'alertmanager', uiUrl: front.url, apiUrl: `${base}api/v2/`, stop: () => front.app.close().then(() => stopProc(am)).then(cleanup) };
}

async function startTocsin(configFile: string, storage: string): Promise<{ proc: Proc; port: number } | undefined> {
  const port = await freePort();
  const proc = run('tocsin', ['serve', `--config.file=${configFile}`, `--storage.path=${storage}`, `--web.listen-address=127.0.0.1:${port}`, '--cluster.listen-address=']);
  try {
    await waitUntilUp(proc, `http://127.0.0.1:${port}/-/ready`, 30_000);
    const status = await http(`http://127.0.0.1:${port}/api/v2/status`);
    if (status.status === 200) return { proc, port };
  } catch {
    // Not usable: fall back to Alertmanager.
  }
  await stopProc(proc);
  return undefined;
}

async function stopProc(proc: Proc): Promise<void> {
  proc.kill();
  await proc.exited;
}

/** The built UI under `/am/`, with `/am/api/v2/*` forwarded to `apiBase`. */
async function startFront(apiBase: string): Promise<{ app: FastifyInstance; url: string }> {
  const app = Fastify({ logger: false, forceCloseConnections: true });
  await app.register(
    async (scope) => {
      await uiRoutes()(scope);
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
      scope.all('/api/v2/*', async (req, reply) => {
        const target = new URL(req.url.slice(PREFIX.length + 1), apiBase);
        const res = await request(target, {
          method: req.method as 'GET',
          headers: { 'content-type': req.headers['content-type'] ?? 'application/json', accept: 'application/json' },
          body: req.method === 'GET' || req.method === 'DELETE' ? undefined : (req.body as Buffer),
        });
        const type = res.headers['content-type'];
        if (typeof type === 'string') reply.header('Content-Type', type);
        return reply.code(res.statusCode).send(Buffer.from(await res.body.arrayBuffer()));
      });
    },
    { prefix: PREFIX },
  );
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, url: `${address}${PREFIX}/` };
}
