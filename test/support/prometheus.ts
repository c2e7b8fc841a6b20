import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManagedProcess } from './managed-process.ts';
import { freePort } from './programs.ts';

export interface PrometheusOptions {
  /** `host:port` of the Alertmanager-compatible server alerts go to. */
  alertmanager: string;
  /** `host:port` scraped every second; a closed port makes `up == 0`. */
  target: string;
  /** The content of the rule file. */
  rules: string;
}

/** A real Prometheus (`prometheus` on PATH) with 1s scrape and evaluation intervals. */
export class Prometheus {
  readonly #process: ManagedProcess;
  readonly #dir: string;

  private constructor(process: ManagedProcess, dir: string) {
    this.#process = process;
    this.#dir = dir;
  }

  static async start(options: PrometheusOptions): Promise<Prometheus> {
    const dir = await mkdtemp(join(tmpdir(), 'tocsin-prometheus-'));
    const port = await freePort();
    await writeFile(join(dir, 'rules.yml'), options.rules);
    await writeFile(
      join(dir, 'prometheus.yml'),
      `global:
  scrape_interval: 1s
  evaluation_interval: 1s
rule_files: [rules.yml]
alerting:
  alertmanagers:
  - api_version: v2
    static_configs:
    - targets: ['${options.alertmanager}']
scrape_configs:
- job_name: down
  static_configs:
  - targets: ['${options.target}']
`,
    );
    const process = new ManagedProcess({
      command: 'prometheus',
      args: [
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        // Prometheus re-sends firing alerts at most this often (default 1m).
        '--rules.alert.resend-delay=1s',
      ],
      readyUrl: `http://127.0.0.1:${port}/-/ready`,
      label: 'prometheus',
    });
    const prometheus = new Prometheus(process, dir);
    try {
      await process.start();
    } catch (err) {
      await prometheus.stop();
      throw err;
    }
    return prometheus;
  }

  logExcerpt(): string {
    return this.#process.logExcerpt(30);
  }

  async stop(): Promise<void> {
    await this.#process.stop();
    await rm(this.#dir, { recursive: true, force: true });
  }
}
