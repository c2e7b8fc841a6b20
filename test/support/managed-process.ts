import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';

const LOG_LIMIT = 200_000;

export interface ManagedProcessOptions {
  command: string;
  args: readonly string[];
  cwd?: string;
  /** Polled until it answers 200; `start` resolves then. */
  readyUrl: string;
  readyTimeoutMs?: number;
  /** Names the process in messages, e.g. "tocsin". */
  label: string;
}

const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/**
 * A long-running child process for multi-process tests: its output is kept for failure messages,
 * it counts as started once an HTTP URL answers 200, and it can be stopped and started again
 * with the same arguments. Children still running when the test process exits are killed.
 */
export class ManagedProcess {
  readonly options: ManagedProcessOptions;
  #child: ChildProcess | undefined;
  #log = '';
  #exited: Promise<void> = Promise.resolve();

  constructor(options: ManagedProcessOptions) {
    this.options = options;
  }

  /** Everything the process wrote to stdout and stderr (the tail, if huge). */
  get log(): string {
    return this.#log;
  }

  async start(): Promise<void> {
    const { command, args, cwd, readyUrl, label } = this.options;
    // The test runner marks its children with NODE_TEST_CONTEXT; a server is not one of them.
    const { NODE_TEST_CONTEXT: _, ...env } = process.env;
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.#child = child;
    live.add(child);
    const append = (chunk: Buffer): void => {
      this.#log = (this.#log + chunk.toString('utf8')).slice(-LOG_LIMIT);
    };
    child.stdout?.on('data', append);
    child.stderr?.on('data', append);
    let exit: string | undefined;
    // 'close' rather than 'exit': the output has been read by then.
    this.#exited = once(child, 'close').then(
      ([code, signal]) => {
        exit = signal === null ? `exited with code ${String(code)}` : `was killed by ${String(signal)}`;
      },
      (err: Error) => {
        exit = `could not be spawned (${err.message})`;
      },
    );
    void this.#exited.then(() => live.delete(child));
    const deadline = Date.now() + (this.options.readyTimeoutMs ?? 30_000);
    for (;;) {
      if (exit !== undefined) throw this.failure(`\`${[command, ...args].join(' ')}\` ${exit} before ${readyUrl} answered`);
      if (await answers200(readyUrl)) return;
      if (Date.now() > deadline) {
        await this.stop('SIGKILL');
        throw this.failure(`${label}: ${readyUrl} did not answer 200 in time`);
      }
      await sleep(50);
    }
  }

  signal(signal: NodeJS.Signals): void {
    this.#child?.kill(signal);
  }

  /** Sends `signal` (SIGTERM: graceful; SIGKILL: a crash), escalating after 5s, and waits for the exit. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.#child;
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
    child.kill(signal);
    const forced = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await this.#exited;
    clearTimeout(forced);
  }

  /** The last lines of the output, framed for an assertion message. */
  logExcerpt(lines = 80): string {
    const tail = this.#log.trim() === '' ? '(nothing)' : this.#log.trimEnd().split('\n').slice(-lines).join('\n');
    return `--- ${this.options.label} log (last ${lines} lines) ---\n${tail}\n--- end of ${this.options.label} log ---`;
  }

  /** An Error whose message carries the log. */
  failure(message: string): Error {
    return new Error(`${message}\n${this.logExcerpt()}`);
  }
}

async function answers200(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(1_000) });
    await res.arrayBuffer();
    return res.status === 200;
  } catch {
    return false;
  }
}
