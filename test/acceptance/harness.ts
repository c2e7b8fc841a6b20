import { AssertionError } from 'node:assert';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { waitFor } from '../support/wait-for.ts';
import { ApiClient, describeResponse } from './api-client.ts';
import type { TestAlert, TestSilence } from './builders.ts';
import { checkWebhook } from './check.ts';
import type { ActionRun } from './check.ts';
import { RelativeClock } from './relative-clock.ts';
import { ServerProcess } from './server-process.ts';
import type { ServerOptions } from './server-process.ts';
import { StallMonitor } from './stall-monitor.ts';
import { Webhook } from './webhook.ts';
import type { WebhookBehaviour } from './webhook.ts';

export interface AcceptanceOptions {
  /** How far received startsAt/endsAt may be from the expected ones; upstream uses 150 ms. */
  toleranceMs?: number;
  /** A stall of this process this long during a failed run has the scenario run once more (see `run`); 100 ms. */
  starvedMs?: number;
}

export type ServerFlags = Pick<ServerOptions, 'routePrefix' | 'features' | 'extraFlags'>;

/** Servers of this test file being started right now (see `AcceptanceTest.start`). */
let starting = 0;

/** A scheduled step of the scenario, at relative second `at`. */
interface Action {
  at: number;
  what: string;
  run: () => Promise<void>;
}

/**
 * One black-box scenario: webhooks, one server under test, actions at relative seconds, then
 * Alertmanager's collector checks. Everything it starts is stopped by `t.after`.
 */
export class AcceptanceTest {
  readonly clock = new RelativeClock();
  readonly #t: TestContext;
  readonly #toleranceMs: number;
  readonly #starvedMs: number;
  readonly #webhooks: Webhook[] = [];
  readonly #actions: Action[] = [];
  #server: Server | undefined;

  constructor(t: TestContext, options: AcceptanceOptions = {}) {
    this.#t = t;
    this.#toleranceMs = options.toleranceMs ?? 150;
    this.#starvedMs = options.starvedMs ?? 100;
    t.after(() => this.close());
  }

  async webhook(name: string, behaviour?: WebhookBehaviour): Promise<Webhook> {
    const webhook = await Webhook.start(name, this.clock, behaviour);
    this.#webhooks.push(webhook);
    return webhook;
  }

  /** Declares the server under test with this alertmanager.yml; it starts in `start`/`run`. */
  async alertmanager(config: string, flags: ServerFlags = {}): Promise<Server> {
    const dir = await mkdtemp(join(tmpdir(), 'tocsin-acceptance-'));
    const configFile = join(dir, 'alertmanager.yml');
    await writeFile(configFile, config);
    this.#server = new Server(this, { ...flags, configFile, storageDir: join(dir, 'data') }, dir);
    return this.#server;
  }

  /** Runs `fn` at relative second `at` (after `run` has set the base time). */
  at(at: number, what: string, fn: () => Promise<void> | void): void {
    this.#actions.push({ at, what, run: async () => fn() });
  }

  /**
   * Starts the server and sets the base time: relative second 0 is "ready now". Concurrent
   * scenarios start their timelines only once every server being started is up, so a CPU-heavy
   * start-up does not delay another scenario's flushes on a small machine.
   */
  async start(): Promise<Server> {
    const server = this.#server;
    if (server === undefined) throw new Error('no server declared: call alertmanager(config) first');
    starting += 1;
    try {
      await server.process();
    } finally {
      starting -= 1;
    }
    await waitFor('the other scenarios\' servers to start', 60_000, () => starting === 0);
    this.clock.resetBase();
    return server;
  }

