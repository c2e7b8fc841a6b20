// Captures what Alertmanager 0.25 (/usr/bin/prometheus-alertmanager) sends to email (a local
// smtp-server with STARTTLS and AUTH), Telegram, WeChat, Pushover (through a TLS-terminating
// proxy, its API URL being fixed) and SNS for the alerts the messaging integration tests use.
// Stores them under test/fixtures/integrations/<name>/<scenario>.json beside the config used
// (am-0.25-config.yml). Date-dependent parts (Date, Message-Id, MIME boundary, SigV4 date and
// signature) are normalised.
// Usage: node scripts/capture-messaging-fixtures.mjs [path/to/alertmanager]
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { DEFAULT_BINARY, startAndPost } from './lib/alertmanager-process.mjs';
import { collect, pollUntil } from './lib/capture-server.mjs';
import { CHAT_ALERTS as ALERTS, CHAT_CONFIG_HEAD } from './lib/chat-alerts.mjs';
import { listen } from './lib/free-port.mjs';

const binary = process.argv[2] ?? DEFAULT_BINARY;
const fixtures = new URL('../test/fixtures/integrations/', import.meta.url);

// @BASE@ is the HTTP capture server, @SMTP@ the SMTP server's port, @PROXY@ the proxy for Pushover.
const CONFIG = `
${CHAT_CONFIG_HEAD}    email_configs:
      - to: 'ops@example.com, Second Person <second@example.com>'
        from: 'Alertmanager <am@example.com>'
        smarthost: 127.0.0.1:@SMTP@
        hello: tocsin.test
        auth_username: am
        auth_password: pw
        tls_config:
          insecure_skip_verify: true
      - to: rich@example.com
        from: am@example.com
        smarthost: 127.0.0.1:@SMTP@
        hello: tocsin.test
        auth_username: am
        auth_password: pw
        send_resolved: true
        tls_config:
          insecure_skip_verify: true
        headers:
          Subject: 'Alarm {{ .GroupLabels.alertname }} – é'
          x-team: '{{ .CommonLabels.severity }}'
        text: '{{ template "email.default.subject" . }}{{ range .Alerts }}
          {{ .Annotations.description }} ={{ .Labels.instance }}{{ end }}'
    telegram_configs:
      - api_url: @BASE@/telegram
        bot_token: '123:abc'
        chat_id: -1001
      - api_url: @BASE@/telegram-plain
        bot_token: '456:def'
        chat_id: 42
        parse_mode: ''
        disable_notifications: true
        message: '{{ .CommonAnnotations.summary }} <{{ .Status }}>'
    wechat_configs:
      - api_url: @BASE@/wechat/
        api_secret: wsecret
        corp_id: wcorp
        to_user: '@all'
        agent_id: '1000002'
      - api_url: @BASE@/wechat-md/
        api_secret: wsecret2
        corp_id: wcorp
        to_party: '2'
        to_tag: t
        message_type: markdown
        message: '**{{ .Status }}** {{ .CommonAnnotations.summary }}'
    pushover_configs:
      - user_key: ukey
        token: tdefault
        http_config: &proxy
          proxy_url: http://127.0.0.1:@PROXY@
          tls_config:
            insecure_skip_verify: true
      - user_key: ukey
        token: trich
        priority: '1'
        retry: 2m
        expire: 2h
        sound: siren
        html: true
        url: 'http://x.example/?a=1&b=<2>'
        url_title: 'See <it>'
        http_config: *proxy
    sns_configs:
      - api_url: @BASE@/sns
        sigv4:
          region: us-east-1
          access_key: AKIDEXAMPLE
          secret_key: sns-secret
        topic_arn: arn:aws:sns:us-east-1:123456789012:alerts
        attributes:
          severity: '{{ .CommonLabels.severity }}'
      - api_url: @BASE@/sns-phone
        sigv4:
          region: eu-west-1
          access_key: AKIDEXAMPLE
          secret_key: sns-secret
        phone_number: '+15555550100'
        subject: 'S {{ .Status }}'
        message: 'M {{ .CommonAnnotations.summary }}'
`;

const dir = await mkdtemp(join(tmpdir(), 'tocsin-capture-'));
execFileSync('openssl', [
  'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost',
  '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1,DNS:api.pushover.net',
  '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
], { stdio: 'ignore' });
const key = await readFile(join(dir, 'key.pem'));
const cert = await readFile(join(dir, 'cert.pem'));

// scenario file (relative to fixtures) → captured record
const captured = new Map();

