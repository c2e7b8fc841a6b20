import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';
import test from 'node:test';
import { rawPostAll, readAnswer } from './raw-post.ts';

async function listening(server: Server): Promise<string> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function withHttpServer(handler: (req: IncomingMessage, body: string, res: ServerResponse) => void, run: (origin: string) => Promise<void>): Promise<void> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => handler(req, Buffer.concat(chunks).toString('utf8'), res));
  });
  try {
    await run(await listening(server));
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

test('every body is posted once, with its headers, and each answer counted', async () => {
  const received: string[] = [];
  const bodies = Array.from({ length: 50 }, (_, i) => Buffer.from(JSON.stringify([{ labels: { i: String(i), text: 'é'.repeat(i * 100) } }])));
  await withHttpServer(
    (req, body, res) => {
      assert.equal(req.method, 'POST');
      assert.equal(req.url, '/api/v2/alerts');
      assert.equal(req.headers['content-type'], 'application/json');
      received.push(body);
      res.end();
    },
    async (origin) => {
      const done: number[] = [];
      const ms = await rawPostAll(origin, '/api/v2/alerts', bodies, 4, (n) => done.push(n));
      assert.ok(ms > 0);
      assert.deepEqual(done, Array.from({ length: 50 }, (_, i) => i + 1));
    },
  );
  assert.deepEqual(received.sort(), bodies.map((b) => b.toString('utf8')).sort());
});

test('a non-2xx answer rejects with its status and body', async () => {
  await withHttpServer(
    (_req, _body, res) => {
      res.statusCode = 400;
      res.end('{"code":400,"message":"bad alert"}');
    },
    async (origin) => {
      await assert.rejects(rawPostAll(origin, '/api/v2/alerts', [Buffer.from('[]')], 1), /POST \/api\/v2\/alerts: 400 .*bad alert/);
    },
  );
});

test('an answer split across reads is put together, and a closed connection rejects', async () => {
  let requests = 0;
  const server = createNetServer((socket: Socket) => {
    socket.on('data', () => {
      requests++;
      if (requests === 2) {
        socket.destroy();
        return;
      }
      socket.write('HTTP/1.1 200 OK\r\nContent-Le');
      setTimeout(() => socket.write('ngth: 2\r\n\r\n{'), 5);
      setTimeout(() => socket.write('}'), 10);
    });
  });
  try {
    const origin = await listening(server);
    await rawPostAll(origin, '/api/v2/alerts', [Buffer.from('[]')], 1);
    await assert.rejects(rawPostAll(origin, '/api/v2/alerts', [Buffer.from('[]')], 1), /closed by the server|ECONNRESET/);
  } finally {
    server.close();
  }
});

test('readAnswer waits for the whole answer, takes only its own bytes and refuses what it cannot read', () => {
  const two = Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 204 No Content\r\ncontent-length: 0\r\n\r\n', 'latin1');
  const first = readAnswer(two);
  assert.equal(first?.answer.status, 200);
  assert.equal(first?.answer.body.toString(), 'ok');
  const second = readAnswer(two.subarray(first?.length));
  assert.equal(second?.answer.status, 204);
  assert.equal(second?.length, two.length - (first?.length ?? 0));
  assert.equal(readAnswer(Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nabc')), undefined);
  assert.equal(readAnswer(Buffer.from('HTTP/1.1 200 OK\r\nContent-Len')), undefined);
  assert.throws(() => readAnswer(Buffer.from('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n')), /chunked/);
  assert.throws(() => readAnswer(Buffer.from('HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n')), /without content-length/);
  assert.throws(() => readAnswer(Buffer.from('SSH-2.0-OpenSSH\r\n\r\n')), /not an HTTP\/1.1 answer/);
});
