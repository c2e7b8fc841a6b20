import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import type { ConnectionOptions } from 'node:tls';
import addressparser from 'nodemailer/lib/addressparser';
import type { Alert } from '../../alerts/alert.ts';
import { emailHeaders } from '../../config/email-headers.ts';
import type { EmailConfig } from '../../config/types.ts';
import { tlsConnectionOptions } from '../../http-client/tls-options.ts';
import { NotifyError } from '../notify-error.ts';
import type { NotificationContext, Notifier } from '../notifier.ts';
import type { NotificationTemplates, TemplateInput } from '../templates.ts';
import type { IntegrationDeps } from './integration-deps.ts';
import { localDate, multipartBody, qEncodeHeader, randomBoundary, rfc1123z } from './email-mime.ts';
import type { MimePart } from './email-mime.ts';
import { SmtpSession, splitHostPort } from './email-smtp.ts';
import type { SmtpCredentials, SmtpTarget } from './email-smtp.ts';
import { templateInput } from './text-renderer.ts';

interface EmailDeps {
  readonly templates: NotificationTemplates;
  readonly externalURL: string;
  readonly hostname: string;
}

/** The rendered message and its envelope. */
interface Composed {
  readonly from: string;
  readonly to: readonly string[];
  readonly message: string;
}

/**
 * The email integration (Alertmanager's `notify/email`): one SMTP session per notification to
 * `smarthost`, implicit TLS (`force_implicit_tls`, or port 465) or STARTTLS when `require_tls`,
 * AUTH with the first advertised mechanism among CRAM-MD5, PLAIN and LOGIN whose secret is set,
 * then the message Alertmanager writes: the (templated, Q-encoded) headers, Message-Id, optional
 * threading headers, Date, and a multipart/alternative body with the text part before the HTML
 * part, both quoted-printable. SMTP failures are retried; template and address errors are not.
 */
export class EmailNotifier implements Notifier {
  readonly #config: EmailConfig;
  readonly #deps: EmailDeps;
  readonly #headers: ReadonlyMap<string, string>;

  constructor(config: EmailConfig, deps: EmailDeps) {
    this.#config = config;
    this.#deps = deps;
    // Go writes them in map order, i.e. at random; sorted is one of those orders.
    this.#headers = new Map(Object.entries(emailHeaders(config)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }

  async notify(ctx: NotificationContext, alerts: readonly Alert[]): Promise<void> {
    const { flush } = ctx;
    const input = templateInput(ctx, this.#deps.externalURL, alerts);
    const composed = await this.#compose(input, flush.groupKey, new Date());
    const session = await SmtpSession.open(this.#target(), this.#credentials(), ctx.signal);
    try {
      await session.authenticate(this.#config.auth_username);
      await session.send(composed.from, composed.to, composed.message);
    } finally {
      session.quit();
    }
  }

  #target(): SmtpTarget {
    const { host, port } = splitHostPort(this.#config.smarthost);
    const implicitTls = this.#config.force_implicit_tls ?? port === '465';
    let tls: ConnectionOptions;
    try {
      tls = tlsConnectionOptions(this.#config.tls_config);
    } catch (error) {
      throw new NotifyError(`parse TLS configuration: ${(error as Error).message}`, { retryable: false, cause: error });
    }
    return {
      host,
      port: Number(port),
      implicitTls,
      requireTls: this.#config.require_tls ?? true,
      hello: this.#config.hello === '' ? 'localhost' : this.#config.hello,
      tls,
    };
  }

  #credentials(): SmtpCredentials {
    const c = this.#config;
    return {
      username: c.auth_username,
      identity: c.auth_identity,
      // Go reads the file first when one is set; only the password file is trimmed.
      password: async () => (c.auth_password_file !== '' ? (await readSecret(c.auth_password_file)).trim() : (c.auth_password?.reveal() ?? '')),
      secret: async () => (c.auth_secret_file !== '' ? readSecret(c.auth_secret_file) : (c.auth_secret?.reveal() ?? '')),
    };
  }

  async #compose(input: TemplateInput, groupKey: string, now: Date): Promise<Composed> {
    const text = (what: string, template: string): string => render(() => this.#deps.templates.executeText(template, input), what);
    const from = singleAddress(text("execute 'from' template", this.#config.from));
    const to = addresses(text("execute 'to' template", this.#config.to), 'to');

    let head = '';
    for (const [name, template] of this.#headers) {
      head += `${name}: ${qEncodeHeader(text(`execute ${JSON.stringify(name)} header template`, template))}\r\n`;
    }
    if (!this.#headers.has('Message-Id')) head += `Message-Id: ${this.#messageId(now)}\r\n`;
    const threading = this.#config.threading;
    if (threading.enabled) {
      const keyHash = createHash('sha256').update(groupKey, 'utf8').digest('hex').slice(0, 16);
      const threadBy = threading.thread_by_date === 'none' ? '' : localDate(now);
      const root = `<alert-${keyHash}-${threadBy}@alertmanager>`;
      head += `References: ${root}\r\nIn-Reply-To: ${root}\r\n`;
    }
    const boundary = randomBoundary();
    head += `Date: ${rfc1123z(now)}\r\n`;
    head += `Content-Type: multipart/alternative;  boundary=${boundary}\r\n`;
    head += 'MIME-Version: 1.0\r\n\r\n';

    const parts: MimePart[] = [];
    if (this.#config.text !== '') parts.push({ contentType: 'text/plain; charset=UTF-8', body: text('execute text template', this.#config.text) });
    if (this.#config.html !== '') {
      const html = render(() => this.#deps.templates.executeHtml(this.#config.html, input), 'execute html template');
      // The preferred alternative comes last (RFC 2046 §5.1.4).
      parts.push({ contentType: 'text/html; charset=UTF-8', body: html });
    }
    return { from, to, message: head + (await multipartBody(boundary, parts)) };
  }

  #messageId(now: Date): string {
    const nanos = BigInt(now.getTime()) * 1_000_000n + (process.hrtime.bigint() % 1_000_000n);
    return `<${nanos}.${randomBytes(8).readBigUInt64BE()}@${this.#deps.hostname}>`;
  }
}

/**
 * Builds the email notifier of one `email_configs` entry.
 * @param deps the shared integration dependencies; email uses the templates and external URL.
 */
export function createEmailNotifier(config: EmailConfig, deps: IntegrationDeps): Notifier {
  return new EmailNotifier(config, { templates: deps.templates, externalURL: deps.externalURL, hostname: localHostname() });
}

function localHostname(): string {
  try {
    return hostname();
  } catch {
    return 'localhost.localdomain';
  }
}

function render(run: () => string, what: string): string {
  try {
    return run();
  } catch (error) {
    throw new NotifyError(`${what}: ${(error as Error).message}`, { retryable: false, cause: error });
  }
}

async function readSecret(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(`could not read ${path}: ${(error as Error).message}`, { cause: error });
  }
}

function addresses(list: string, what: 'from' | 'to'): string[] {
  const parsed = addressparser(list, { flatten: true });
  const out = parsed.map((a) => a.address);
  if (out.length === 0 || out.some((a) => a === '' || !a.includes('@'))) {
    throw new NotifyError(`parse '${what}' addresses: mail: no address`, { retryable: false });
  }
  return out;
}

function singleAddress(list: string): string {
  const all = addresses(list, 'from');
  if (all.length !== 1) throw new NotifyError(`must be exactly one 'from' address (got: ${all.length})`, { retryable: false });
  return all[0] as string;
}