const HEADER_KEEP = ['content-type', 'user-agent', 'content-length', 'x-amz-date', 'authorization'];
function record(req, body) {
  const headers = {};
  for (const name of HEADER_KEEP) {
    const value = req.headers[name];
    if (value !== undefined) headers[name] = value;
  }
  if (headers['user-agent']?.startsWith('Alertmanager/')) headers['user-agent'] = 'Alertmanager/<version>';
  if (headers['user-agent']?.startsWith('aws-sdk-go/')) headers['user-agent'] = 'aws-sdk-go/<version>';
  if (headers['x-amz-date'] !== undefined) headers['x-amz-date'] = '<date>';
  if (headers.authorization !== undefined) {
    headers.authorization = headers.authorization
      .replace(/\/\d{8}\//, '/<yyyymmdd>/')
      .replace(/Signature=[0-9a-f]+/, 'Signature=<signature>');
  }
  return { method: req.method, path: req.url, headers, body };
}

const SNS_OK =
  '<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult>' +
  '<MessageId>m-1</MessageId></PublishResult><ResponseMetadata><RequestId>r-1</RequestId>' +
  '</ResponseMetadata></PublishResponse>';

const http = createServer((req, res) => {
  collect(req, (body) => {
    const path = req.url.split('?')[0];
    if (path.startsWith('/telegram')) {
      captured.set(path.startsWith('/telegram-plain') ? 'telegram/am-0.25-plain' : 'telegram/am-0.25-default', record(req, body));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true,"result":{"message_id":7,"date":0,"chat":{"id":-1001,"type":"group"},"text":"x"}}');
    } else if (path.endsWith('/gettoken')) {
      const md = path.startsWith('/wechat-md');
      captured.set(md ? 'wechat/am-0.25-markdown-gettoken' : 'wechat/am-0.25-default-gettoken', record(req, body));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(`{"errcode":0,"errmsg":"ok","access_token":"${md ? 'tok-md' : 'tok-1'}","expires_in":7200}`);
    } else if (path.endsWith('/message/send')) {
      captured.set(path.startsWith('/wechat-md') ? 'wechat/am-0.25-markdown' : 'wechat/am-0.25-default', record(req, body));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"errcode":0,"errmsg":"ok"}');
    } else if (path.startsWith('/sns')) {
      captured.set(path.startsWith('/sns-phone') ? 'sns/am-0.25-phone' : 'sns/am-0.25-topic', record(req, body));
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.end(SNS_OK);
    } else {
      res.writeHead(404).end();
    }
  });
});
const base = `http://127.0.0.1:${await listen(http)}`;

// Pushover's API URL is fixed: a CONNECT proxy hands the tunnel to an HTTPS server posing as it.
const pushover = createHttpsServer({ key, cert }, (req, res) => {
  collect(req, (body) => {
    const token = new URLSearchParams(req.url.split('?')[1] ?? '').get('token');
    captured.set(token === 'trich' ? 'pushover/am-0.25-rich' : 'pushover/am-0.25-default', {
      ...record(req, body),
      host: req.headers.host,
    });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"status":1,"request":"r-1"}');
  });
});
const proxy = createServer();
proxy.on('connect', (req, socket) => {
  socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
  pushover.emit('connection', socket);
});
const proxyPort = await listen(proxy);

const smtp = new SMTPServer({
  key,
  cert,
  authMethods: ['PLAIN', 'LOGIN', 'CRAM-MD5'],
  logger: false,
  onAuth(auth, session, callback) {
    session.authInfo = { method: auth.method, username: auth.username, secure: session.secure };
    if (auth.username === 'am' && auth.password === 'pw') callback(null, { user: 'am' });
    else callback(new Error('bad credentials'));
  },
  onData(stream, session, callback) {
    const chunks = [];
    stream.on('data', (c) => chunks.push(c));
    stream.on('end', () => {
      const raw = Buffer.concat(chunks)
        .toString('utf8')
        .replace(/^Message-Id: <\d+\.\d+@[^>]+>/m, 'Message-Id: <nanos.random@hostname>')
        .replace(/^Date: .*$/m, 'Date: <date>');
      const boundary = /boundary=([0-9a-f]+)/.exec(raw)?.[1];
      const rcpt = session.envelope.rcptTo.map((r) => r.address);
      captured.set(rcpt.includes('rich@example.com') ? 'email/am-0.25-rich' : 'email/am-0.25-default', {
        hello: session.hostNameAppearsAs,
        secure: session.secure,
        auth: session.authInfo,
        mailFrom: session.envelope.mailFrom.address,
        rcptTo: rcpt,
        message: boundary === undefined ? raw : raw.replaceAll(boundary, '<boundary>'),
      });
      callback();
    });
  },
});
await new Promise((resolve) => smtp.listen(0, '127.0.0.1', resolve));
const smtpPort = smtp.server.address().port;

const expected = [
  'email/am-0.25-default', 'email/am-0.25-rich',
  'telegram/am-0.25-default', 'telegram/am-0.25-plain',
  'wechat/am-0.25-default-gettoken', 'wechat/am-0.25-default',
  'wechat/am-0.25-markdown-gettoken', 'wechat/am-0.25-markdown',
  'pushover/am-0.25-default', 'pushover/am-0.25-rich',
  'sns/am-0.25-topic', 'sns/am-0.25-phone',
];

const config = CONFIG.replaceAll('@BASE@', base).replaceAll('@SMTP@', String(smtpPort)).replaceAll('@PROXY@', String(proxyPort));
let am;
try {
  am = await startAndPost(binary, dir, config, ALERTS);
  await pollUntil(() => expected.every((e) => captured.has(e)), 20_000);
  const missing = expected.filter((e) => !captured.has(e));
  if (missing.length > 0) throw new Error(`nothing captured for ${missing.join(', ')}`);
  for (const name of new Set(expected.map((e) => e.split('/')[0]))) {
    const out = new URL(`${name}/`, fixtures);
    await mkdir(out, { recursive: true });
    await writeFile(new URL('am-0.25-config.yml', out), CONFIG.trimStart());
  }
  for (const scenario of expected) {
    await writeFile(new URL(`${scenario}.json`, fixtures), `${JSON.stringify(captured.get(scenario), null, 2)}\n`);
    console.log(`captured ${scenario}.json`);
  }
} finally {
  am?.kill();
  http.close();
  proxy.close();
  smtp.close();
  await rm(dir, { recursive: true, force: true });
}
