import { Command } from 'commander';
import { VERSION } from '../common/version.ts';

/** Builds the command tree and runs it; resolves to the exit code. */
export async function runCli(argv: string[]): Promise<number> {
  const program = new Command('tocsin')
    .description('A drop-in replacement for Prometheus Alertmanager')
    .version(VERSION)
    .exitOverride();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    const code = (err as { exitCode?: number }).exitCode;
    return typeof code === 'number' ? code : 1;
  }
}
