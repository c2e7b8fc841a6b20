import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runCli } from './cli/program.ts';

/** Entry point of the `tocsin` executable; resolves to the process exit code. */
export async function main(argv: string[]): Promise<number> {
  return runCli(argv);
}

// Run directly (`node --import tsx src/main.ts serve ...`) as well as through bin/tocsin.js.
const invokedPath = process.argv[1];
if (invokedPath !== undefined && realpathSync(invokedPath) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
