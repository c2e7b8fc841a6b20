import { Logger } from '../common/logger.ts';
import { VERSION } from '../common/version.ts';
import type { RunningServer, ServeModule } from '../server/app.ts';
import { FlagError, parseServeFlags, serveHelp, validateServeOptions } from './flags.ts';

export interface ServeIo {
  out(s: string): void;
  err(s: string): void;
  /** Where log lines go; stderr by default. */
  log?: (line: string) => void;
}

/**
 * `tocsin serve [flags]`: Alertmanager's server process. Resolves with the exit code once the
 * process has been told to stop (SIGINT/SIGTERM) or failed to start.
 */
export async function serveCommand(argv: readonly string[], io: ServeIo, program = 'tocsin', modules: readonly ServeModule[] = []): Promise<number> {
  let parsed;
  try {
    parsed = parseServeFlags(argv);
  } catch (err) {
    if (!(err instanceof FlagError)) throw err;
    io.err(`${program}: error: ${err.message}, try --help\n`);
    return 1;
  }
  if (parsed.kind === 'help') {
    io.out(serveHelp(program));
    return 0;
  }
  if (parsed.kind === 'version') {
    io.out(`${program}, version ${VERSION} (node: ${process.version}, platform: ${process.platform}/${process.arch})\n`);
    return 0;
  }
  const options = parsed.options;
  const logger = new Logger({ level: options.logLevel, format: options.logFormat, ...(io.log ? { write: io.log } : {}) });
  try {
    validateServeOptions(options);
  } catch (err) {
    logger.error('invalid command-line options', { err });
    return 1;
  }
  // Loaded only now, so flag mistakes and --help answer without loading the whole server.
  const { StartupError, startServer } = await import('../server/app.ts');
  let server: RunningServer;
  try {
    server = await startServer(options, { logger, modules });
  } catch (err) {
    if (!(err instanceof StartupError)) logger.error('tocsin exited with error', { err });
    return 1;
  }
  return waitForSignals(server, logger);
}

/** SIGHUP reloads; SIGINT and SIGTERM stop gracefully and resolve with 0. */
function waitForSignals(server: RunningServer, logger: Logger): Promise<number> {
  return new Promise((resolve) => {
    const onHup = (): void => {
      server.reloader.reload().catch(() => undefined);
    };
    const onStop = (signal: NodeJS.Signals): void => {
      logger.info(`Received ${signal}, exiting gracefully...`);
      process.off('SIGHUP', onHup);
      process.off('SIGINT', onStop);
      process.off('SIGTERM', onStop);
      server.stop().then(
        () => resolve(0),
        (err: unknown) => {
          logger.error('shutdown failed', { err });
          resolve(1);
        },
      );
    };
    process.on('SIGHUP', onHup);
    process.on('SIGINT', onStop);
    process.on('SIGTERM', onStop);
  });
}
