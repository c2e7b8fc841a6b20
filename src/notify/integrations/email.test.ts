import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { prng, randomBelow } from '../../common/prng.ts';
import { Secret } from '../../config/secret.ts';
import type { EmailConfig } from '../../config/types.ts';
import type { NotifyError } from '../notify-error.ts';
import { createEmailNotifier } from './email.ts';
import { messageData } from './email-smtp.ts';
import { localDate, qEncodeHeader, quotedPrintable, rfc1123z } from './email-mime.ts';
import type { CapturedMail, TestCertificate } from './email-test-support.ts';
import { decodeQuotedPrintable, selfSignedCertificate, SmtpTestServer, splitMessage } from './email-test-support.ts';
import { chatContext, FIRING, fixtureReceiver, RESOLVED, testDeps } from './integration-test-support.ts';
import { countTurns } from '../../../test/support/turn-counter.ts';

let certificate: TestCertificate;
let server: SmtpTestServer;
const deps = testDeps();

before(async () => {
  certificate = await selfSignedCertificate();
  server = await SmtpTestServer.start({ certificate, authMethods: ['PLAIN', 'LOGIN', 'CRAM-MD5'] });
});
after(async () => {
  await server.close();
  await deps.http.close();
});

async function fixtureConfigs(port: number): Promise<EmailConfig[]> {
  return fixtureReceiver('email', 'http://127.0.0.1:1', undefined, String(port)).email_configs ?? [];
}

async function readCapture(scenario: string): Promise<CapturedMail> {
  const text = await readFile(new URL(`../../../test/fixtures/integrations/email/${scenario}.json`, import.meta.url), 'utf8');
  return JSON.parse(text) as CapturedMail;
}

// Alertmanager 0.34 changed template/email.html: itemtype="https://schema.org/EmailMessage".
const CHANGES_SINCE_025: readonly [string, string][] = [['itemtype="http://schema.org/', 'itemtype="https://schema.org/']];

function assertSameMail(actual: CapturedMail | undefined, expected: CapturedMail): void {
  assert.ok(actual !== undefined, 'no mail delivered');
  const { message: gotMessage, ...gotSession } = actual;
  const { message: wantMessage, ...wantSession } = expected;
  assert.deepEqual(gotSession, wantSession);
  const got = splitMessage(gotMessage);
  const want = splitMessage(wantMessage);
  assert.deepEqual(got.headers, want.headers);
  // Same MIME layout and part headers; part contents compared decoded, with 0.34's changes.
  const layout = (body: string): string[] => body.split(/\r\n\r\n[^]*?(?=\r\n--<boundary>)/);
  assert.deepEqual(layout(got.body), layout(want.body));
  let wantText = decodeQuotedPrintable(want.body);
  for (const [from, to] of CHANGES_SINCE_025) wantText = wantText.replaceAll(from, to);
  assert.equal(decodeQuotedPrintable(got.body), wantText);
  // The encoding itself: the parts untouched by those changes are byte for byte Alertmanager's.
  const cut = (body: string): string => body.slice(0, body.indexOf('<body itemscope'));
  assert.equal(cut(got.body), cut(want.body));
}

async function deliver(config: EmailConfig, alerts = [FIRING]): Promise<CapturedMail | undefined> {
  const before = server.mails.length;
  await createEmailNotifier(config, deps).notify(chatContext(), alerts);
  return server.mails.length > before ? server.mails.at(-1) : undefined;
}

function config(overrides: Partial<EmailConfig> = {}): EmailConfig {
  return {
    send_resolved: false,
    to: 'ops@example.com',
    from: 'am@example.com',
    hello: 'localhost',
    smarthost: `127.0.0.1:${server.port}`,
    auth_username: 'am',
    auth_password: new Secret('pw'),
    auth_password_file: '',
    auth_secret_file: '',
    auth_identity: '',
    html: '<b>{{ .Status }}</b>',
    text: '',
    require_tls: true,
    tls_config: { ca: certificate.cert.toString(), ca_file: '', cert: '', cert_file: '', key_file: '', server_name: '', insecure_skip_verify: false },
    threading: { enabled: false, thread_by_date: 'daily' },
    ...overrides,
  } as EmailConfig;
}

