import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { skipUnless } from '../../test/support/programs.ts';
import { boundAddress, closeAll, listenAll, systemdTargets } from './listen.ts';
import type { WebTlsConfig } from './web-config.ts';

test('systemd socket activation uses fds 3.. when LISTEN_PID is this process', () => {
  assert.deepEqual(systemdTargets({ LISTEN_PID: '42', LISTEN_FDS: '2' }, 42), [{ fd: 3 }, { fd: 4 }]);
  assert.throws(() => systemdTargets({ LISTEN_PID: '41', LISTEN_FDS: '2' }, 42), /no socket activation file descriptors found/);
  assert.throws(() => systemdTargets({}, 42), /no socket activation file descriptors found/);
});

async function selfSigned(dir: string, name: string): Promise<{ cert: string; key: string }> {
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
    '-subj', `/CN=${name}`, '-addext', `subjectAltName=DNS:${name},IP:127.0.0.1`,
    '-keyout', join(dir, `${name}.key`), '-out', join(dir, `${name}.crt`),
  ], { stdio: 'ignore' });
  return { cert: await readFile(join(dir, `${name}.crt`), 'utf8'), key: await readFile(join(dir, `${name}.key`), 'utf8') };
}

async function status(port: number, client?: { cert: string; key: string }): Promise<number | string> {
  const agent = new Agent({ connect: { rejectUnauthorized: false, ...client } });
  try {
    const res = await request(`https://127.0.0.1:${port}/`, { dispatcher: agent, headersTimeout: 3000 });
    await res.body.text();
    return res.statusCode;
  } catch (err) {
    return (err as Error).name;
  } finally {
    await agent.close();
  }
}

test('client certificate policies', { skip: skipUnless('openssl', 'openssl') }, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tocsin-tls-'));
  const server = await selfSigned(dir, 'server');
  const client = await selfSigned(dir, 'client');
  const stranger = await selfSigned(dir, 'stranger');
  const base: WebTlsConfig = { ...server, clientAuth: 'NoClientCert', minVersion: 'TLSv1.2', maxVersion: 'TLSv1.3', preferServerCipherSuites: true };
  const cases: [Partial<WebTlsConfig>, (typeof client)[], (typeof client | undefined)[]][] = [
    [{ clientAuth: 'RequireAnyClientCert' }, [client, stranger], [undefined]],
    [{ clientAuth: 'RequireAndVerifyClientCert', clientCa: client.cert }, [client], [undefined, stranger]],
    [{ clientAuth: 'VerifyClientCertIfGiven', clientCa: client.cert }, [client], [stranger]],
    [{ clientAuth: 'RequireAnyClientCert', clientAllowedSans: ['client'] }, [client], [stranger]],
  ];
  for (const [tls, accepted, refused] of cases) {
    const servers = await listenAll([{ address: '127.0.0.1:0' }], (_req, res) => res.end('ok'), { ...base, ...tls });
    const port = Number(boundAddress(servers[0] as Server).split(':').pop());
    for (const cert of accepted) assert.equal(await status(port, cert), 200, `${tls.clientAuth} accepts`);
    for (const cert of refused) assert.notEqual(await status(port, cert), 200, `${tls.clientAuth} refuses`);
    await closeAll(servers);
  }
});
