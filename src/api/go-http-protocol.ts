import { STATUS_CODES } from 'node:http';
import type { IncomingMessage, RequestListener, Server, ServerOptions, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

// Alertmanager serves HTTP with Go's net/http. Below the routes, node's server answers some
// requests differently: it refuses headers past 16 KiB (Go takes 1 MiB), closes keep-alive
// connections idle for 5 s (Go keeps them), answers malformed requests with an empty 400, sends
// `OPTIONS *` and `GET *` on to the routes, accepts versions other than 1.x, unsupported transfer
// codings and bad Host headers, and drops CONNECT without an answer. This module makes a node
// server answer those as Go does.

/** Go's default `MaxHeaderBytes` (1 MiB) plus the 4 KiB it reads past it before refusing. */
export const MAX_HEADER_BYTES = (1 << 20) + 4096;

/**
 * The node server options Go's defaults call for; the Host header is checked by `serveAsGo`.
 * Idle keep-alive connections stay open, as Alertmanager's server sets no idle timeout: a client
 * that sends on a pooled connection just as the server closes it sees the POST fail, and Go's
 * HTTP client (Prometheus's) does not retry a POST.
 */
export const GO_SERVER_OPTIONS: ServerOptions = { maxHeaderSize: MAX_HEADER_BYTES, requireHostHeader: false, keepAliveTimeout: 0 };

/** How long a refused connection may still read the answer before it is closed, as Go waits after a 431. */
const CLOSE_GRACE_MS = 500;

/** A request Go refuses before any handler sees it, or answers without one. */
export interface Refusal {
  readonly status: number;
  /** Go's detail, shown after the status text in the status line and the body. */
  readonly detail?: string;
  /** The body in place of `<status> <text>[: detail]`. */
  readonly body?: string;
  /** Go's answers to a `*` target: no body, no content type. */
  readonly empty?: boolean;
  /** Whether the connection closes after the answer. */
  readonly close: boolean;
}

/**
 * What Go's server answers in place of the handler for this request, in the order Go checks:
 * more than one Host header, a transfer coding other than `chunked`, a major version other than
 * 1, a missing or malformed Host header, then the `*` target (`OPTIONS *` 200, others 400).
 */
function refusalOf(req: IncomingMessage): Refusal | undefined {
  const http11 = req.httpVersionMajor > 1 || (req.httpVersionMajor === 1 && req.httpVersionMinor >= 1);
  if (hostHeaderCount(req.rawHeaders) > 1) return { status: 400, close: true };
  const coding = req.headers['transfer-encoding'];
  if (http11 && coding !== undefined && coding.toLowerCase() !== 'chunked') {
    return { status: 501, body: 'Unsupported transfer encoding', close: true };
  }
  if (req.httpVersionMajor !== 1) return { status: 505, detail: 'unsupported protocol version', close: true };
  const host = req.headers.host;
  if (host === undefined) return http11 ? { status: 400, detail: 'missing required Host header', close: true } : undefined;
  if (!VALID_HOST.test(host)) return { status: 400, detail: 'malformed Host header', close: true };
  if (req.url !== '*') return undefined;
  return req.method === 'OPTIONS' ? { status: 200, empty: true, close: false } : { status: 400, empty: true, close: http11 };
}

/**
 * The answer Go writes for a request node's parser could not read (`clientError`), by its code:
 * headers too large (431), a version that is well formed but not 1.x (505), HTTP/2's preface
 * (an empty 400), anything else 400.
 */
export function parseErrorRefusal(error: Error & { code?: string; rawPacket?: Buffer }): Refusal {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return { status: 431, close: true };
    case 'HPE_INVALID_VERSION':
      return /^\S+ \S+ HTTP\/[02-9]\.\d\r?\n/.test(error.rawPacket?.toString('latin1') ?? '')
        ? { status: 505, detail: 'unsupported protocol version', close: true }
        : { status: 400, close: true };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { status: 408, close: true };
    case 'HPE_PAUSED_H2_UPGRADE':
      // HTTP/2's preface, `PRI * HTTP/2.0`: Go reads it as a request for `*`, which its router refuses.
      return { status: 400, empty: true, close: true };
    default:
      return { status: 400, close: true };
  }
}

