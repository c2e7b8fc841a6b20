/**
 * The SMTP session of the email integration on nodemailer's `SMTPConnection`, behaving as Go's
 * `net/smtp` client does in Alertmanager: implicit TLS or STARTTLS only when asked, the AUTH
 * mechanism chosen in the server's advertised order, and `net/smtp`'s PLAIN, LOGIN and CRAM-MD5
 * exchanges (PLAIN sends the authorization identity).
 */
import { createHmac } from 'node:crypto';
import { Readable } from 'node:stream';
import type { ConnectionOptions } from 'node:tls';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import type { SMTPConnectionCustomAuthContext, SMTPConnectionSendInfo } from 'nodemailer/lib/smtp-connection';
import { pairSafeCut } from '../../common/text-chunks.ts';
import { NotifyError } from '../notify-error.ts';

export interface SmtpTarget {
  readonly host: string;
  readonly port: number;
  readonly implicitTls: boolean;
  readonly requireTls: boolean;
  /** The EHLO name. */
  readonly hello: string;
  readonly tls: ConnectionOptions;
}

/** What AUTH needs; the secrets are read lazily, only for the mechanism tried. */
export interface SmtpCredentials {
  readonly username: string;
  readonly identity: string;
  readonly password: () => Promise<string>;
  readonly secret: () => Promise<string>;
}

// The pseudo method under which nodemailer runs our own SASL exchanges.
const AUTH_HANDLER = 'X-TOCSIN-AUTH';

/** `host:port` (IPv6 hosts in brackets) as Go's `net.SplitHostPort` reads it. */
export function splitHostPort(hostPort: string): { host: string; port: string } {
  const i = hostPort.lastIndexOf(':');
  if (i < 0) throw new NotifyError(`address ${hostPort}: missing port in address`, { retryable: false });
  let host = hostPort.slice(0, i);
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  return { host, port: hostPort.slice(i + 1) };
}

/** A message longer than this goes to DATA a chunk per turn of the event loop. */
const CHUNKED_MESSAGE_CHARS = 1024 * 1024;
const MESSAGE_CHUNK_CHARS = 64 * 1024;

/**
 * The message as nodemailer takes it for DATA: a long one as a stream of chunks, one per turn,
 * since nodemailer dot-stuffs what it is given in one go (a 30 MB message about 10,000 alerts
 * held the event loop a fifth of a second).
 */
export function messageData(message: string): string | Readable {
  if (message.length <= CHUNKED_MESSAGE_CHARS) return message;
  let at = 0;
  return new Readable({
    read() {
      setImmediate(() => {
        if (at === message.length) {
          this.push(null);
          return;
        }
        const end = pairSafeCut(message, Math.min(message.length, at + MESSAGE_CHUNK_CHARS));
        this.push(Buffer.from(message.slice(at, end), 'utf8'));
        at = end;
      });
    },
  });
}

/** One SMTP session: connect, optionally authenticate, send one message, quit. */
export class SmtpSession {
  readonly #connection: SMTPConnection;
  readonly #auth: AuthState;

  private constructor(connection: SMTPConnection, auth: AuthState) {
    this.#connection = connection;
    this.#auth = auth;
  }

  /** Connects, greets and (when `requireTls`) upgrades with STARTTLS; closes on `signal`. */
  static async open(target: SmtpTarget, credentials: SmtpCredentials, signal: AbortSignal): Promise<SmtpSession> {
    const connection: SMTPConnection = new SMTPConnection({
      host: target.host,
      port: target.port,
      secure: target.implicitTls,
      // Go's client never upgrades on its own: STARTTLS only when require_tls says so.
      requireTLS: target.requireTls && !target.implicitTls,
      ignoreTLS: !target.requireTls,
      name: target.hello,
      tls: target.tls,
      logger: false,
      // A rejection here is rewritten by nodemailer, so the NotifyError is kept aside.
      customAuth: {
        [AUTH_HANDLER]: (auth): Promise<void> =>
          runAuth(auth, credentials, connection, target.host).catch((error: unknown) => {
            state.failure = error instanceof NotifyError ? error : smtpError('auth', error as Error);
            throw new Error('authentication failed');
          }),
      },
    });
    const state: AuthState = {};
    const session = new SmtpSession(connection, state);
    const onAbort = (): void => connection.close();
    signal.addEventListener('abort', onAbort, { once: true });
    connection.once('end', () => signal.removeEventListener('abort', onAbort));
    const stage = target.implicitTls ? 'establish TLS connection to server' : 'establish connection to server';
    await new Promise<void>((resolve, reject) => {
      // Handshake failures (refused, TLS, STARTTLS, EHLO) only come as 'error' events.
      const onError = (error: Error): void => reject(smtpError(stage, error));
      const onEnd = (): void => reject(smtpError(stage, new Error(signal.aborted ? 'aborted' : 'connection closed')));
      connection.once('error', onError);
      connection.once('end', onEnd);
      connection.connect(() => {
        connection.off('error', onError);
        connection.off('end', onEnd);
        resolve();
      });
    });
    // Later failures are reported through the callbacks of login and send.
    connection.on('error', () => undefined);
    return session;
  }

