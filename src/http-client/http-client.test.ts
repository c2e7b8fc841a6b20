import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Secret } from '../config/secret.ts';
import type { HttpClientConfig, TlsConfig } from '../config/types.ts';
import { MAX_CONNECTIONS_PER_ORIGIN } from './dispatcher.ts';
import { HttpClient } from './http-client.ts';

const zeroTls = (over: Partial<TlsConfig> = {}): TlsConfig => ({
  ca: '', cert: '', ca_file: '', cert_file: '', key_file: '', ca_ref: '', cert_ref: '', key_ref: '',
  server_name: '', insecure_skip_verify: false, ...over,
});

function httpConfig(over: Partial<HttpClientConfig> = {}): HttpClientConfig {
  return {
    bearer_token_file: '', tls_config: zeroTls(), follow_redirects: true, enable_http2: true,
    no_proxy: '', proxy_from_environment: false, ...over,
  };
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

async function listen(server: Server): Promise<string> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
}

let dir: string;
let origin: string;
let handler: Handler = (_req, res) => res.end('ok');
const seen: IncomingMessage[] = [];
const server = createServer((req, res) => {
  seen.push(req);
  req.resume();
  handler(req, res);
});
const clients: HttpClient[] = [];
const client = (c: HttpClientConfig | undefined): HttpClient => {
  const h = new HttpClient(c);
  clients.push(h);
  return h;
};

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tocsin-http-'));
  origin = `http://${await listen(server)}`;
});
after(async () => {
  await Promise.all(clients.map((c) => c.close()));
  server.close();
  await rm(dir, { recursive: true, force: true });
});

describe('HttpClient auth and headers', () => {
  test('basic_auth reads password_file at request time', async () => {
    const file = join(dir, 'pw');
    await writeFile(file, 'first\n');
    const c = client(httpConfig({ basic_auth: { username: 'u', username_file: '', username_ref: '', password_file: file, password_ref: '' } }));
    await c.request(`${origin}/a`);
    await writeFile(file, 'second');
    await c.request(`${origin}/a`);
    const auths = seen.slice(-2).map((r) => Buffer.from((r.headers.authorization ?? '').slice(6), 'base64').toString());
    assert.deepEqual(auths, ['u:first', 'u:second']);
  });

  test('authorization uses its type and credentials or credentials_file', async () => {
    const file = join(dir, 'token');
    await writeFile(file, ' tok-from-file \n');
    await client(httpConfig({ authorization: { type: 'Bearer', credentials: new Secret('abc'), credentials_file: '', credentials_ref: '' } })).request(origin);
    await client(httpConfig({ authorization: { type: 'Token', credentials_file: file, credentials_ref: '' } })).request(origin);
    assert.deepEqual(seen.slice(-2).map((r) => r.headers.authorization), ['Bearer abc', 'Token tok-from-file']);
  });

  test('http_headers adds values, secrets and files; explicit request headers win', async () => {
    const file = join(dir, 'header');
    await writeFile(file, 'from-file\n');
    const c = client(
      httpConfig({
        http_headers: {
          'X-Multi': { values: ['v1'], secrets: [new Secret('s1')], files: [file] },
          'Content-Type': { values: ['text/plain'] },
        },
      }),
    );
    await c.request(origin, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    const req = seen.at(-1) as IncomingMessage;
    assert.equal(req.headers['x-multi'], 'v1, s1, from-file');
    assert.equal(req.headers['content-type'], 'application/json');
  });

  test('oauth2 fetches a client-credentials token once and reuses it until it expires', async () => {
    let tokens = 0;
    let tokenRequest = '';
    let tokenAuth = '';
    const tokenServer = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        tokens++;
        tokenRequest = body;
        tokenAuth = req.headers.authorization ?? '';
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ access_token: `t${tokens}`, token_type: 'bearer', expires_in: 3600 }));
      });
    });
    const tokenHost = await listen(tokenServer);
    try {
      const c = client(
        httpConfig({
          oauth2: {
            client_id: 'id', client_secret: new Secret('s3cr3t'), client_secret_file: '', client_secret_ref: '',
            client_certificate_key_id: '', client_certificate_key_file: '', client_certificate_key_ref: '',
            grant_type: '', signature_algorithm: '', iss: '', audience: '', scopes: ['a', 'b'],
            token_url: `http://${tokenHost}/token`, endpoint_params: { resource: 'r' }, tls_config: zeroTls(),
            no_proxy: '', proxy_from_environment: false,
          },
        }),
      );
      await c.request(origin);
      await c.request(origin);
      assert.equal(tokens, 1);
      assert.deepEqual(seen.slice(-2).map((r) => r.headers.authorization), ['Bearer t1', 'Bearer t1']);
      assert.equal(Buffer.from(tokenAuth.slice(6), 'base64').toString(), 'id:s3cr3t');
      assert.deepEqual(Object.fromEntries(new URLSearchParams(tokenRequest)), { grant_type: 'client_credentials', scope: 'a b', resource: 'r' });
    } finally {
      tokenServer.close();
    }
  });
});

