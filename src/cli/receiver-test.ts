/**
 * `tocsin receiver test NAME`: asks a running Tocsin to send a test notification through every
 * integration of a receiver (`POST /api/v2/receivers/{name}/test`) and prints the results.
 */
import type { Command } from 'commander';
import { request } from 'undici';
import { tabwrite } from './amtool/tabwriter.ts';

export interface ReceiverTestIo {
  out(s: string): void;
  err(s: string): void;
}

export interface ReceiverTestOptions {
  /** The server, with its route prefix; user info becomes basic authentication. */
  readonly url: string;
  readonly receiver: string;
  /** `k=v` pairs added to the default test alert's labels. */
  readonly labels: readonly string[];
  readonly annotations: readonly string[];
  readonly timeoutMs: number;
}

interface IntegrationResult {
  integration: string;
  status: string;
  error?: string;
  durationMs: number;
}

function pairs(list: readonly string[], flag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of list) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new RangeError(`--${flag} ${JSON.stringify(item)}: expected name=value`);
    out[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return out;
}

function endpoint(base: string, receiver: string): { url: string; authorization?: string } {
  const url = new URL(base);
  const authorization =
    url.username === '' ? undefined : `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`;
  url.username = '';
  url.password = '';
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/api/v2/receivers/${encodeURIComponent(receiver)}/test`;
  return { url: url.href, authorization };
}

/** The results as an aligned table: integration, status, duration, error. */
export function formatResults(results: readonly IntegrationResult[]): string {
  const rows = results.map((r) => `${r.integration}\t${r.status}\t${r.durationMs}ms\t${r.error ?? ''}`);
  return tabwrite(['Integration\tStatus\tDuration\tError', ...rows].join('\n') + '\n');
}

/**
 * Runs the test and prints the table; resolves to the exit code: 0 when every integration
 * succeeded, 1 when any failed or the request did.
 */
export async function runReceiverTest(options: ReceiverTestOptions, io: ReceiverTestIo): Promise<number> {
  try {
    const body = JSON.stringify({ labels: pairs(options.labels, 'label'), annotations: pairs(options.annotations, 'annotation') });
    const { url, authorization } = endpoint(options.url, options.receiver);
    const res = await request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization === undefined ? {} : { authorization }) },
      body,
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    const text = await res.body.text();
    if (res.statusCode !== 200) {
      io.err(`tocsin: error: receiver test failed with status ${res.statusCode}: ${text.trim()}\n`);
      return 1;
    }
    const results = JSON.parse(text) as IntegrationResult[];
    if (results.length === 0) {
      io.out(`receiver ${JSON.stringify(options.receiver)} has no integrations\n`);
      return 0;
    }
    io.out(formatResults(results));
    return results.every((r) => r.status === 'ok') ? 0 : 1;
  } catch (err) {
    io.err(`tocsin: error: ${(err as Error).message}\n`);
    return 1;
  }
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** Adds `receiver test NAME` to the program; the exit code goes to `setExitCode`. */
export function registerReceiverCommands(program: Command, io: ReceiverTestIo, setExitCode: (code: number) => void): void {
  const receiver = program.command('receiver').description('Work with the receivers of a running Tocsin');
  receiver
    .command('test')
    .description('Send a test notification through every integration of a receiver (exit 1 when any fails)')
    .argument('<name>', 'the receiver, as named in the configuration')
    .option('--alertmanager.url <url>', 'the Tocsin server, with its route prefix', 'http://localhost:9093')
    .option('--label <name=value>', 'a label added to the test alert (repeatable)', collect, [])
    .option('--annotation <name=value>', 'an annotation added to the test alert (repeatable)', collect, [])
    .option('--timeout <seconds>', 'how long to wait for the answer', '30')
    .action(async (name: string, opts: { 'alertmanager.url': string; label: string[]; annotation: string[]; timeout: string }) => {
      const code = await runReceiverTest(
        {
          url: opts['alertmanager.url'],
          receiver: name,
          labels: opts.label,
          annotations: opts.annotation,
          timeoutMs: Number(opts.timeout) * 1000,
        },
        io,
      );
      setExitCode(code);
    });
}
