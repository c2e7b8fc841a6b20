import { runCli } from './cli/program.ts';

/** Entry point of the `tocsin` executable; resolves to the process exit code. */
export async function main(argv: string[]): Promise<number> {
  return runCli(argv);
}