describe('email matches Alertmanager 0.25 captures', () => {
  test('default config: STARTTLS, AUTH PLAIN, default subject and HTML, only the HTML part', async () => {
    const [defaults] = await fixtureConfigs(server.port);
    assertSameMail(await deliver(defaults as EmailConfig), await readCapture('am-0.25-default'));
  });

  test('custom headers (Q-encoded), text part before the HTML part, resolved alerts', async () => {
    const [, rich] = await fixtureConfigs(server.port);
    assertSameMail(await deliver(rich as EmailConfig, [FIRING, RESOLVED]), await readCapture('am-0.25-rich'));
  });
});

describe('email session', () => {
  test('a message over 1 MiB goes to DATA in chunks and arrives whole, dot-stuffing and all', async () => {
    // Lines that start with a dot, and a character outside the BMP on either side of chunk edges.
    const text = '.dot line \u{1F600}\n'.repeat(200_000);
    const mail = await deliver(config({ html: '', text }));
    assert.ok(mail !== undefined, 'no mail delivered');
    const { body } = splitMessage(mail.message);
    assert.ok(mail.message.length > 4 * 1024 * 1024, `${mail.message.length} characters`);
    assert.equal(decodeQuotedPrintable(body.slice(body.indexOf('\r\n\r\n') + 4, body.lastIndexOf('\r\n--'))), text.replaceAll('\n', '\r\n'));
  });

  test('a long message is handed over a 64 KiB chunk per turn, cut between the halves of no surrogate pair', async () => {
    assert.equal(messageData('short'), 'short');
    const message = 'x'.repeat(65_535) + '\u{1F600}' + 'y'.repeat(2_000_000);
    const data = messageData(message);
    assert.ok(typeof data !== 'string');
    const counter = countTurns();
    const chunks: Buffer[] = [];
    for await (const chunk of data) chunks.push(chunk as Buffer);
    const turns = counter.stop();
    assert.ok(chunks.length >= 31, `${chunks.length} chunks`);
    assert.ok(turns >= chunks.length, `${turns} other turns ran`);
    assert.ok(Buffer.concat(chunks).equals(Buffer.from(message, 'utf8')));
    assert.equal((chunks[0] as Buffer).length, 65_535);
  });

  test('chooses the first advertised mechanism whose secret is set: LOGIN with a password', async () => {
    const login = await SmtpTestServer.start({ certificate, authMethods: ['CRAM-MD5', 'LOGIN', 'PLAIN'] });
    try {
      await createEmailNotifier(config({ smarthost: `127.0.0.1:${login.port}` }), deps).notify(chatContext(), [FIRING]);
      assert.equal(login.mails[0]?.auth?.method, 'LOGIN');
    } finally {
      await login.close();
    }
  });

  test('CRAM-MD5 with auth_secret_file (read at send time)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tocsin-email-'));
    const file = join(dir, 'secret');
    await writeFile(file, 'cram');
    const cram = await SmtpTestServer.start({ certificate, authMethods: ['CRAM-MD5', 'PLAIN'], password: 'cram' });
    try {
      const notifier = createEmailNotifier(config({ smarthost: `127.0.0.1:${cram.port}`, auth_secret_file: file }), deps);
      await notifier.notify(chatContext(), [FIRING]);
      assert.equal(cram.mails[0]?.auth?.method, 'CRAM-MD5');
    } finally {
      await cram.close();
    }
  });

  test('implicit TLS with force_implicit_tls', async () => {
    const tls = await SmtpTestServer.start({ certificate, secure: true });
    try {
      await createEmailNotifier(config({ smarthost: `127.0.0.1:${tls.port}`, force_implicit_tls: true }), deps).notify(chatContext(), [FIRING]);
      assert.equal(tls.mails[0]?.secure, true);
      assert.equal(tls.mails[0]?.auth?.method, 'PLAIN');
    } finally {
      await tls.close();
    }
  });

  test('require_tls false never upgrades; PLAIN in clear text only to localhost', async () => {
    const mail = await deliver(config({ require_tls: false, hello: 'tocsin.test' }));
    assert.equal(mail?.secure, false);
    assert.equal(mail?.hello, 'tocsin.test');
    assert.equal(mail?.auth?.method, 'PLAIN');
  });

  test('require_tls fails when the server does not offer STARTTLS, retryably', async () => {
    const plain = await SmtpTestServer.start({ certificate, noSTARTTLS: true });
    try {
      const notifier = createEmailNotifier(config({ smarthost: `127.0.0.1:${plain.port}` }), deps);
      await assert.rejects(notifier.notify(chatContext(), [FIRING]), (e: NotifyError) => e.retryable && e.message.startsWith('establish connection'));
      assert.equal(plain.mails.length, 0);
    } finally {
      await plain.close();
    }
  });

  test('no username: no AUTH even when offered', async () => {
    const mail = await deliver(config({ auth_username: '' }));
    assert.equal(mail?.auth, undefined);
  });

  test('missing password: the auth mechanism search fails, retryably, without secrets', async () => {
    const notifier = createEmailNotifier(config({ auth_password: undefined }), deps);
    await assert.rejects(notifier.notify(chatContext(), [FIRING]), (e: NotifyError) => {
      assert.equal(e.retryable, true);
      assert.match(e.message, /^find auth mechanism: missing password for PLAIN auth mechanism/);
      return true;
    });
  });

  test('wrong password: retryable auth error with the server reply', async () => {
    const notifier = createEmailNotifier(config({ auth_password: new Secret('wrong-pw') }), deps);
    await assert.rejects(notifier.notify(chatContext(), [FIRING]), (e: NotifyError) => {
      assert.equal(e.retryable, true);
      assert.match(e.message, /^PLAIN auth: 535/);
      assert.doesNotMatch(e.message, /wrong-pw/);
      return true;
    });
  });

  test('SMTP 4xx and 5xx replies to RCPT are retried, like every SMTP failure in Alertmanager', async () => {
    const rejecting = await SmtpTestServer.start({
      certificate,
      rejectRcpt: new Map([
        ['gone@example.com', [550, 'no such user']],
        ['later@example.com', [451, 'try later']],
      ]),
    });
    try {
      for (const to of ['gone@example.com', 'later@example.com']) {
        const notifier = createEmailNotifier(config({ smarthost: `127.0.0.1:${rejecting.port}`, to }), deps);
        await assert.rejects(notifier.notify(chatContext(), [FIRING]), (e: NotifyError) => {
          assert.equal(e.retryable, true);
          assert.equal(e.reason, 'other');
          assert.match(e.message, /^send RCPT command: .*(550|451)/);
          return true;
        });
      }
    } finally {
      await rejecting.close();
    }
  });

  test('connection refused is retryable', async () => {
    const notifier = createEmailNotifier(config({ smarthost: '127.0.0.1:1' }), deps);
    await assert.rejects(notifier.notify(chatContext(), [FIRING]), (e: NotifyError) => e.retryable && e.message.startsWith('establish connection to server'));
  });

  test('template and address errors are not retried', async () => {
    const bad = createEmailNotifier(config({ html: '{{ .Nope' }), deps);
    await assert.rejects(bad.notify(chatContext(), [FIRING]), (e: NotifyError) => !e.retryable && e.message.startsWith('execute html template'));
    const two = createEmailNotifier(config({ from: 'a@example.com, b@example.com' }), deps);
    await assert.rejects(two.notify(chatContext(), [FIRING]), (e: NotifyError) => !e.retryable && e.message === "must be exactly one 'from' address (got: 2)");
  });

  test('threading adds References and In-Reply-To from the group key hash and the date', async () => {
    const mail = await deliver(config({ threading: { enabled: true, thread_by_date: 'daily' } }));
    const hash = createHash('sha256').update('{}:{alertname="A1"}').digest('hex').slice(0, 16);
    const root = `<alert-${hash}-${localDate(new Date())}@alertmanager>`;
    assert.ok(mail?.message.includes(`\r\nReferences: ${root}\r\nIn-Reply-To: ${root}\r\nDate: `));
    const none = await deliver(config({ threading: { enabled: true, thread_by_date: 'none' } }));
    assert.ok(none?.message.includes(`References: <alert-${hash}-@alertmanager>\r\n`));
  });

  test('a custom Message-Id replaces the generated one', async () => {
    const mail = await deliver(config({ headers: { 'Message-Id': '<fixed@example.com>' } }));
    assert.ok(mail?.message.includes('Message-Id: <fixed@example.com>\r\n'));
    assert.equal(mail?.message.match(/Message-Id/g)?.length, 1);
  });
});

