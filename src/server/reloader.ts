import { Gauge } from 'prom-client';
import type { Registry } from 'prom-client';
import type { LoadedConfig } from '../config/load.ts';
import type { Logger } from '../common/logger.ts';

/** Reads and validates the configuration file; throws (a ConfigError) when it is invalid. */
export type ConfigLoader = (path: string) => Promise<LoadedConfig>;

/**
 * Told about every configuration that is about to become current. It may throw (or reject) to
 * veto the reload; it returns an optional commit function that must not throw. Commits run only
 * after every listener accepted the new configuration, in subscription order and synchronously,
 * so subscribers switch together or not at all.
 */
export type ReloadListener = (next: LoadedConfig, previous: LoadedConfig | undefined) => ReloadCommit | void | Promise<ReloadCommit | void>;
export type ReloadCommit = () => void;

export interface ConfigReloaderOptions {
  path: string;
  load: ConfigLoader;
  registry: Registry;
  logger: Logger;
  /** Hash of the file's text for `alertmanager_config_hash`. */
  hash: (source: string) => number;
  now?: () => number;
}

/**
 * Alertmanager's config coordinator: loads the file, lets subscribers prepare and commit the new
 * configuration, and keeps the `alertmanager_config_*` metrics. Reloads run one at a time; a failed
 * reload leaves the running configuration in place.
 */
export class ConfigReloader {
  readonly #opts: ConfigReloaderOptions;
  readonly #logger: Logger;
  readonly #listeners: ReloadListener[] = [];
  readonly #hashGauge: Gauge;
  readonly #successGauge: Gauge;
  readonly #successTimeGauge: Gauge;
  #current: LoadedConfig | undefined;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(opts: ConfigReloaderOptions) {
    this.#opts = opts;
    this.#logger = opts.logger.child({ component: 'configuration' });
    const registers = [opts.registry];
    this.#hashGauge = new Gauge({
      name: 'alertmanager_config_hash',
      help: 'Hash of the currently loaded alertmanager configuration. Note that this is not a cryptographically strong hash.',
      registers,
    });
    this.#successGauge = new Gauge({
      name: 'alertmanager_config_last_reload_successful',
      help: 'Whether the last configuration reload attempt was successful.',
      registers,
    });
    this.#successTimeGauge = new Gauge({
      name: 'alertmanager_config_last_reload_success_timestamp_seconds',
      help: 'Timestamp of the last successful configuration reload.',
      registers,
    });
  }

  /** The configuration in force, or undefined before the first successful load. */
  current(): LoadedConfig | undefined {
    return this.#current;
  }

  /** Subscribes to every future configuration (not the current one); returns an unsubscribe function. */
  onReload(listener: ReloadListener): () => void {
    this.#listeners.push(listener);
    return () => {
      const i = this.#listeners.indexOf(listener);
      if (i >= 0) this.#listeners.splice(i, 1);
    };
  }

  /** Loads the file and applies it; rejects with the loader's or a subscriber's error. */
  reload(): Promise<LoadedConfig> {
    const run = this.#queue.then(() => this.#reloadNow());
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #reloadNow(): Promise<LoadedConfig> {
    const file = this.#opts.path;
    this.#logger.info('Loading configuration file', { file });
    let next: LoadedConfig;
    try {
      next = await this.#opts.load(file);
    } catch (err) {
      this.#logger.error('Loading configuration file failed', { file, err });
      this.#successGauge.set(0);
      throw err;
    }
    this.#logger.info('Completed loading of configuration file', { file });
    const commits: ReloadCommit[] = [];
    try {
      for (const listener of [...this.#listeners]) {
        const commit = await listener(next, this.#current);
        if (commit !== undefined) commits.push(commit);
      }
    } catch (err) {
      this.#logger.error('one or more config change subscribers failed to apply new config', { file, err });
      this.#successGauge.set(0);
      throw err;
    }
    for (const commit of commits) commit();
    this.#current = next;
    this.#successGauge.set(1);
    this.#successTimeGauge.set((this.#opts.now ?? Date.now)() / 1000);
    this.#hashGauge.set(this.#opts.hash(next.source));
    return next;
  }
}
