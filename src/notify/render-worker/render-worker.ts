/**
 * Renders the config strings of large notifications on a worker thread. Rendering a group of
 * 10,000 alerts into its default email (30 MB of HTML) or PagerDuty details takes hundreds of
 * milliseconds that the event loop would otherwise spend on it, holding up ingest, the API and
 * every other notification. The worker starts with the first job and ends after an idle spell,
 * so a process that never notifies a large group never holds its memory. When the worker fails,
 * its jobs resolve undefined and the caller renders on the main thread.
 */
import { Worker } from 'node:worker_threads';
import { forEachSliced } from '../../common/sliced-loop.ts';
import type { Logger } from '../../common/logger.ts';
import type { AlertmanagerTemplates } from '../../template/alertmanager-templates.ts';
import { templateAlert } from '../template-data-input.ts';
import type { TemplateInput, TemplateTexts } from '../templates.ts';
import type { FromWorker, ToWorker } from './protocol.ts';

/** What a render produced: each text that rendered, by its source. */
export interface RenderedTexts {
  readonly text: ReadonlyMap<string, string>;
  readonly html: ReadonlyMap<string, string>;
  /** Each payload's JSON, by the payload value given. */
  readonly payloads: ReadonlyMap<unknown, string>;
  /** Whether every text rendered. */
  readonly complete: boolean;
}

/** Renders a notification's texts off the main thread. */
export interface TemplateRenderer {
  /** Undefined when nothing could be rendered (the worker failed or was closed); never rejects. */
  render(templates: AlertmanagerTemplates, input: TemplateInput, texts: TemplateTexts): Promise<RenderedTexts | undefined>;
}

export interface RenderWorkerOptions {
  /** How long the worker is kept without a job; 10 s by default. */
  readonly idleMs?: number;
  readonly logger?: Pick<Logger, 'debug' | 'warn'>;
}

// Serialising 10,000 alerts takes 15–25 ms: they go in messages of this many, a slice at a time.
const ALERTS_PER_MESSAGE = 256;
// Reloads make new template sets; the worker keeps the newest few, for notifications under way.
const KEPT_TEMPLATE_SETS = 4;
const DEFAULT_IDLE_MS = 10_000;

// Under tsx (the tests) this module is TypeScript and built it is JavaScript; so is the worker.
const UNDER_TSX = import.meta.url.endsWith('.ts');
const WORKER_URL = new URL(UNDER_TSX ? './worker.ts' : './worker.js', import.meta.url);

function startWorker(): Worker {
  if (!UNDER_TSX) return new Worker(WORKER_URL);
  // Node 20 runs no --import hooks in a worker, so under tsx the worker registers tsx itself.
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  return new Worker(`import(${tsx}).then((tsx) => { tsx.register(); return import(${JSON.stringify(WORKER_URL.href)}); });`, { eval: true });
}

