import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One webhook request as it arrived. */
export interface Delivery {
  /** `tocsin` or `alertmanager`, from the User-Agent. */
  server: string;
  receiver: string;
  groupKey: string;
  /** Arrival, epoch ms. */
  atMs: number;
  /** The status answered; only 2xx deliveries count as notifications. */
  status: number;
  body: WebhookMessage;
}

export interface WebhookMessage {
  groupKey: string;
  status: string;
  truncatedAlerts: number;
  groupLabels: Record<string, string>;
  commonLabels: Record<string, string>;
  commonAnnotations: Record<string, string>;
  alerts: Array<{ status: string; labels: Record<string, string>; annotations: Record<string, string>; fingerprint: string }>;
}

/** Decides the status of a request: the receiver, the group and when it arrived (epoch ms). */
export type Answer = (delivery: Omit<Delivery, 'status' | 'body'>) => number;

/**
 * One HTTP receiver for both servers: `/<receiver>` names the receiver, the User-Agent the
 * server (Tocsin sends `Tocsin/…`, Alertmanager `Alertmanager/…`). Every request is logged.
 */
export class WebhookLog {
  readonly deliveries: Delivery[] = [];
  readonly #server: Server;

  private constructor(server: Server) {
    this.#server = server;
  }

  static async start(answer: Answer): Promise<WebhookLog> {
    const server = createServer();
    // Go reuses an idle connection the moment Node's 5 s keep-alive closes it, fails, and retries
    // later: a delay that is the test's, not the server's.
    server.keepAliveTimeout = 120_000;
    const log = new WebhookLog(server);
    server.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as WebhookMessage;
        const agent = req.headers['user-agent'] ?? '';
        const arrival = {
          server: agent.startsWith('Tocsin/') ? 'tocsin' : agent.startsWith('Alertmanager/') ? 'alertmanager' : agent,
          receiver: (req.url ?? '').slice(1),
          groupKey: body.groupKey,
          atMs: Date.now(),
        };
        const status = answer(arrival);
        log.deliveries.push({ ...arrival, status, body });
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    return log;
  }

  /** `http://127.0.0.1:PORT/`; a receiver's name follows. */
  get url(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/`;
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}
