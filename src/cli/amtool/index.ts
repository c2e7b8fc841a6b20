/** The amtool-compatible commands, for wiring into the `tocsin` program. */
import { text } from 'node:stream/consumers';
import type { Command } from 'commander';
import { AMTOOL_COMMANDS } from './commands.ts';
import type { AmtoolIo } from './context.ts';
import { runAmtool } from './run.ts';
import type { RunAmtoolOptions } from './run.ts';

export { AMTOOL_COMMANDS } from './commands.ts';
export type { AmtoolIo } from './context.ts';
export { runAmtool } from './run.ts';
export type { RunAmtoolOptions } from './run.ts';

const DESCRIPTIONS: Readonly<Record<string, string>> = {
  alert: 'Add or query alerts (amtool alert)',
  silence: 'Add, expire, update, import or view silences (amtool silence)',
  'check-config': 'Validate alertmanager.yml files (amtool check-config)',
  cluster: 'View cluster status and peers (amtool cluster)',
  config: 'View the running configuration and test routing (amtool config)',
  template: 'Render templates (amtool template render)',
};

const GLOBAL_VALUE_FLAGS = new Set([
  '--date.format',
  '--alertmanager.url',
  '-o',
  '--output',
  '--timeout',
  '--http.config.file',
  '--enable-feature',
]);

/**
 * Whether a command line is an amtool one: its first argument that is neither a flag nor a
 * flag's value names an amtool command. Global flags may come first
 * (`tocsin --alertmanager.url=http://am:9093 alert`), which commander cannot route by itself.
 */
export function isAmtoolCommandLine(argv: readonly string[]): boolean {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (!arg.startsWith('-')) return AMTOOL_COMMANDS.includes(arg);
    if (GLOBAL_VALUE_FLAGS.has(arg)) i++;
  }
  return false;
}

/**
 * `io` completed with the process's terminal state and standard input where it leaves them out,
 * for calling {@link runAmtool} directly. Colours are off when stdout is not a terminal or
 * `NO_COLOR` is set.
 */
export function withProcessDefaults(io: AmtoolIo): AmtoolIo {
  return {
    isTTY: process.stdout.isTTY === true && (process.env['NO_COLOR'] ?? '') === '',
    stdin: { isTTY: process.stdin.isTTY === true, read: () => text(process.stdin) },
    ...io,
  };
}

/**
 * Adds `alert`, `silence`, `check-config`, `cluster`, `config`, `template` (and `amtool`, which
 * takes a whole amtool command line) to a commander program. Each hands its arguments to
 * {@link runAmtool}, which parses them as amtool does, and reports the exit code to `setExitCode`.
 * `io.isTTY` and `io.stdin` default to the process's.
 */
export function registerAmtoolCommands(
  program: Command,
  io: AmtoolIo,
  setExitCode: (code: number) => void,
  opts: RunAmtoolOptions = {},
): void {
  const fullIo = withProcessDefaults(io);
  const add = (name: string, description: string, prefix: readonly string[]): void => {
    program
      .command(name)
      .description(description)
      .helpOption(false)
      .allowUnknownOption()
      .allowExcessArguments()
      .argument('[args...]')
      .action(async (_args: string[], _options: unknown, cmd: Command) => {
        setExitCode(await runAmtool([...prefix, ...cmd.args], fullIo, opts));
      });
  };
  for (const name of AMTOOL_COMMANDS) add(name, DESCRIPTIONS[name] ?? '', [name]);
  add('amtool', 'Run an amtool command line (amtool-compatible flags and commands)', []);
}