/** The render worker of a process. */
export class RenderWorker implements TemplateRenderer {
  readonly #idleMs: number;
  readonly #logger: Pick<Logger, 'debug' | 'warn'> | undefined;
  #thread: RenderThread | undefined;
  #idle: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(options: RenderWorkerOptions = {}) {
    this.#idleMs = options.idleMs ?? DEFAULT_IDLE_MS;
    this.#logger = options.logger;
  }

  /** Whether a worker thread is running now. */
  get running(): boolean {
    return this.#thread !== undefined;
  }

  async render(templates: AlertmanagerTemplates, input: TemplateInput, texts: TemplateTexts): Promise<RenderedTexts | undefined> {
    if (this.#closed) return undefined;
    clearTimeout(this.#idle);
    if (this.#thread === undefined) {
      this.#thread = new RenderThread(this.#logger, (thread) => {
        if (this.#thread === thread) this.#thread = undefined;
      });
      this.#logger?.debug('started the template render worker');
    }
    const reply = await this.#thread.render(templates, input, texts);
    this.#whenIdle();
    return reply === undefined ? undefined : renderedTexts(texts, reply);
  }

  /** Ends the worker; later renders resolve undefined. */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#idle);
    await this.#thread?.terminate();
  }

  /**
   * Stops the worker now unless it has a job, giving back its memory (a 10,000-alert email leaves
   * it holding about 100 MiB); the next render starts another.
   */
  release(): void {
    const thread = this.#thread;
    if (thread === undefined || thread.busy) return;
    clearTimeout(this.#idle);
    this.#thread = undefined;
    this.#logger?.debug('stopping the idle template render worker');
    void thread.terminate();
  }

  #whenIdle(): void {
    const thread = this.#thread;
    if (thread === undefined || thread.busy || this.#closed) return;
    clearTimeout(this.#idle);
    this.#idle = setTimeout(() => {
      if (this.#thread === thread) this.release();
    }, this.#idleMs).unref();
  }
}

/** One worker thread and the jobs and template sets it holds. */
class RenderThread {
  readonly #worker: Worker;
  readonly #jobs = new Map<number, (reply: FromWorker | undefined) => void>();
  readonly #sets: { readonly templates: AlertmanagerTemplates; readonly id: number }[] = [];
  #nextJob = 1;
  #nextSet = 1;
  #exited = false;

  constructor(logger: Pick<Logger, 'warn'> | undefined, onExit: (thread: RenderThread) => void) {
    this.#worker = startWorker();
    // Notifications waiting on it must not keep a process that is shutting down alive.
    this.#worker.unref();
    this.#worker.on('message', (reply: FromWorker) => this.#settle(reply.job, reply));
    this.#worker.on('error', (err) => logger?.warn('the template render worker failed; rendering on the main thread', { err }));
    this.#worker.on('exit', () => {
      this.#exited = true;
      for (const job of [...this.#jobs.keys()]) this.#settle(job, undefined);
      onExit(this);
    });
  }

  get busy(): boolean {
    return this.#jobs.size > 0;
  }

  async render(templates: AlertmanagerTemplates, input: TemplateInput, texts: TemplateTexts): Promise<FromWorker | undefined> {
    const job = this.#nextJob++;
    const reply = new Promise<FromWorker | undefined>((resolve) => this.#jobs.set(job, resolve));
    const set = this.#setOf(templates);
    const { alerts } = input;
    const messages = Math.ceil(alerts.length / ALERTS_PER_MESSAGE);
    await forEachSliced(messages, (m) => {
      const chunk = alerts.slice(m * ALERTS_PER_MESSAGE, (m + 1) * ALERTS_PER_MESSAGE).map(templateAlert);
      this.#post({ type: 'alerts', job, alerts: chunk });
    });
    const { receiver, groupLabels, routeLabels, reason, externalURL, now } = input;
    this.#post({ type: 'render', job, templates: set, input: { receiver, groupLabels, routeLabels, reason, externalURL, now }, texts });
    return reply;
  }

  async terminate(): Promise<void> {
    await this.#worker.terminate();
  }

  // The id of `templates` in this worker, sending the set when it is new here.
  #setOf(templates: AlertmanagerTemplates): number {
    const known = this.#sets.find((s) => s.templates === templates);
    if (known !== undefined) return known.id;
    const id = this.#nextSet++;
    this.#post({ type: 'templates', id, sources: templates.sources });
    this.#sets.push({ templates, id });
    if (this.#sets.length > KEPT_TEMPLATE_SETS) this.#post({ type: 'forget', id: (this.#sets.shift() as { id: number }).id });
    return id;
  }

  #post(message: ToWorker): void {
    if (!this.#exited) this.#worker.postMessage(message);
  }

  #settle(job: number, reply: FromWorker | undefined): void {
    const resolve = this.#jobs.get(job);
    this.#jobs.delete(job);
    resolve?.(reply);
  }
}

function renderedTexts(texts: TemplateTexts, reply: FromWorker): RenderedTexts {
  let complete = true;
  const collect = <K>(sources: readonly K[], results: readonly (string | null)[]): Map<K, string> => {
    const out = new Map<K, string>();
    sources.forEach((source, i) => {
      const result = results[i];
      if (typeof result === 'string') out.set(source, result);
      else complete = false;
    });
    return out;
  };
  const text = collect(texts.text, reply.text);
  const html = collect(texts.html, reply.html);
  const payloads = collect(texts.payloads, reply.payloads);
  return { text, html, payloads, complete };
}
