import { Command } from 'commander';
import { VERSION } from '../common/version.ts';
import { SERVE_MODULES } from '../server/modules.ts';
import { isAmtoolCommandLine, registerAmtoolCommands, runAmtool, withProcessDefaults } from './amtool/index.ts';
import { registerReceiverCommands } from './receiver-test.ts';
import { serveCommand } from './serve.ts';

const io = {
  out: (s: string): void => void process.stdout.write(s),
  err: (s: string): void => void process.stderr.write(s),
};

/** Builds the command tree and runs it; resolves to the exit code. */
export async function runCli(argv: string[]): Promise<number> {
  // A closed pipe (`tocsin ... | head`) ends the process quietly, as SIGPIPE ends a Go program.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
  // serve parses its own flags the way Alertmanager's kingpin does; bare flags mean serve, so
  // `tocsin --config.file=...` can stand in for the `alertmanager` binary.
  const first = argv[0];
  // amtool's global flags may precede its command (`tocsin --alertmanager.url=X alert`).
  if (first?.startsWith('-') === true && isAmtoolCommandLine(argv)) return runAmtool(argv, withProcessDefaults(io));
  if (first === 'serve') return serveCommand(argv.slice(1), io, 'tocsin', SERVE_MODULES);
  if (first !== undefined && first.startsWith('--') && !['--help', '--version'].includes(first)) {
    return serveCommand(argv, io, 'tocsin', SERVE_MODULES);
  }
  let exitCode = 0;
  const program = new Command('tocsin')
    .description('A drop-in replacement for Prometheus Alertmanager')
    .version(VERSION)
    .enablePositionalOptions()
    .exitOverride();
  program
    .command('serve')
    .description('Run the Alertmanager-compatible server (Alertmanager flags; see `tocsin serve --help`)')
    .allowUnknownOption()
    .allowExcessArguments();
  registerAmtoolCommands(program, io, (code) => (exitCode = code));
  registerReceiverCommands(program, io, (code) => (exitCode = code));
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (err) {
    const code = (err as { exitCode?: number }).exitCode;
    return typeof code === 'number' ? code : 1;
  }
}
