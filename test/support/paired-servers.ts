import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ServerProcess } from '../acceptance/server-process.ts';
import { ManagedProcess } from './managed-process.ts';
import { freePort } from './programs.ts';

/**
 * `tocsin serve` and, when its binary is given (installed), Alertmanager 0.25 on the same config,
 * for client tests that compare the two. Whatever started is kept, so `stop` after a failed
 * `start` still stops it.
 */
export class PairedServers {
  #tocsin: ServerProcess | undefined;
  alertmanager: ManagedProcess | undefined;
  /** Alertmanager's base URL; '' when it is not installed. */
  alertmanagerUrl = '';
  readonly #alertmanagerBinary: string | undefined;
  #scratch: string | undefined;

  constructor(alertmanagerBinary: string | undefined) {
    this.#alertmanagerBinary = alertmanagerBinary;
  }

  get tocsin(): ServerProcess {
    if (this.#tocsin === undefined) throw new Error('tocsin has not started');
    return this.#tocsin;
  }

  /**
   * Makes a scratch directory named `prefix…` holding `config` as alertmanager.yml, and starts
   * both on it; `stop` removes it. Answers the directory.
   */
  async startOn(prefix: string, config: string): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), prefix));
    this.#scratch = dir;
    const configFile = join(dir, 'alertmanager.yml');
    await writeFile(configFile, config);
    await this.start(configFile, dir);
    return dir;
  }

  /** Starts both, Tocsin storing under dir/tocsin and Alertmanager under dir/am. */
  async start(configFile: string, dir: string): Promise<void> {
    const starts: Promise<unknown>[] = [
      ServerProcess.launch({ configFile, storageDir: join(dir, 'tocsin') }).then((p) => (this.#tocsin = p)),
    ];
    if (this.#alertmanagerBinary !== undefined) {
      const port = await freePort();
      this.alertmanagerUrl = `http://127.0.0.1:${port}`;
      this.alertmanager = new ManagedProcess({
        command: this.#alertmanagerBinary,
        args: [`--config.file=${configFile}`, `--storage.path=${join(dir, 'am')}`, `--web.listen-address=127.0.0.1:${port}`, '--cluster.listen-address='],
        readyUrl: `${this.alertmanagerUrl}/-/ready`,
        label: 'alertmanager',
      });
      starts.push(this.alertmanager.start());
    }
    await Promise.all(starts);
  }

  /** Tocsin's URL, then Alertmanager's when it runs. */
  urls(): string[] {
    return [this.tocsin.url, ...(this.alertmanager === undefined ? [] : [this.alertmanagerUrl])];
  }

  async stop(): Promise<void> {
    await Promise.all([this.#tocsin?.stop(), this.alertmanager?.stop()]);
    if (this.#scratch !== undefined) await rm(this.#scratch, { recursive: true, force: true });
  }
}
