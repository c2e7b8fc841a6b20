// The ingest load generator: HTTP/1.1 POSTs of bodies encoded in advance, written on raw
// keep-alive sockets, one request in flight per connection, as wrk does. On a 2-core machine the
// client's CPU is taken from the server it measures: undici's per-request work (about 0.3 ms for
// a 60 KB batch, against 0.13 ms here) cost Tocsin 10-20 % of its ingest rate and Alertmanager
// nothing measurable, in alternating runs.
import { Buffer } from 'node:buffer';
import { createServer } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';

const HEAD_END = Buffer.from('\r\n\r\n', 'latin1');

/** An answer as far as the load generator reads it. */
interface Answer {
  status: number;
  body: Buffer;
}

/** The answer at the start of `data`, with the bytes it took; undefined while incomplete. */
export function readAnswer(data: Buffer): { answer: Answer; length: number } | undefined {
  const headEnd = data.indexOf(HEAD_END);
  if (headEnd < 0) return undefined;
  const head = data.toString('latin1', 0, headEnd);
  const status = /^HTTP\/1\.[01] (\d{3})/.exec(head);
  if (status === null) throw new Error(`not an HTTP/1.1 answer: ${JSON.stringify(head.slice(0, 80))}`);
  if (/^transfer-encoding:/im.test(head)) throw new Error('chunked answers are not read by the load generator');
  const length = /^content-length:\s*(\d+)/im.exec(head);
  if (length === null) throw new Error(`answer without content-length: ${JSON.stringify(head.slice(0, 200))}`);
  const end = headEnd + HEAD_END.length + Number(length[1]);
  if (data.length < end) return undefined;
  return { answer: { status: Number(status[1]), body: data.subarray(headEnd + HEAD_END.length, end) }, length: end };
}

/** One keep-alive connection that posts a body and resolves with its answer, one at a time. */
class PostConnection {
  readonly #socket: Socket;
  readonly #head: (length: number) => Buffer;
  #pending: { resolve: (answer: Answer) => void; reject: (err: Error) => void } | undefined;
  #data: Buffer = Buffer.alloc(0);
  #failure: Error | undefined;

  private constructor(socket: Socket, head: (length: number) => Buffer) {
    this.#socket = socket;
    this.#head = head;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.#receive(chunk));
    socket.on('error', (err) => this.#fail(err));
    socket.on('close', () => this.#fail(new Error('connection closed by the server')));
  }

  static async open(origin: URL, path: string): Promise<PostConnection> {
    const socket = connect(Number(origin.port), origin.hostname);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    const prefix = `POST ${path} HTTP/1.1\r\nHost: ${origin.host}\r\nContent-Type: application/json\r\nContent-Length: `;
    return new PostConnection(socket, (length) => Buffer.from(`${prefix}${length}\r\n\r\n`, 'latin1'));
  }

  post(body: Buffer): Promise<Answer> {
    if (this.#failure !== undefined) return Promise.reject(this.#failure);
    return new Promise((resolve, reject) => {
      this.#pending = { resolve, reject };
      this.#socket.cork();
      this.#socket.write(this.#head(body.length));
      this.#socket.write(body);
      this.#socket.uncork();
    });
  }

  close(): void {
    this.#socket.destroy();
  }

  #receive(chunk: Buffer): void {
    this.#data = this.#data.length === 0 ? chunk : Buffer.concat([this.#data, chunk]);
    let read: ReturnType<typeof readAnswer>;
    try {
      read = readAnswer(this.#data);
    } catch (err) {
      this.#fail(err as Error);
      return;
    }
    if (read === undefined) return;
    this.#data = this.#data.subarray(read.length);
    const pending = this.#pending;
    this.#pending = undefined;
    pending?.resolve(read.answer);
  }

  #fail(err: Error): void {
    this.#failure ??= err;
    const pending = this.#pending;
    this.#pending = undefined;
    pending?.reject(err);
  }
}

/**
 * POSTs `bodies` in order to `origin` + `path` over `connections` keep-alive connections, the
 * next body to whichever connection is free, calling `onDone(n)` after each answer with the number
 * finished. Resolves with the milliseconds from the first post to the last answer; rejects on a
 * non-2xx answer or a lost connection.
 */
export async function rawPostAll(
  origin: string,
  path: string,
  bodies: readonly Buffer[],
  connections: number,
  onDone?: (finished: number) => void,
): Promise<number> {
  const url = new URL(origin);
  const open = await Promise.all(Array.from({ length: connections }, () => PostConnection.open(url, path)));
  const start = performance.now();
  let next = 0;
  let finished = 0;
  const run = async (connection: PostConnection): Promise<void> => {
    while (next < bodies.length) {
      const { status, body } = await connection.post(bodies[next++] as Buffer);
      if (status < 200 || status >= 300) throw new Error(`POST ${path}: ${status} ${body.toString('utf8', 0, 300)}`);
      onDone?.(++finished);
    }
  };
  try {
    await Promise.all(open.map(run));
  } finally {
    for (const connection of open) connection.close();
  }
  return performance.now() - start;
}

/**
 * Runs the load generator against a throwaway local server until it is compiled, so the first
 * server measured in a run does not pay for warming it up.
 */
export async function warmUpLoadGenerator(bodies: readonly Buffer[], connections: number): Promise<void> {
  const server = createServer((req, res) => {
    req.resume();
    req.once('end', () => res.end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  try {
    await rawPostAll(`http://127.0.0.1:${port}`, '/api/v2/alerts', bodies, connections);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}
