import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseWebConfig } from './web-config.ts';
import { WebConfigWatcher } from './web-guard.ts';

const HASH = '$2y$10$QOauhQNbBCuQDKes6eFzPeMqBSjb7Mr5DUmpZ/VcEd00UAV/LDeSi';

test('an empty file turns nothing on', async () => {
  const config = await parseWebConfig('', '/');
  assert.equal(config.tls, undefined);
  assert.equal(config.users.size, 0);
  assert.deepEqual(config.headers, {});
});

test('users, headers and rate limit are read', async () => {
  const config = await parseWebConfig(
    `basic_auth_users:\n  alice: ${HASH}\nhttp_server_config:\n  http2: false\n  headers:\n    Strict-Transport-Security: max-age=3600\nrate_limit:\n  burst: 5\n  interval: 1s\n`,
    '/',
  );
  assert.equal(config.users.get('alice'), HASH);
  assert.equal(config.http2, false);
  assert.deepEqual(config.headers, { 'Strict-Transport-Security': 'max-age=3600' });
  assert.deepEqual(config.rateLimit, { burst: 5, intervalMs: 1000 });
});

test('mistakes are rejected with exporter-toolkit wording', async () => {
  const cases: [string, RegExp][] = [
    ['nope: 1\n', /line 1: field nope not found in web config/],
    ['tls_server_config:\n  cert_file: a\n  bogus: 1\n', /line 3: field bogus not found in tls_server_config/],
    ['basic_auth_users:\n  bob: plain\n', /the password of user "bob" is not a bcrypt hash/],
    ['http_server_config:\n  headers:\n    Server: x\n', /HTTP header "Server" can not be configured/],
    ['http_server_config:\n  headers:\n    X-Frame-Options: allow\n', /invalid value for X-Frame-Options/],
    ['tls_server_config:\n  key_file: k\n', /missing one of cert or cert_file/],
    ['tls_server_config:\n  cert: c\n', /missing one of key or key_file/],
    ['tls_server_config:\n  cert: c\n  key: k\n  client_auth_type: Maybe\n', /invalid ClientAuth: Maybe/],
    ['tls_server_config:\n  cert: c\n  key: k\n  client_ca: ca\n', /client CA's have been configured without a Client Auth Policy/],
    ['tls_server_config:\n  cert: c\n  key: k\n  min_version: TLS99\n', /unknown TLS version: TLS99/],
    ['tls_server_config:\n  cert_file: missing.crt\n  key: k\n', /failed to read cert_file \(\/nowhere\/missing\.crt\)/],
  ];
  for (const [text, pattern] of cases) await assert.rejects(parseWebConfig(text, '/nowhere'), pattern, text);
});

test('inline TLS material and versions', async () => {
  const config = await parseWebConfig(
    'tls_server_config:\n  cert: CERT\n  key: KEY\n  client_ca: CA\n  client_auth_type: RequireAndVerifyClientCert\n  min_version: TLS13\n',
    '/',
  );
  assert.deepEqual(config.tls, {
    cert: 'CERT',
    key: 'KEY',
    clientCa: 'CA',
    clientAuth: 'RequireAndVerifyClientCert',
    minVersion: 'TLSv1.3',
    maxVersion: 'TLSv1.3',
    preferServerCipherSuites: true,
  });
});

test('Go cipher suite and curve names become OpenSSL names', async () => {
  const config = await parseWebConfig(
    'tls_server_config:\n  cert: C\n  key: K\n  cipher_suites: [TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256]\n  curve_preferences: [X25519, CurveP256]\n  prefer_server_cipher_suites: false\n',
    '/',
  );
  assert.deepEqual(config.tls?.ciphers, ['ECDHE-RSA-AES128-GCM-SHA256']);
  assert.deepEqual(config.tls?.curves, ['X25519', 'P-256']);
  assert.equal(config.tls?.preferServerCipherSuites, false);
  await assert.rejects(parseWebConfig('tls_server_config:\n  cert: C\n  key: K\n  cipher_suites: [RC4]\n', '/'), /unknown cipher: RC4/);
});

test('the watcher picks up a changed file and reports a broken one', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tocsin-webcfg-'));
  const file = join(dir, 'web.yml');
  await writeFile(file, `basic_auth_users:\n  alice: ${HASH}\n`);
  const watcher = await WebConfigWatcher.open(file);
  assert.deepEqual([...(await watcher.current()).users.keys()], ['alice']);
  await writeFile(file, `basic_auth_users:\n  bob: ${HASH}\n`);
  assert.deepEqual([...(await watcher.current(Date.now() + 5000)).users.keys()], ['bob']);
  await writeFile(file, 'nonsense: 1\n');
  await assert.rejects(watcher.current(Date.now() + 10000), /field nonsense not found/);
});
