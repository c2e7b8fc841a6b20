import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { Server } from 'node:http';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { idleThenAgain, rawExchange } from '../../test/support/raw-http.ts';
import { MAX_HEADER_BYTES, parseErrorRefusal, rawRefusal } from './go-http-protocol.ts';
import { boundAddress, closeAll, listenAll } from './listen.ts';

const TEXT = 'text/plain; charset=utf-8';

describe('HTTP below the routes, as Go net/http answers', () => {
  let servers: Server[] = [];
  let url = '';
  const handled: string[] = [];

  before(async () => {
    servers = await listenAll([{ address: '127.0.0.1:0' }], (req, res) => {
      handled.push(`${req.method ?? ''} ${req.url ?? ''}`);
      if (req.url === '/stream') {
        // Answers before reading the body, so a broken body arrives after the headers went out.
        res.writeHead(200, { 'Content-Type': TEXT });
        res.write('started');
        return;
      }
      req.resume();
      req.on('end', () => res.end('handled'));
    });
    url = `http://${boundAddress(servers[0] as Server)}`;
  });
  after(() => closeAll(servers));

  const get = (target: string, headers = 'Host: tocsin\r\n', version = 'HTTP/1.1'): string => `GET ${target} ${version}\r\n${headers}\r\n`;

  test('an unreadable request gets a 400 with a text body, and the connection closes', async () => {
    const res = await rawExchange(url, 'HELLO\r\n\r\n');
    assert.equal(res.statusLine, 'HTTP/1.1 400 Bad Request');
    assert.equal(res.headers.get('content-type'), TEXT);
    assert.equal(res.headers.get('connection'), 'close');
    assert.equal(res.body, '400 Bad Request');
    assert.equal(res.closed, true);
  });

  test('versions other than 1.x get a 505, malformed ones a 400', async () => {
    for (const version of ['HTTP/9.9', 'HTTP/2.0', 'HTTP/0.9']) {
      const res = await rawExchange(url, get('/', 'Host: tocsin\r\n', version));
      assert.equal(res.statusLine, 'HTTP/1.1 505 HTTP Version Not Supported: unsupported protocol version', version);
      assert.equal(res.body, '505 HTTP Version Not Supported: unsupported protocol version', version);
    }
    assert.equal((await rawExchange(url, get('/', 'Host: tocsin\r\n', 'HTTP/1.x'))).statusLine, 'HTTP/1.1 400 Bad Request');
  });

  test('HTTP/1.1 needs one well-formed Host header; HTTP/1.0 may leave it out', async () => {
    const missing = await rawExchange(url, get('/', ''));
    assert.equal(missing.statusLine, 'HTTP/1.1 400 Bad Request: missing required Host header');
    assert.equal(missing.body, '400 Bad Request: missing required Host header');
    assert.equal(missing.headers.get('content-type'), TEXT);
    assert.equal(missing.closed, true);
    const malformed = await rawExchange(url, get('/', 'Host: two words\r\n'));
    assert.equal(malformed.statusLine, 'HTTP/1.1 400 Bad Request: malformed Host header');
    assert.equal(malformed.body, '400 Bad Request: malformed Host header');
    const twice = await rawExchange(url, get('/', 'Host: a\r\nHost: b\r\n'));
    assert.equal(twice.statusLine, 'HTTP/1.1 400 Bad Request');
    assert.equal(twice.body, '400 Bad Request');
    for (const host of ['[::1]:9093', 'alertmanager.monitoring.svc:9093', "a!$&'()*+,;=_~%-.b"]) {
      assert.equal((await rawExchange(url, get('/', `Host: ${host}\r\n`))).body, 'handled', host);
    }
    assert.equal((await rawExchange(url, get('/', '', 'HTTP/1.0'))).body, 'handled');
  });

  test('a transfer coding other than chunked gets a 501 and nothing else', async () => {
    for (const coding of ['gzip', 'gzip, chunked']) {
      const res = await rawExchange(url, `POST /api/v2/alerts HTTP/1.1\r\nHost: tocsin\r\nTransfer-Encoding: ${coding}\r\n\r\n2\r\n[]\r\n0\r\n\r\n`);
      assert.equal(res.statusLine, 'HTTP/1.1 501 Not Implemented', coding);
      assert.equal(res.body, 'Unsupported transfer encoding', coding);
      assert.equal(res.closed, true, coding);
    }
    const chunked = await rawExchange(url, 'POST /in HTTP/1.1\r\nHost: tocsin\r\nTransfer-Encoding: Chunked\r\n\r\n2\r\n[]\r\n0\r\n\r\n');
    assert.equal(chunked.body, 'handled');
  });

  test('headers up to Go\'s 1 MiB are read; larger ones get a 431', async () => {
    const cookie = (length: number): string => get('/', `Host: tocsin\r\nCookie: ${'c'.repeat(length)}\r\n`);
    assert.equal((await rawExchange(url, cookie(64 * 1024))).body, 'handled');
    assert.equal((await rawExchange(url, cookie(1 << 20))).body, 'handled');
    const tooLarge = await rawExchange(url, cookie(MAX_HEADER_BYTES + 1));
    assert.equal(tooLarge.statusLine, 'HTTP/1.1 431 Request Header Fields Too Large');
    assert.equal(tooLarge.body, '431 Request Header Fields Too Large');
  });

  test('OPTIONS * is answered with an empty 200, any other method on * with a 400; neither reaches the handler', async () => {
    handled.length = 0;
    const options = await rawExchange(url, 'OPTIONS * HTTP/1.1\r\nHost: tocsin\r\n\r\n');
    assert.equal(options.statusLine, 'HTTP/1.1 200 OK');
    assert.equal(options.headers.get('content-length'), '0');
    assert.equal(options.closed, false);
    const star = await rawExchange(url, get('*'));
    assert.equal(star.statusLine, 'HTTP/1.1 400 Bad Request');
    assert.equal(star.headers.get('connection'), 'close');
    assert.equal(star.body, '');
    assert.deepEqual(handled, []);
  });

  test('an idle keep-alive connection stays open past node\'s 5 s, as Go keeps it', async () => {
    const { received, closedWhileIdle } = await idleThenAgain(url, get('/idle'), 5_500, 200);
    assert.equal(closedWhileIdle, false);
    assert.doesNotMatch(received, /keep-alive: timeout/i);
    assert.equal(received.match(/HTTP\/1\.1 200 OK/g)?.length, 2);
  });

  test('HTTP/2\'s preface gets the empty 400 of a `*` target', async () => {
    const res = await rawExchange(url, 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n');
    assert.equal(res.statusLine, 'HTTP/1.1 400 Bad Request');
    assert.equal(res.headers.get('content-length'), '0');
    assert.equal(res.body, '');
    assert.equal(res.closed, true);
  });

  test('CONNECT gets the 404 of a path no route serves', async () => {
    const res = await rawExchange(url, 'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n');
    assert.equal(res.statusLine, 'HTTP/1.1 404 Not Found');
    assert.equal(res.body, '404 page not found\n');
  });

  test('a request whose body breaks after its answer started is cut off, not answered twice', async () => {
    const socket = connect(Number(new URL(url).port), '127.0.0.1');
    let received = '';
    socket.on('data', (chunk: Buffer) => {
      if (received === '') socket.write('zz\r\n');
      received += chunk.toString('latin1');
    });
    socket.write('POST /stream HTTP/1.1\r\nHost: tocsin\r\nTransfer-Encoding: chunked\r\n\r\n');
    await once(socket, 'close');
    assert.match(received, /^HTTP\/1\.1 200 OK\r\n/);
    assert.doesNotMatch(received, /HTTP\/1\.1 400/);
  });

  test('a request whose body is broken before its answer began gets a 400', async () => {
    const res = await rawExchange(url, 'POST /in HTTP/1.1\r\nHost: tocsin\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n');
    assert.equal(res.statusLine, 'HTTP/1.1 400 Bad Request');
    assert.equal(res.body, '400 Bad Request');
  });

  test('an unreadable request pipelined after a good one is answered after it', async () => {
    const res = await rawExchange(url, `${get('/first')}HELLO\r\n\r\n`);
    assert.equal(res.statusLine, 'HTTP/1.1 200 OK');
    assert.match(res.body, /^handledHTTP\/1\.1 400 Bad Request\r\n[^]*\r\n\r\n400 Bad Request$/);
  });
});

describe('parseErrorRefusal', () => {
  const parseError = (code: string, packet = ''): Error & { code: string; rawPacket: Buffer } =>
    Object.assign(new Error(code), { code, rawPacket: Buffer.from(packet, 'latin1') });

  test('maps node parser codes to Go answers', () => {
    assert.equal(rawRefusal(parseErrorRefusal(parseError('HPE_HEADER_OVERFLOW'))).split('\r\n')[0], 'HTTP/1.1 431 Request Header Fields Too Large');
    assert.equal(parseErrorRefusal(parseError('HPE_INVALID_VERSION', 'GET / HTTP/3.0\r\nHost: x\r\n\r\n')).status, 505);
    assert.equal(parseErrorRefusal(parseError('HPE_INVALID_VERSION', 'GET / HTTP/1.2\r\nHost: x\r\n\r\n')).status, 400);
    assert.equal(parseErrorRefusal(parseError('HPE_INVALID_VERSION', 'GET / HTTP/x\r\n')).status, 400);
    assert.equal(parseErrorRefusal(parseError('ERR_HTTP_REQUEST_TIMEOUT')).status, 408);
    assert.equal(parseErrorRefusal(parseError('HPE_INVALID_METHOD')).status, 400);
  });
});