  /** AUTH, when the server offers it and a username is configured (else nothing, like Go). */
  async authenticate(username: string): Promise<void> {
    if (!this.#connection.allowsAuth || username === '') return;
    await this.#step('auth', (done) => {
      this.#connection.login({ method: AUTH_HANDLER, user: username, pass: '-' }, (error) => {
        done(error === null ? undefined : (this.#auth.failure ?? smtpError('auth', error)));
      });
    });
  }

  /** MAIL, RCPT for each recipient, DATA with `message`; any rejection fails the send. */
  async send(from: string, to: readonly string[], message: string): Promise<void> {
    let info: SMTPConnectionSendInfo | undefined;
    await this.#step('send message', (done) => {
      this.#connection.send({ from, to: [...to], use8BitMime: true }, messageData(message), (error, result) => {
        info = result;
        done(error === null || error === undefined ? undefined : smtpError(sendStage(error.command), error));
      });
    });
    const rejected = info?.rejectedErrors?.[0];
    if (rejected !== undefined) throw smtpError('send RCPT command', rejected);
  }

  // Runs one command exchange; a connection closing under it (abort, server hang-up) fails it.
  async #step(stage: string, run: (done: (error?: NotifyError) => void) => void): Promise<void> {
    const connection = this.#connection;
    await new Promise<void>((resolve, reject) => {
      const onEnd = (): void => reject(smtpError(stage, new Error('connection closed')));
      connection.once('end', onEnd);
      run((error) => {
        connection.off('end', onEnd);
        if (error === undefined) resolve();
        else reject(error);
      });
    });
  }

  quit(): void {
    this.#connection.quit();
  }
}

interface AuthState {
  failure?: NotifyError;
}

function sendStage(command: string | undefined): string {
  if (command === 'MAIL FROM') return 'send MAIL command';
  if (command === 'RCPT TO') return 'send RCPT command';
  if (command === 'DATA') return 'delivery failure';
  return 'send message';
}

// Every SMTP failure is retried, as Alertmanager's email notifier returns true for all of them.
function smtpError(stage: string, error: Error): NotifyError {
  return new NotifyError(`${stage}: ${error.message}`, { retryable: true, cause: error });
}

// The advertised mechanisms in the server's order (Go walks `c.Extension("AUTH")`).
function advertisedMechanisms(connection: SMTPConnection, fallback: readonly string[]): string[] {
  const lines = (connection as unknown as { _ehloLines?: unknown })._ehloLines;
  if (!Array.isArray(lines)) return [...fallback];
  const auth = lines.filter((l): l is string => typeof l === 'string' && /^AUTH[\s=]/i.test(l)).at(-1);
  return auth === undefined ? [...fallback] : auth.slice(5).trim().split(/\s+/).map((m) => m.toUpperCase());
}

/** Go's `Email.auth`: the first mechanism whose credential is set wins; errors pile up. */
async function chooseMechanism(mechanisms: readonly string[], credentials: SmtpCredentials): Promise<[string, string]> {
  const errors: string[] = [];
  for (const mech of mechanisms) {
    if (mech !== 'CRAM-MD5' && mech !== 'PLAIN' && mech !== 'LOGIN') {
      errors.push(`unknown auth mechanism: ${mech}`);
      continue;
    }
    const which = mech === 'CRAM-MD5' ? 'secret' : 'password';
    let value: string;
    try {
      value = await credentials[which]();
    } catch (error) {
      errors.push((error as Error).message);
      continue;
    }
    if (value === '') {
      errors.push(`missing ${which} for ${mech} auth mechanism`);
      continue;
    }
    return [mech, value];
  }
  throw new NotifyError(`find auth mechanism: ${errors.join('\n')}`, { retryable: true });
}

async function runAuth(ctx: SMTPConnectionCustomAuthContext, credentials: SmtpCredentials, connection: SMTPConnection, host: string): Promise<void> {
  const [mech, value] = await chooseMechanism(advertisedMechanisms(connection, ctx.authMethods), credentials);
  const fail = (message: string): never => {
    throw new NotifyError(`${mech} auth: ${message}`, { retryable: true });
  };
  const command = async (line: string, expect: number): Promise<string> => {
    const reply = await ctx.sendCommand(line);
    if (reply.status !== expect) {
      if (reply.status === 334) await ctx.sendCommand('*');
      fail(reply.response);
    }
    return reply.text;
  };
  const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');
  if (mech === 'PLAIN') {
    // net/smtp refuses to send a password in clear text except to localhost.
    if (!connection.secure && !['localhost', '127.0.0.1', '::1'].includes(host)) fail('unencrypted connection');
    await command(`AUTH PLAIN ${b64(`${credentials.identity}\0${credentials.username}\0${value}`)}`, 235);
    return;
  }
  if (mech === 'LOGIN') {
    let challenge = await command('AUTH LOGIN', 334);
    for (const expected of ['username:', 'password:']) {
      if (Buffer.from(challenge, 'base64').toString('utf8').toLowerCase() !== expected) {
        await ctx.sendCommand('*');
        fail('unexpected server challenge');
      }
      const answer = expected === 'username:' ? credentials.username : value;
      challenge = await command(b64(answer), expected === 'username:' ? 334 : 235);
    }
    return;
  }
  const challenge = Buffer.from(await command('AUTH CRAM-MD5', 334), 'base64');
  const digest = createHmac('md5', value).update(challenge).digest('hex');
  await command(b64(`${credentials.username} ${digest}`), 235);
}
