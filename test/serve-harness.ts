import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Agent, request } from 'undici';
import { tocsinCommand } from './support/programs.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));


export const MINIMAL_CONFIG = 'route:\n  receiver: default\nreceivers:\n  - name: default\n';

export interface Proc {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or the signal name). */
  exited: Promise<number | string>;
  kill(signal?: NodeJS.Signals): void;
}

/** Starts tocsin (`kind: 'tocsin'`) or another executable with `args`. */
export function run(command: 'tocsin' | string, args: readonly string[], opts: { cwd?: string } = {}): Proc {
  const child =
    command === 'tocsin'
      ? spawn(tocsinCommand().command, [...tocsinCommand().args, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
      : spawn(command, args, { cwd: opts.cwd ?? ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    kill: (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
  };
}

export interface Workspace {
  dir: string;
  configFile: string;
  storage: string;
}

/** A scratch directory holding `am.yml` (the given text) and a storage dir. */
export async function workspace(config = MINIMAL_CONFIG): Promise<Workspace> {
  const dir = await mkdtemp(join(tmpdir(), 'tocsin-serve-'));
  const configFile = join(dir, 'am.yml');
  await writeFile(configFile, config);
  return { dir, configFile, storage: join(dir, 'data') };
}

/** The flags, Tocsin's and Alertmanager's alike, that serve `ws` on 127.0.0.1:`port` without clustering. */
export function serveFlags(ws: Workspace, port: number): string[] {
  return [`--config.file=${ws.configFile}`, `--storage.path=${ws.storage}`, `--web.listen-address=127.0.0.1:${port}`, '--cluster.listen-address='];
}

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

const insecure = new Agent({ connect: { rejectUnauthorized: false } });

/** One HTTP(S) request; TLS certificates are not verified (the tests use self-signed ones). */
export async function http(url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  const res = await request(url, {
    method: (init.method ?? 'GET') as 'GET',
    headers: init.headers,
    body: init.body,
    dispatcher: insecure,
    headersTimeout: 5000,
    bodyTimeout: 5000,
  });
  return { status: res.statusCode, headers: res.headers, body: await res.body.text() };
}

/**
 * Waits for the process to log `Listening on` for the URL's port (so a stranger holding the
 * port is never mistaken for it), then polls `url` until it answers; rejects after `ms`.
 */
export async function waitUntilUp(proc: Proc, url: string, ms = 15000): Promise<void> {
  const deadline = Date.now() + ms;
  let exited = false;
  void proc.exited.then(() => (exited = true));
  const port = new URL(url).port;
  const listening = new RegExp(`msg"?[=:]"Listening on"[ ,]"?address"?[=:]"?[^ "]*:${port}\\b`);
  for (;;) {
    if (exited) throw new Error(`process exited before ${url} answered:\n${proc.stderr()}`);
    if (!listening.test(proc.stderr())) {
      if (Date.now() > deadline) throw new Error(`no "Listening on" for port ${port} within ${ms}ms:\n${proc.stderr()}`);
      await new Promise((r) => setTimeout(r, 50));
      continue;
    }
    try {
      await http(url);
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`${url} did not answer within ${ms}ms:\n${proc.stderr()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/** Polls `check` until it returns true; rejects after `ms`. */
export async function eventually(check: () => Promise<boolean>, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The value of an unlabelled (or first matching) sample in Prometheus text output. */
export function sample(metrics: string, name: string): number | undefined {
  const line = metrics.split('\n').find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}