describe('email encodings', () => {
  test('Date is RFC1123Z in the local zone', () => {
    assert.match(rfc1123z(new Date()), /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$/);
  });

  test('Q-encoding splits words at 75 bytes without splitting a character', () => {
    assert.equal(qEncodeHeader('plain ascii'), 'plain ascii');
    assert.equal(qEncodeHeader('a=é?_'), '=?utf-8?q?a=3D=C3=A9=3F=5F?=');
    const long = qEncodeHeader('é'.repeat(30));
    for (const word of long.split(' ')) assert.ok(word.length <= 75, word);
    assert.equal(long.split(' ').length, 3);
  });

  test('quoted-printable escapes trailing blanks and soft-breaks at 76', async () => {
    assert.equal(await quotedPrintable('a \nb\t'), 'a=20\r\nb=09');
    const line = await quotedPrintable('x'.repeat(80));
    assert.equal(line, `${'x'.repeat(75)}=\r\n${'x'.repeat(5)}`);
    assert.equal(await quotedPrintable('a\r\nb\rc'), 'a\r\nb\r\nc');
  });

  test('quoted-printable in 4,096-character steps writes what one step over the whole body writes', async () => {
    const whole = (text: string): Promise<string> => quotedPrintable(text, Number.MAX_SAFE_INTEGER);
    const rand = prng(7);
    // Line breaks, blanks, escapes and multi-byte characters, dense enough to fall on step edges.
    const pieces = ['\r', '\n', '\r\n', ' ', '\t', '=', 'é', '€', '😀', 'x'.repeat(70), 'abc', '\u0001'];
    for (let n = 0; n < 40; n++) {
      let text = '';
      const length = 4_000 + randomBelow(rand, 12_000);
      while (text.length < length) text += pieces[randomBelow(rand, pieces.length)] as string;
      assert.equal(await quotedPrintable(text), await whole(text), `input ${n}`);
    }
    // A CRLF, a CR before an escape, a blank before a break and a surrogate pair, each at a step edge.
    for (let k = 4_090; k <= 4_098; k++) {
      for (const tail of ['\r\nb \r\n', '\r=\n', ' \nb', '\t\r\n', '😀\n', '\ud800\n']) {
        const text = 'a'.repeat(k) + tail;
        assert.equal(await quotedPrintable(text), await whole(text), `${k} + ${JSON.stringify(tail)}`);
      }
    }
  });

  test('a large body is encoded over several turns', async () => {
    const text = '<td style="color: #222">alertname=HostDown instance=host-1:9100</td>\n'.repeat(150_000);
    const counter = countTurns();
    const encoded = await quotedPrintable(text);
    const turns = counter.stop();
    assert.ok(turns > 1, `${turns} other turns ran while the body was encoded`);
    assert.equal(encoded, await quotedPrintable(text, Number.MAX_SAFE_INTEGER));
  });
});