/** Go's wording: `<status> <text>` with the detail after a colon. */
function statusLine(refusal: Refusal): string {
  const text = `${refusal.status} ${STATUS_CODES[refusal.status] ?? ''}`;
  return refusal.detail === undefined ? text : `${text}: ${refusal.detail}`;
}

/** The refusal as raw HTTP/1.1, for a connection no response object belongs to. */
export function rawRefusal(refusal: Refusal): string {
  const line = statusLine(refusal);
  if (refusal.empty === true) return `HTTP/1.1 ${line}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`;
  return `HTTP/1.1 ${line}\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n${refusal.body ?? line}`;
}

/** Answers the request in place of the handler; a closing answer ends the connection once written. */
function answer(res: ServerResponse, refusal: Refusal): void {
  const headers: Record<string, string> = { 'Content-Length': '0' };
  if (refusal.close) headers['Connection'] = 'close';
  if (refusal.empty === true) {
    res.writeHead(refusal.status, headers).end();
    return;
  }
  const line = statusLine(refusal);
  const body = refusal.body ?? line;
  headers['Content-Type'] = 'text/plain; charset=utf-8';
  headers['Content-Length'] = String(Buffer.byteLength(body));
  res.writeHead(refusal.status, line.slice(4), headers).end(body);
}

/** Writes `text` and closes the connection once the peer had time to read it. */
function refuseConnection(socket: Duplex, text: string): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  socket.end(text);
  setTimeout(() => socket.destroy(), CLOSE_GRACE_MS).unref();
}

/**
 * Serves `handler` on `server` (created with `GO_SERVER_OPTIONS`) behind Go's protocol checks:
 * `refusalOf` before the handler, Go's answers to unreadable requests, and a 404 for CONNECT,
 * which Go's router answers as it answers any path it lacks.
 */
export function serveAsGo(server: Server, handler: RequestListener): void {
  // The response under way on each connection (its request is `res.req`), to place the answer to
  // a parse error after it.
  const responses = new WeakMap<Duplex, ServerResponse>();
  // Connections that a refusal closes once it is written; their parse errors (the body of a
  // refused transfer coding, say) need no answer.
  const closing = new WeakSet<Duplex>();
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    responses.set(req.socket, res);
    const refusal = refusalOf(req);
    if (refusal === undefined) {
      handler(req, res);
      return;
    }
    if (refusal.close) closing.add(req.socket);
    answer(res, refusal);
  });
  server.on('clientError', (error: Error, socket: Duplex) => {
    if (closing.has(socket)) return;
    if ((error as NodeJS.ErrnoException).code === 'ECONNRESET') {
      socket.destroy();
      return;
    }
    const text = rawRefusal(parseErrorRefusal(error));
    const res = responses.get(socket);
    if (res === undefined || res.writableFinished) refuseConnection(socket, text);
    // A pipelined request after one whose body was read: Go answers it after the one before.
    else if (res.req.complete) res.once('finish', () => refuseConnection(socket, text));
    // The request's own body is broken: answered unless its answer has begun, which is cut off.
    else if (!res.headersSent) refuseConnection(socket, text);
    else socket.destroy();
  });
  server.on('connect', (_req: IncomingMessage, socket: Duplex) => {
    const body = '404 page not found\n';
    refuseConnection(
      socket,
      `HTTP/1.1 404 Not Found\r\nContent-Type: text/plain; charset=utf-8\r\nX-Content-Type-Options: nosniff\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}

function hostHeaderCount(raw: readonly string[]): number {
  let count = 0;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i] as string;
    if (name.length === 4 && name.toLowerCase() === 'host') count++;
  }
  return count;
}

/** Go's `httpguts.ValidHostHeader`: only bytes that may appear in a host, a port or an IPv6 zone. */
const VALID_HOST = /^[A-Za-z0-9!$%&'()*+,\-.:;=[\]_~]*$/;
