import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';

/** One webhook request as the sink saw it. */
export interface Arrival {
  /** Epoch milliseconds (fractional) when the request arrived. */
  at: number;
  path: string;
  alerts: number;
  /** The earliest `startsAt` among the notification's alerts, epoch ms. */
  startsAt: number;
}

export type SinkRequest = 'count' | 'take';
export type SinkReply = { type: 'listening'; port: number } | { type: 'count'; count: number } | { type: 'arrivals'; arrivals: Arrival[] };

/** A fast local webhook receiver in a child process that records every request it answers. */
export class WebhookSink {
  readonly url: string;
  readonly #child: ChildProcess;
  #queue: Promise<unknown> = Promise.resolve();

  private constructor(child: ChildProcess, url: string) {
    this.#child = child;
    this.url = url;
  }

  static async start(): Promise<WebhookSink> {
    const child = fork(new URL('./sink-process.ts', import.meta.url), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const [reply] = (await once(child, 'message')) as [SinkReply];
    if (reply.type !== 'listening') throw new Error(`sink: unexpected ${reply.type}`);
    return new WebhookSink(child, `http://127.0.0.1:${reply.port}`);
  }

  /** Requests received since the sink started. */
  async count(): Promise<number> {
    const reply = await this.#ask('count');
    return reply.type === 'count' ? reply.count : Number.NaN;
  }

  /** The arrivals since the last call. */
  async take(): Promise<Arrival[]> {
    const reply = await this.#ask('take');
    return reply.type === 'arrivals' ? reply.arrivals : [];
  }

  /** Waits until `target` requests have arrived in total, or `timeoutMs` passed; true if reached. */
  async waitForCount(target: number, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while ((await this.count()) < target) {
      if (Date.now() > deadline) return false;
      await sleep(25);
    }
    return true;
  }

  async close(): Promise<void> {
    const exited = once(this.#child, 'exit');
    this.#child.disconnect();
    await exited;
  }

  /** One question at a time, so each reply pairs with its request. */
  #ask(request: SinkRequest): Promise<SinkReply> {
    const answer = this.#queue.then(async () => {
      const reply = once(this.#child, 'message') as Promise<[SinkReply]>;
      this.#child.send(request);
      return (await reply)[0];
    });
    this.#queue = answer.catch(() => undefined);
    return answer;
  }
}
