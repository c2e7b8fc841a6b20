import { fileURLToPath } from 'node:url';
import { ManagedProcess } from '../support/managed-process.ts';
import { freePort, tocsinCommand } from '../support/programs.ts';
import { ORACLE } from './target.ts';

const ALERTMANAGER = process.env['TOCSIN_ORACLE_BINARY'] ?? '/usr/bin/prometheus-alertmanager';
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PORT_ATTEMPTS = 3;

export interface ServerOptions {
  configFile: string;
  storageDir: string;
  /** e.g. `/foo` for `--web.route-prefix=/foo`. */
  routePrefix?: string;
  /** `--enable-feature` values; dropped in oracle mode, Alertmanager 0.25 has no feature flags. */
  features?: readonly string[];
  extraFlags?: readonly string[];
}

/**
 * The server under test, Tocsin or (oracle mode) Alertmanager, on a fixed 127.0.0.1 port, so it
 * can be killed and started again on the same address and storage.
 */
export class ServerProcess extends ManagedProcess {
  readonly port: number;
  /** Base URL including the route prefix, without a trailing slash. */
  readonly url: string;

  private constructor(options: ServerOptions, port: number) {
    const url = `http://127.0.0.1:${port}${options.routePrefix ?? ''}`;
    const flags = [
      `--config.file=${options.configFile}`,
      `--storage.path=${options.storageDir}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=',
      '--log.level=debug',
      ...(options.routePrefix === undefined ? [] : [`--web.route-prefix=${options.routePrefix}`]),
      ...(options.features?.length && !ORACLE ? [`--enable-feature=${options.features.join(',')}`] : []),
      ...(options.extraFlags ?? []),
    ];
    super({
      command: ORACLE ? ALERTMANAGER : tocsinCommand().command,
      args: ORACLE ? flags : [...tocsinCommand().args, 'serve', ...flags],
      cwd: REPO_ROOT,
      readyUrl: `${url}/-/ready`,
      label: ORACLE ? 'alertmanager' : 'tocsin',
    });
    this.port = port;
    this.url = url;
  }

  /** Starts the server and resolves once `/-/ready` answers 200. */
  static async launch(options: ServerOptions, ports: () => Promise<number> = freePort): Promise<ServerProcess> {
    // Another test's server can bind the free port first; then the next one is tried.
    for (let attempt = 1; ; attempt++) {
      const server = new ServerProcess(options, await ports());
      try {
        await server.start();
        return server;
      } catch (error) {
        if (attempt === PORT_ATTEMPTS || !/address already in use/.test(server.log)) throw error;
      }
    }
  }

  /** SIGHUP: reload the configuration file. */
  reload(): void {
    this.signal('SIGHUP');
  }
}
