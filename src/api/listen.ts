import { createServer as createHttpServer } from 'node:http';
import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket, TlsOptions } from 'node:tls';
import { parsePort, splitHostPort } from '../common/host-port.ts';
import { GO_SERVER_OPTIONS, serveAsGo } from './go-http-protocol.ts';
import type { WebTlsConfig } from './web-config.ts';

type Handler = RequestListener<typeof IncomingMessage, typeof ServerResponse>;

/** Where to listen: Go-style addresses (`:9093`, `127.0.0.1:9093`, `[::1]:9093`) or systemd's sockets. */
export type ListenTarget = { address: string } | { fd: number };

/**
 * systemd socket activation: the inherited descriptors 3.. when LISTEN_PID is this process.
 * @throws {Error} when none were passed, as Alertmanager does.
 */
export function systemdTargets(env: NodeJS.ProcessEnv = process.env, pid = process.pid): ListenTarget[] {
  const count = Number(env.LISTEN_FDS ?? '0');
  if (env.LISTEN_PID !== String(pid) || !(count > 0)) throw new Error('no socket activation file descriptors found');
  return Array.from({ length: count }, (_, i) => ({ fd: 3 + i }));
}

/**
 * Binds one HTTP (or, with TLS, HTTPS) server per target; all share `handler`, behind Go's
 * protocol rules (`serveAsGo`), as Alertmanager serves its routes.
 */
export async function listenAll(targets: readonly ListenTarget[], handler: Handler, tls?: WebTlsConfig): Promise<Server[]> {
  const servers: Server[] = [];
  try {
    for (const target of targets) {
      const server = tls === undefined ? createHttpServer(GO_SERVER_OPTIONS) : createTlsServer(tls);
      serveAsGo(server, handler);
      servers.push(server);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        const done = (): void => {
          server.off('error', reject);
          resolve();
        };
        if ('fd' in target) server.listen({ fd: target.fd }, done);
        else {
          const { host, port } = splitHostPort(target.address);
          server.listen({ host: host === '' ? undefined : host, port: parsePort(port, target.address) }, done);
        }
      }).catch((err: Error) => {
        const where = 'fd' in target ? `fd ${target.fd}` : target.address;
        throw new Error(`listen tcp ${where}: ${err.message}`);
      });
    }
  } catch (err) {
    await closeAll(servers);
    throw err;
  }
  return servers;
}

/** `host:port` as bound, for logs and the default external URL. */
export function boundAddress(server: Server): string {
  const address = server.address() as AddressInfo | string | null;
  if (address === null || typeof address === 'string') return String(address);
  return address.family === 'IPv6' ? `[${address.address}]:${address.port}` : `${address.address}:${address.port}`;
}

export async function closeAll(servers: readonly Server[]): Promise<void> {
  await Promise.all(
    servers.map(
      (server) =>
        new Promise<void>((resolve) => {
          if (!server.listening) return resolve();
          server.close(() => resolve());
          server.closeAllConnections();
        }),
    ),
  );
}

/** Builds node TLS options for a web TLS config (exporter-toolkit's client_auth_type semantics). */
export function tlsOptions(tls: WebTlsConfig): TlsOptions {
  return {
    cert: tls.cert,
    key: tls.key,
    ...(tls.clientCa === undefined ? {} : { ca: tls.clientCa }),
    requestCert: tls.clientAuth !== 'NoClientCert',
    rejectUnauthorized: tls.clientAuth === 'RequireAndVerifyClientCert',
    minVersion: tls.minVersion,
    maxVersion: tls.maxVersion,
    honorCipherOrder: tls.preferServerCipherSuites,
    ...(tls.ciphers === undefined ? {} : { ciphers: tls.ciphers.join(':') }),
    ...(tls.curves === undefined ? {} : { ecdhCurve: tls.curves.join(':') }),
  };
}

function createTlsServer(tls: WebTlsConfig): Server {
  const server = createHttpsServer({ ...tlsOptions(tls), ...GO_SERVER_OPTIONS });
  // Policies node cannot express as options are enforced once the handshake is done.
  server.on('secureConnection', (socket: TLSSocket) => {
    const cert = socket.getPeerCertificate();
    const presented = cert !== null && Object.keys(cert).length > 0;
    const reject =
      (tls.clientAuth === 'RequireAnyClientCert' && !presented) ||
      (tls.clientAuth === 'VerifyClientCertIfGiven' && presented && !socket.authorized) ||
      (tls.clientAllowedSans !== undefined && !sanAllowed(cert.subjectaltname, tls.clientAllowedSans));
    if (reject) socket.destroy();
  });
  return server as unknown as Server;
}

function sanAllowed(subjectAltName: string | undefined, allowed: readonly string[]): boolean {
  const values = (subjectAltName ?? '').split(', ').map((entry) => entry.replace(/^[A-Za-z ]+:/, ''));
  return values.some((value) => allowed.includes(value));
}
