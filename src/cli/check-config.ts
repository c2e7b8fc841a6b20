import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { ConfigError } from '../config/errors.ts';
import { loadConfigFile, loadConfigString } from '../config/load.ts';
import type { LoadOptions, LoadedConfig } from '../config/load.ts';

export interface CheckConfigIo {
  out(s: string): void;
  err(s: string): void;
}

export interface CheckConfigOptions extends LoadOptions {
  /**
   * Parses the expanded template files and throws with the template engine's message when they do
   * not parse. Without it, templates are only counted and reported as SUCCESS.
   */
  parseTemplates?: (files: string[]) => Promise<void>;
  /** Standard input, read (as `/dev/stdin`) when no file is given and it is not a terminal. */
  stdin?: { isTTY: boolean; read(): Promise<string> };
  /** Prefix of the error lines on stderr, as kingpin prints the application name. */
  program?: string;
  /** Print `file:line:column: key: message` instead of Alertmanager's bare message. */
  positions?: boolean;
}

/**
 * `amtool check-config`: validates each file and prints amtool's report, byte for byte.
 * Resolves to the exit code (0 when every file and its templates are valid).
 */
export async function checkConfig(files: string[], io: CheckConfigIo, opts: CheckConfigOptions = {}): Promise<number> {
  const program = opts.program ?? 'tocsin';
  const fatal = (message: string): number => {
    io.err(`${program}: error: ${message}\n\n`);
    return 1;
  };
  for (const file of files) {
    const info = await stat(file).catch(() => undefined);
    if (info === undefined) return fatal(`path '${file}' does not exist`);
    if (info.isDirectory()) return fatal(`'${basename(file)}' is a directory`);
  }
  let sources: { name: string; load(): Promise<LoadedConfig> }[] = files.map((name) => ({
    name,
    load: () => loadConfigFile(name, opts),
  }));
  if (files.length === 0) {
    const stdin = opts.stdin;
    if (stdin === undefined || stdin.isTTY) return fatal('Failed to read from standard input');
    const name = '/dev/stdin';
    sources = [{ name, load: async () => loadConfigString(await stdin.read(), { ...opts, filename: name, baseDir: '/dev' }) }];
  }

  let failed = 0;
  for (const source of sources) {
    io.out(`Checking '${source.name}'`);
    let loaded: LoadedConfig | undefined;
    try {
      loaded = await source.load();
      io.out('  SUCCESS\n');
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      io.out(`  FAILED: ${opts.positions ? err.message : err.amMessage}\n`);
      failed++;
    }
    if (loaded !== undefined) {
      const { config } = loaded;
      io.out('Found:\n');
      if (config.global !== undefined) io.out(' - global config\n');
      if (config.route !== undefined) io.out(' - route\n');
      io.out(` - ${config.inhibit_rules?.length ?? 0} inhibit rules\n`);
      io.out(` - ${config.receivers?.length ?? 0} receivers\n`);
      io.out(` - ${config.templates?.length ?? 0} templates\n`);
      if ((config.templates?.length ?? 0) > 0) {
        try {
          await opts.parseTemplates?.(loaded.templateFiles);
          io.out('  SUCCESS\n');
        } catch (err) {
          io.out(`  FAILED: ${(err as Error).message}\n`);
          failed++;
        }
      }
    }
    io.out('\n');
  }
  if (failed > 0) return fatal(`failed to validate ${failed} file(s)`);
  return 0;
}