  /**
   * Starts the server, runs the actions at their times, waits until the latest expectation
   * window has closed, then checks every webhook; throws one AssertionError with all timelines.
   * A run that failed while this process was kept from running for `starvedMs` or more (the
   * machine, not the server, was slow) is run once more from a fresh server and storage, and
   * only the second run's verdict counts.
   */
  async run(): Promise<void> {
    let failure = await this.#runOnce();
    if (failure !== undefined && failure.stalledMs >= this.#starvedMs) {
      this.#t.diagnostic(`run again: the first run failed while this process stalled for ${Math.round(failure.stalledMs)} ms`);
      for (const line of failure.report.split('\n')) this.#t.diagnostic(line);
      await this.#server?.discard();
      for (const webhook of this.#webhooks) webhook.forget();
      failure = await this.#runOnce();
    }
    if (failure !== undefined) throw new AssertionError({ message: `${failure.report}\n${failure.log}` });
  }

  /** One run of the scenario; undefined when it passed, else its report, the server log and the longest stall. */
  async #runOnce(): Promise<{ report: string; log: string; stalledMs: number } | undefined> {
    const server = await this.start();
    const stalls = new StallMonitor();
    const latest = Math.max(0, ...this.#webhooks.map((w) => w.latest()));
    const runs: ActionRun[] = [];
    const errors: string[] = [];
    const actions = this.#actions.map(async (action) => {
      await this.clock.sleepUntil(action.at);
      const startMs = Date.now();
      try {
        await action.run();
      } catch (err) {
        errors.push(`@${action.at} ${action.what}: ${(err as Error).message}`);
      }
      runs.push({ at: action.at, startMs, endMs: Date.now() });
    });
    await Promise.all([...actions, this.clock.sleepUntil(latest)]);
    const stalledMs = stalls.stop();
    const match = { clock: this.clock, toleranceMs: this.#toleranceMs, runs };
    const results = this.#webhooks.map((w) => checkWebhook(w, match));
    if (errors.length === 0 && results.every((r) => r.ok)) return undefined;
    const actionErrors = errors.length === 0 ? [] : ['failed actions:', ...errors.map((e) => `  ${e}`)];
    const stall = `(this process stalled for up to ${Math.round(stalledMs)} ms during the run)`;
    return { report: [...actionErrors, ...results.map((r) => r.report), stall].join('\n'), log: server.logExcerpt(), stalledMs };
  }

  /** Runs imperative checks; a failure carries the server log. */
  async verify(fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      throw new AssertionError({ message: `${message}\n${this.#server?.logExcerpt() ?? ''}` });
    }
  }

  async close(): Promise<void> {
    await Promise.all([this.#server?.close(), ...this.#webhooks.map((w) => w.close())]);
  }
}

/** The server under test as a scenario sees it: timed pushes and silences, plus the API. */
export class Server {
  readonly #test: AcceptanceTest;
  readonly #options: ServerOptions;
  readonly #dir: string;
  #process: ServerProcess | undefined;

  constructor(test: AcceptanceTest, options: ServerOptions, dir: string) {
    this.#test = test;
    this.#options = options;
    this.#dir = dir;
  }

  /** The running process, started on first use. */
  async process(): Promise<ServerProcess> {
    this.#process ??= await ServerProcess.launch(this.#options);
    return this.#process;
  }

  get api(): ApiClient {
    return new ApiClient(this.#running().url);
  }

  get url(): string {
    return this.#running().url;
  }

  push(at: number, ...alerts: TestAlert[]): void {
    this.#test.at(at, `push ${alerts.join(', ')}`, async () => {
      const res = await this.api.postAlerts(alerts.map((a) => a.toPostable(this.#test.clock)));
      if (res.status !== 200) throw new Error(describeResponse(res));
    });
  }

  setSilence(at: number, silence: TestSilence): void {
    this.#test.at(at, 'create silence', async () => {
      silence.id = await this.api.createSilence(silence.toPostable(this.#test.clock));
    });
  }

  delSilence(at: number, silence: TestSilence): void {
    this.#test.at(at, 'delete silence', async () => {
      if (silence.id === undefined) throw new Error('the silence was never created');
      await this.api.deleteSilence(silence.id);
    });
  }

  /** SIGHUP at relative second `at`. */
  reload(at: number): void {
    this.#test.at(at, 'reload (SIGHUP)', () => this.#running().reload());
  }

  logExcerpt(): string {
    return this.#process?.logExcerpt() ?? '(the server was never started)';
  }

  /** Stops the server and removes its storage; the next use starts a fresh one. */
  async discard(): Promise<void> {
    await this.#process?.stop();
    this.#process = undefined;
    await rm(this.#options.storageDir, { recursive: true, force: true });
  }

  async close(): Promise<void> {
    await this.#process?.stop();
    await rm(this.#dir, { recursive: true, force: true });
  }

  #running(): ServerProcess {
    if (this.#process === undefined) throw new Error('the server is not started yet');
    return this.#process;
  }
}
