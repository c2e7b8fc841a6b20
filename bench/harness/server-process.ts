import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { shebangNodeFlagsOf } from './shebang.ts';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const ALERTMANAGER_BINARY = process.env['TOCSIN_BENCH_ALERTMANAGER'] ?? '/usr/bin/prometheus-alertmanager';
/** Another build's `bin/tocsin.js` can be measured instead, e.g. to try a change. */
export const TOCSIN_ENTRY = process.env['TOCSIN_BENCH_TOCSIN'] ?? 'bin/tocsin.js';
/** Tocsin runs with the node flags of its command's `#!` line, as `tocsin serve` would. */
const TOCSIN_NODE_FLAGS = shebangNodeFlagsOf(resolve(REPO_ROOT, TOCSIN_ENTRY));

export type ServerKind = 'tocsin' | 'alertmanager';

export interface LaunchOptions {
  kind: ServerKind;
  config: string;
  /** Extra node flags for Tocsin, e.g. `--cpu-prof`. */
  nodeFlags?: readonly string[];
}

const LOG_TAIL = 20_000;
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/** True when the Alertmanager binary the comparison needs is installed. */
export function alertmanagerInstalled(): boolean {
  return existsSync(ALERTMANAGER_BINARY);
}

/** A server under test on a free 127.0.0.1 port with its own temporary storage and config file. */
export class ServerProcess {
  readonly kind: ServerKind;
  readonly url: string;
  readonly #child: ChildProcess;
  readonly #directory: string;
  readonly #exited: Promise<unknown>;
  #log = '';

  private constructor(kind: ServerKind, url: string, child: ChildProcess, directory: string) {
    this.kind = kind;
    this.url = url;
    this.#child = child;
    this.#directory = directory;
    this.#exited = once(child, 'close').catch(() => undefined);
    void this.#exited.then(() => live.delete(child));
    child.stderr?.on('data', (chunk: Buffer) => {
      this.#log = (this.#log + chunk.toString('utf8')).slice(-LOG_TAIL);
    });
  }

  static async launch(options: LaunchOptions): Promise<ServerProcess> {
    const directory = await mkdtemp(join(tmpdir(), `tocsin-bench-${options.kind}-`));
    const configFile = join(directory, 'alertmanager.yml');
    await writeFile(configFile, options.config);
    const port = await freePort();
    const flags = [
      `--config.file=${configFile}`,
      `--storage.path=${join(directory, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=',
      '--log.level=warn',
    ];
    const [command, args] =
      options.kind === 'tocsin'
        ? [process.execPath, [...TOCSIN_NODE_FLAGS, ...(options.nodeFlags ?? []), TOCSIN_ENTRY, 'serve', ...flags]]
        : [ALERTMANAGER_BINARY, flags];
    const child = spawn(command, args, { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    live.add(child);
    const server = new ServerProcess(options.kind, `http://127.0.0.1:${port}`, child, directory);
    await server.#waitReady();
    return server;
  }

  get pid(): number {
    return this.#child.pid as number;
  }

  /** Resident and peak resident memory in MiB, from /proc/<pid>/status. */
  async memory(): Promise<{ rssMiB: number; peakMiB: number }> {
    const status = await readFile(`/proc/${this.pid}/status`, 'utf8');
    const kib = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
    return { rssMiB: kib('VmRSS') / 1024, peakMiB: kib('VmHWM') / 1024 };
  }

  /** Freezes the process (SIGSTOP): it takes no CPU until `resume`, and its timers fall due meanwhile. */
  pause(): void {
    this.#child.kill('SIGSTOP');
  }

  resume(): void {
    this.#child.kill('SIGCONT');
  }

  /** Stops gracefully (SIGTERM; SIGKILL after 10 s) and removes the storage. */
  async stop(): Promise<void> {
    if (this.#child.exitCode === null && this.#child.signalCode === null) {
      // A paused process would hold the SIGTERM until continued.
      this.resume();
      this.#child.kill('SIGTERM');
      const forced = setTimeout(() => this.#child.kill('SIGKILL'), 10_000);
      await this.#exited;
      clearTimeout(forced);
    }
    await rm(this.#directory, { recursive: true, force: true });
  }

  logTail(lines = 30): string {
    return this.#log.trimEnd().split('\n').slice(-lines).join('\n');
  }

  async #waitReady(): Promise<void> {
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (this.#child.exitCode !== null || this.#child.signalCode !== null) break;
      try {
        const res = await fetch(`${this.url}/-/ready`, { signal: AbortSignal.timeout(1_000) });
        await res.arrayBuffer();
        if (res.status === 200) return;
      } catch {
        // not listening yet
      }
      await sleep(100);
    }
    await this.stop();
    throw new Error(`${this.kind} did not become ready:\n${this.logTail()}`);
  }
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (address === null || typeof address !== 'object') throw new Error('no port assigned');
  return address.port;
}
