import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { formatResults, runReceiverTest } from './receiver-test.ts';

interface Seen {
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

describe('tocsin receiver test', () => {
  let server: Server;
  let base = '';
  const seen: Seen[] = [];
  const answers: Record<string, [number, unknown]> = {
    '/am/api/v2/receivers/ok/test': [200, [{ integration: 'webhook[0]', status: 'ok', durationMs: 3 }]],
    '/am/api/v2/receivers/mixed/test': [
      200,
      [
        { integration: 'webhook[0]', status: 'ok', durationMs: 12 },
        { integration: 'webhook[1]', status: 'failed', error: 'unexpected status code 500', durationMs: 140 },
      ],
    ],
    '/am/api/v2/receivers/empty/test': [200, []],
    '/am/api/v2/receivers/ns%2Fcr%2Fname/test': [200, [{ integration: 'slack[0]', status: 'ok', durationMs: 1 }]],
  };

  before(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push({ url: req.url ?? '', headers: req.headers, body });
        const [status, json] = answers[req.url ?? ''] ?? [404, 'receiver "nobody" not found'];
        res.writeHead(status, { 'content-type': 'application/json' }).end(`${JSON.stringify(json)}\n`);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/am/`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const run = async (receiver: string, extra: Partial<Parameters<typeof runReceiverTest>[0]> = {}) => {
    let out = '';
    let err = '';
    const io = { out: (s: string) => void (out += s), err: (s: string) => void (err += s) };
    const code = await runReceiverTest({ url: base, receiver, labels: [], annotations: [], timeoutMs: 5000, ...extra }, io);
    return { code, out, err };
  };

  test('prints a table and exits 0 when every integration succeeded', async () => {
    seen.length = 0;
    const r = await run('ok', { labels: ['severity=critical', 'note=a=b'], annotations: ['summary=hi'] });
    assert.deepEqual(r, { code: 0, out: 'Integration  Status  Duration  Error\nwebhook[0]   ok      3ms       \n', err: '' });
    assert.equal(seen[0]?.headers['content-type'], 'application/json');
    assert.deepEqual(JSON.parse(seen[0]?.body ?? ''), { labels: { severity: 'critical', note: 'a=b' }, annotations: { summary: 'hi' } });
  });

  test('exits 1 when any integration failed', async () => {
    const r = await run('mixed');
    assert.equal(r.code, 1);
    assert.equal(
      r.out,
      [
        'Integration  Status  Duration  Error',
        'webhook[0]   ok      12ms      ',
        'webhook[1]   failed  140ms     unexpected status code 500',
        '',
      ].join('\n'),
    );
  });

  test('a receiver without integrations says so', async () => {
    assert.deepEqual(await run('empty'), { code: 0, out: 'receiver "empty" has no integrations\n', err: '' });
  });

  test('the receiver name is escaped into one path segment; URL user info becomes basic auth', async () => {
    seen.length = 0;
    const url = base.replace('http://', 'http://admin:s%40cret@');
    const r = await run('ns/cr/name', { url });
    assert.equal(r.code, 0, r.err);
    assert.equal(seen[0]?.headers.authorization, `Basic ${Buffer.from('admin:s@cret').toString('base64')}`);
  });

  test('an error answer and a bad flag are reported with exit code 1', async () => {
    assert.deepEqual(await run('nobody'), {
      code: 1,
      out: '',
      err: 'tocsin: error: receiver test failed with status 404: "receiver \\"nobody\\" not found"\n',
    });
    const bad = await run('ok', { labels: ['novalue'] });
    assert.deepEqual(bad, { code: 1, out: '', err: 'tocsin: error: --label "novalue": expected name=value\n' });
  });

  test('formatResults aligns the columns', () => {
    assert.equal(formatResults([{ integration: 'pagerduty[10]', status: 'ok', durationMs: 0 }]), 'Integration    Status  Duration  Error\npagerduty[10]  ok      0ms       \n');
  });
});
