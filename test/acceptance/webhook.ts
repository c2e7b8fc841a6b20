import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Interval, LabelSet, TestAlert } from './builders.ts';
import { parseGoTime } from './go-time.ts';
import type { RelativeClock } from './relative-clock.ts';

/** One alert as a webhook notification carried it; times are epoch ms, undefined for Go's zero time. */
export interface ReceivedAlert {
  labels: LabelSet;
  annotations: LabelSet;
  startsAt: number | undefined;
  endsAt: number | undefined;
}

export interface ReceivedBatch {
  /** Arrival, epoch ms. */
  atMs: number;
  alerts: ReceivedAlert[];
}

/** Every HTTP request, recorded or not (retry tests count attempts). */
export interface WebhookRequest {
  /** Arrival, relative seconds. */
  at: number;
  status: number;
}

export interface WebhookBehaviour {
  /** True: answer 200 with an empty body and do not record (upstream's `MockWebhook.Func`). */
  drop?: (t: number) => boolean;
  /** Milliseconds to wait before answering (TestWebhookTimeout). */
  delayMs?: (t: number) => number;
  /** The status to answer for the n-th request (0-based); only 2xx answers are recorded. */
  status?: (attempt: number, t: number) => number;
}

export interface Expectation {
  interval: Interval;
  alerts: readonly TestAlert[];
}

/** A node:http receiver standing in for a webhook integration, with its expectations. */
export class Webhook {
  readonly name: string;
  readonly batches: ReceivedBatch[] = [];
  readonly requests: WebhookRequest[] = [];
  readonly expectations: Expectation[] = [];
  readonly #server: Server;
  readonly #clock: RelativeClock;
  readonly #behaviour: WebhookBehaviour;

  private constructor(name: string, server: Server, clock: RelativeClock, behaviour: WebhookBehaviour) {
    this.name = name;
    this.#server = server;
    this.#clock = clock;
    this.#behaviour = behaviour;
  }

  static async start(name: string, clock: RelativeClock, behaviour: WebhookBehaviour = {}): Promise<Webhook> {
    const server = createServer();
    const webhook = new Webhook(name, server, clock, behaviour);
    server.on('request', (req, res) => {
      // A client that gave up (webhook timeout) aborts the body; nothing to record then.
      webhook.#handle(req, res).catch(() => res.destroy());
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    return webhook;
  }

  /** `http://127.0.0.1:PORT/`, for `webhook_configs[].url`. */
  get url(): string {
    const { port } = this.#server.address() as AddressInfo;
    return `http://127.0.0.1:${port}/`;
  }

  /** Expect one notification inside `interval` carrying exactly `alerts`; none at all when empty. */
  want(interval: Interval, ...alerts: TestAlert[]): void {
    this.expectations.push({ interval, alerts });
  }

  /** The latest relative second at which something is expected. */
  latest(): number {
    return Math.max(0, ...this.expectations.map((e) => e.interval.to));
  }

  /** Drops what was received, keeping the expectations, for a scenario run again. */
  forget(): void {
    this.batches.length = 0;
    this.requests.length = 0;
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const arrivedMs = Date.now();
    const t = this.#clock.relative(arrivedMs);
    const attempt = this.requests.length;
    const body = await readBody(req);
    const delay = this.#behaviour.delayMs?.(t) ?? 0;
    if (delay > 0) await sleep(delay);
    const status = this.#behaviour.status?.(attempt, t) ?? 200;
    this.requests.push({ at: t, status });
    if (status >= 200 && status < 300 && this.#behaviour.drop?.(t) !== true) {
      this.batches.push({ atMs: arrivedMs, alerts: parseNotification(body) });
    }
    if (!res.destroyed) res.writeHead(status).end();
  }
}

function parseNotification(body: string): ReceivedAlert[] {
  const message = JSON.parse(body) as { alerts?: Record<string, unknown>[] };
  return (message.alerts ?? []).map((a) => ({
    labels: (a['labels'] ?? {}) as LabelSet,
    annotations: (a['annotations'] ?? {}) as LabelSet,
    startsAt: parseGoTime(String(a['startsAt'])),
    endsAt: parseGoTime(String(a['endsAt'])),
  }));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
