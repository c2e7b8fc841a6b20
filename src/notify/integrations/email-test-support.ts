/**
 * Test support for the email integration: a real SMTP server (smtp-server) with a self-signed
 * certificate made by openssl, recording every session as the capture script does, and the
 * normalisation of the date-dependent parts of a message.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import type { SMTPServerOptions } from 'smtp-server';
import type { AddressInfo } from 'node:net';

/** One session as `scripts/capture-messaging-fixtures.mjs` records it. */
export interface CapturedMail {
  readonly hello: string;
  readonly secure: boolean;
  readonly auth?: { readonly method: string; readonly username: string; readonly secure: boolean };
  readonly mailFrom: string;
  readonly rcptTo: readonly string[];
  readonly message: string;
}

export interface TestCertificate {
  readonly key: Buffer;
  readonly cert: Buffer;
}

/** A self-signed certificate for localhost and 127.0.0.1. */
export async function selfSignedCertificate(): Promise<TestCertificate> {
  const dir = await mkdtemp(join(tmpdir(), 'tocsin-email-cert-'));
  try {
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost',
        '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')],
      { stdio: 'ignore' },
    );
    return { key: await readFile(join(dir, 'key.pem')), cert: await readFile(join(dir, 'cert.pem')) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Replaces Message-Id, Date and the MIME boundary with the placeholders of the fixtures. */
export function normaliseMessage(raw: string): string {
  const boundary = /boundary=([0-9a-f]+)/.exec(raw)?.[1];
  const out = raw
    .replace(/^Message-Id: <\d+\.\d+@[^>]+>/m, 'Message-Id: <nanos.random@hostname>')
    .replace(/^Date: .*$/m, 'Date: <date>');
  return boundary === undefined ? out : out.replaceAll(boundary, '<boundary>');
}

/** The header lines of a message sorted (Alertmanager writes them in random order) and its body. */
export function splitMessage(message: string): { headers: string[]; body: string } {
  const end = message.indexOf('\r\n\r\n');
  return { headers: message.slice(0, end).split('\r\n').sort(), body: message.slice(end + 4) };
}

/** Decodes a quoted-printable body (soft breaks and escapes). */
export function decodeQuotedPrintable(text: string): string {
  const bytes: number[] = [];
  const flat = text.replaceAll('=\r\n', '');
  for (let i = 0; i < flat.length; i++) {
    if (flat[i] === '=' && /^[0-9A-F]{2}$/.test(flat.slice(i + 1, i + 3))) {
      bytes.push(parseInt(flat.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(flat.charCodeAt(i));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

export interface SmtpTestServerOptions {
  readonly certificate: TestCertificate;
  readonly secure?: boolean;
  readonly authMethods?: string[];
  /** Refuses STARTTLS (and so does not advertise it). */
  readonly noSTARTTLS?: boolean;
  /** Answers RCPT TO with this error for the address, e.g. `[550, 'no such user']`. */
  readonly rejectRcpt?: ReadonlyMap<string, readonly [number, string]>;
  /** The CRAM-MD5 secret and LOGIN/PLAIN password of user `am`. */
  readonly password?: string;
}

/** An smtp-server on 127.0.0.1 that records every delivered message. */
export class SmtpTestServer {
  readonly mails: CapturedMail[] = [];
  readonly #server: SMTPServer;

  private constructor(server: SMTPServer) {
    this.#server = server;
  }

  static async start(options: SmtpTestServerOptions): Promise<SmtpTestServer> {
    const password = options.password ?? 'pw';
    const authInfo = new WeakMap<object, CapturedMail['auth']>();
    const config: SMTPServerOptions = {
      key: options.certificate.key,
      cert: options.certificate.cert,
      secure: options.secure ?? false,
      authMethods: options.authMethods ?? ['PLAIN', 'LOGIN'],
      disabledCommands: options.noSTARTTLS === true ? ['STARTTLS'] : [],
      allowInsecureAuth: true,
      authOptional: true,
      logger: false,
      onAuth(auth, session, callback) {
        const ok = auth.username === 'am' && (auth.method === 'CRAM-MD5' ? auth.validatePassword(password) : auth.password === password);
        if (!ok) {
          callback(new Error('bad credentials'));
          return;
        }
        authInfo.set(session, { method: auth.method, username: auth.username ?? '', secure: session.secure });
        callback(null, { user: 'am' });
      },
      onRcptTo(address, _session, callback) {
        const reject = options.rejectRcpt?.get(address.address);
        if (reject === undefined) {
          callback();
          return;
        }
        callback(Object.assign(new Error(reject[1]), { responseCode: reject[0] }));
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const mailFrom = session.envelope.mailFrom;
          const auth = authInfo.get(session);
          self.mails.push({
            hello: session.hostNameAppearsAs,
            secure: session.secure,
            ...(auth === undefined ? {} : { auth }),
            mailFrom: mailFrom === false ? '' : mailFrom.address,
            rcptTo: session.envelope.rcptTo.map((r) => r.address),
            message: normaliseMessage(Buffer.concat(chunks).toString('utf8')),
          });
          callback();
        });
      },
    };
    const server = new SMTPServer(config);
    const self = new SmtpTestServer(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return self;
  }

  get port(): number {
    return (this.#server.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}
