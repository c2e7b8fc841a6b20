import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** One HTTP answer as it came off the wire. */
export interface RawAnswer {
  /** `HTTP/1.1 400 Bad Request`, say; empty when the server closed without answering. */
  readonly statusLine: string;
  /** Header names in lower case. */
  readonly headers: ReadonlyMap<string, string>;
  readonly body: string;
  /** Whether the server closed the connection (within the wait) after answering. */
  readonly closed: boolean;
}

/**
 * Writes `request` as it is (malformed requests included) to `url`'s host and port and reads
 * the first answer: until the server closes, or `waitMs` after the first bytes arrived.
 */
export function rawExchange(url: string, request: string, waitMs = 300): Promise<RawAnswer> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    let closed = false;
    const finish = (): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(parse(Buffer.concat(chunks).toString('latin1'), closed));
    };
    let timer = setTimeout(finish, 5_000);
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      clearTimeout(timer);
      timer = setTimeout(finish, waitMs);
    });
    socket.on('end', () => {
      closed = true;
      finish();
    });
    // A server that refuses while the request is still being written may reset the connection.
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNRESET' || error.code === 'EPIPE') {
        closed = true;
        finish();
      } else reject(error);
    });
    socket.write(request);
  });
}

/**
 * Writes `request` to `url`'s host and port, lets the connection sit idle for `idleMs`, writes
 * `request` again on it and waits `answerMs`: everything received, and whether the server closed
 * the connection while it was idle.
 */
export async function idleThenAgain(url: string, request: string, idleMs: number, answerMs = 300): Promise<{ received: string; closedWhileIdle: boolean }> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  let received = '';
  let closed = false;
  socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
  socket.on('close', () => (closed = true));
  try {
    socket.write(request);
    await sleep(idleMs);
    const closedWhileIdle = closed;
    if (!closed) socket.write(request);
    await sleep(answerMs);
    return { received, closedWhileIdle };
  } finally {
    socket.destroy();
  }
}

function parse(text: string, closed: boolean): RawAnswer {
  const end = text.indexOf('\r\n\r\n');
  const head = end < 0 ? text : text.slice(0, end);
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers = new Map<string, string>();
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
  }
  return { statusLine, headers, body: end < 0 ? '' : text.slice(end + 4), closed };
}