describe('HttpClient transport', () => {
  test('a slow receiver gets 1,024 requests at once, as a mass of groups flushing to it needs', async () => {
    // The receiver answers nobody until 1,024 requests are open at the same time: with 64
    // connections per origin, a 500 ms receiver took 128 notifications a second, and most of
    // 5,000 groups failed at their deadline where Alertmanager sent them all within a second.
    const open: ServerResponse[] = [];
    handler = (_req, res) => {
      open.push(res);
      if (open.length === MAX_CONNECTIONS_PER_ORIGIN) for (const waiting of open.splice(0)) waiting.end('ok');
    };
    try {
      const http = client(undefined);
      const requests = Array.from({ length: MAX_CONNECTIONS_PER_ORIGIN }, () =>
        http.request(`${origin}/slow`, { method: 'POST', body: '{}', signal: AbortSignal.timeout(10_000) }),
      );
      const answers = await Promise.all(requests);
      assert.equal(MAX_CONNECTIONS_PER_ORIGIN, 1024);
      assert.equal(answers.filter((a) => a.statusCode === 200).length, 1024);
    } finally {
      handler = (_req, res) => res.end('ok');
    }
  });

  test('follows redirects unless follow_redirects is false', async () => {
    handler = (req, res) => {
      if (req.url === '/from') {
        res.writeHead(302, { location: '/to' });
        res.end();
      } else res.end(`at ${req.url}`);
    };
    try {
      assert.equal((await client(httpConfig()).request(`${origin}/from`)).body, 'at /to');
      assert.equal((await client(httpConfig({ follow_redirects: false })).request(`${origin}/from`)).statusCode, 302);
    } finally {
      handler = (_req, res) => res.end('ok');
    }
  });

  test('proxy_url tunnels through the proxy except for no_proxy hosts; proxy_from_environment reads HTTP_PROXY', async () => {
    const tunnelled: string[] = [];
    const proxy = createServer();
    proxy.on('connect', (req: IncomingMessage, socket, head: Buffer) => {
      tunnelled.push(req.url ?? '');
      const [host, port] = (req.url ?? '').split(':');
      const upstream = connect(Number(port), host, () => {
        socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(socket);
        socket.pipe(upstream);
      });
    });
    const proxyHost = await listen(proxy);
    try {
      await client(httpConfig({ proxy_url: `http://${proxyHost}` })).request(`${origin}/via-proxy`);
      assert.deepEqual(tunnelled, [origin.slice('http://'.length)]);
      await client(httpConfig({ proxy_url: `http://${proxyHost}`, no_proxy: '127.0.0.1' })).request(`${origin}/direct`);
      assert.equal(tunnelled.length, 1);
      assert.equal((seen.at(-1) as IncomingMessage).url, '/direct');
      const saved = { http: process.env['HTTP_PROXY'], no: process.env['NO_PROXY'] };
      process.env['HTTP_PROXY'] = `http://${proxyHost}`;
      process.env['NO_PROXY'] = '';
      try {
        await client(httpConfig({ proxy_from_environment: true })).request(`${origin}/from-env`);
      } finally {
        for (const [k, v] of [['HTTP_PROXY', saved.http], ['NO_PROXY', saved.no]] as const) {
          if (v === undefined) delete process.env[k];
          else process.env[k] = v;
        }
      }
      assert.equal(tunnelled.length, 2);
    } finally {
      proxy.close();
      proxy.closeAllConnections();
    }
  });

  const openssl = spawnSync('openssl', ['version']).status === 0;
  test('tls_config: ca_file and server_name verify the server; insecure_skip_verify skips it', { skip: !openssl && 'needs openssl' }, async () => {
    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.pem');
    const made = spawnSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
      '-subj', '/CN=tocsin.test', '-addext', 'subjectAltName=DNS:tocsin.test', '-keyout', key, '-out', cert,
    ]);
    assert.equal(made.status, 0, made.stderr.toString());
    const tls = createHttpsServer({ key: await readFile(key), cert: await readFile(cert) }, (_req, res) => res.end('secure'));
    const host = await listen(tls as unknown as Server);
    const ca = join(dir, 'ca.pem');
    await writeFile(ca, await readFile(cert));
    try {
      const url = `https://${host}/`;
      await assert.rejects(client(httpConfig()).request(url));
      const verified = client(httpConfig({ tls_config: zeroTls({ ca_file: cert, server_name: 'tocsin.test' }) }));
      assert.equal((await verified.request(url)).body, 'secure');
      const skipped = client(httpConfig({ tls_config: zeroTls({ insecure_skip_verify: true }) }));
      assert.equal((await skipped.request(url)).body, 'secure');

      // A rotated CA file is picked up without a reload.
      const rotating = new HttpClient(httpConfig({ tls_config: zeroTls({ ca_file: ca, server_name: 'tocsin.test' }) }), { tlsCheckIntervalMs: 0 });
      clients.push(rotating);
      assert.equal((await rotating.request(url)).body, 'secure');
      await writeFile(ca, 'not a certificate at all, just a rotated file of another size\n');
      await assert.rejects(rotating.request(url));
      await writeFile(ca, await readFile(cert));
      assert.equal((await rotating.request(url)).body, 'secure');
    } finally {
      tls.close();
      tls.closeAllConnections();
    }
  });
});
