import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError } from './errors.ts';
import { loadConfigFile, loadConfigString } from './load.ts';
import { Secret } from './secret.ts';

const dir = new URL('../../test/fixtures/config/', import.meta.url).pathname;

async function failure(text: string, opts: Parameters<typeof loadConfigString>[1] = { filename: 'alertmanager.yml', baseDir: '/etc/am' }): Promise<ConfigError> {
  try {
    await loadConfigString(text, opts);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  assert.fail('expected a ConfigError');
}

describe('loadConfigFile', () => {
  it('names file, line, column and key around Alertmanager message', async () => {
    const err = await failure(
      ['route:', '  receiver: r', 'receivers:', '- name: r', '  webhook_configs:', '  - url: ftp://example.com/hook', ''].join('\n'),
    );
    assert.equal(err.amMessage, 'invalid URL: unsupported scheme "ftp" for URL');
    assert.equal(err.file, 'alertmanager.yml');
    assert.equal(err.line, 6);
    assert.equal(err.column, 10);
    assert.equal(err.key, 'receivers[0].webhook_configs[0].url');
    assert.equal(err.message, `alertmanager.yml:6:10: receivers[0].webhook_configs[0].url: ${err.amMessage}`);
  });

  it('points at the route key that names an undefined receiver', async () => {
    const err = await failure('route:\n  receiver: a\n  routes:\n  - receiver: nope\nreceivers:\n- name: a\n');
    assert.equal(err.amMessage, 'undefined receiver "nope" used in route');
    assert.deepEqual([err.line, err.column, err.key], [4, 5, 'route.routes[0].receiver']);
  });

  it('reports all yaml.v2 type errors together, positioned at the first', async () => {
    const err = await failure('route:\n  receiver: a\n  continue: maybe\n  foo: bar\nreceivers:\n- name: a\n');
    assert.equal(
      err.amMessage,
      'yaml: unmarshal errors:\n  line 3: cannot unmarshal !!str `maybe` into bool\n  line 4: field foo not found in type config.plain',
    );
    assert.deepEqual([err.line, err.column, err.key], [3, 13, 'route.continue']);
  });

  it('reports an unreadable file as Alertmanager does', async () => {
    await assert.rejects(loadConfigFile('/nonexistent/am.yml'), {
      name: 'ConfigError',
      amMessage: 'open /nonexistent/am.yml: no such file or directory',
    });
  });

  it('decodes typed values: durations in ms, secrets redacted, matchers parsed and sorted', async () => {
    const { config } = await loadConfigFile(join(dir, 'ok-full-route.yml'));
    assert.equal(config.global?.resolve_timeout, 60_000);
    assert.equal(config.route?.group_wait, 10_000);
    assert.equal(config.route?.repeat_interval, 3 * 3_600_000);
    const child = config.route?.routes?.[0];
    assert.deepEqual(
      child?.matchers?.map((m) => m.toString()),
      ['env!="dev"', 'severity="critical"', 'team=~"a|b"'],
    );
    assert.deepEqual(config.route?.routes?.[1]?.group_by, []);
    assert.deepEqual(config.route?.routes?.[0]?.routes?.[0]?.group_by, ['...']);
    const workhours = config.time_intervals?.[0]?.time_intervals?.[0];
    assert.deepEqual(workhours?.times, [{ startMinute: 540, endMinute: 1020 }]);
    assert.deepEqual(workhours?.weekdays, [{ begin: 1, end: 5 }]);
    assert.equal(workhours?.location, 'Europe/Berlin');
    assert.deepEqual(config.mute_time_intervals?.[0]?.time_intervals?.[0]?.daysOfMonth, [
      { begin: 1, end: 5 },
      { begin: -3, end: -1 },
    ]);
  });

  it('applies global defaults and inheritance as Alertmanager does', async () => {
    const { config } = await loadConfigFile(join(dir, 'ok-email.yml'));
    const [first, second] = config.receivers?.[0]?.email_configs ?? [];
    assert.equal(first?.smarthost, 'smtp.example.org:587');
    assert.equal(first?.from, 'alertmanager@example.org');
    assert.equal(first?.auth_password?.reveal(), 'password');
    assert.equal(first?.require_tls, true);
    assert.equal(first?.send_resolved, true);
    assert.equal(first?.headers?.Subject, 'Alert: {{ .CommonLabels.alertname }}');
    assert.equal(first?.headers?.['X-Custom'], 'value');
    assert.equal(second?.smarthost, 'other.example.org:25');
    assert.equal(second?.require_tls, false);

    const og = await loadConfigFile(join(dir, 'ok-opsgenie.yml'));
    // The trailing slash lands on the inherited global URL too (observed on Alertmanager 0.25).
    assert.equal(og.config.global?.opsgenie_api_url, 'https://api.eu.opsgenie.com/');
    assert.equal(og.config.receivers?.[0]?.opsgenie_configs?.[0]?.api_url, 'https://api.eu.opsgenie.com/');
    assert.equal(og.config.receivers?.[0]?.opsgenie_configs?.[0]?.api_key?.reveal(), 'key');
    assert.equal(og.config.receivers?.[0]?.opsgenie_configs?.[0]?.http_config, og.config.global?.http_config);
  });

  it('keeps secrets out of logs and JSON', async () => {
    const { config } = await loadConfigFile(join(dir, 'ok-slack.yml'));
    const url = config.receivers?.[0]?.slack_configs?.[1]?.api_url;
    assert.ok(url instanceof Secret);
    assert.equal(url.reveal(), 'https://hooks.slack.com/services/T00/B00/YYY');
    assert.equal(JSON.stringify({ url }), '{"url":"<secret>"}');
    assert.equal(String(url), '<secret>');
  });

  it('moves bearer_token into authorization, as prometheus/common does', async () => {
    const { config } = await loadConfigFile(join(dir, 'ok-http-config-variants.yml'));
    const http = config.receivers?.[0]?.webhook_configs?.[0]?.http_config;
    assert.equal(http?.authorization?.type, 'Bearer');
    assert.equal(http?.authorization?.credentials?.reveal(), 'abc');
    assert.equal(http?.bearer_token, undefined);
  });

  it('joins templates and http_config files with the config directory and expands globs', async () => {
    const loaded = await loadConfigFile(join(dir, 'ok-templates.yml'));
    assert.deepEqual(loaded.config.templates, [join(dir, 'templates/*.tmpl'), '/nonexistent/dir/*.tmpl']);
    assert.deepEqual(loaded.templateFiles, [join(dir, 'templates/custom.tmpl')]);
    const { config } = await loadConfigString(
      'route:\n  receiver: a\nreceivers:\n- name: a\n  webhook_configs:\n  - url: http://x/\n    http_config:\n      tls_config:\n        ca_file: ca.pem\n',
      { filename: '/etc/am/am.yml', baseDir: '/etc/am' },
    );
    assert.equal(config.receivers?.[0]?.webhook_configs?.[0]?.http_config?.tls_config.ca_file, '/etc/am/ca.pem');
  });

  it('warns about matchers only the classic parser accepts, and rejects them in UTF-8 strict mode', async () => {
    const warnings: string[] = [];
    await loadConfigFile(join(dir, 'ok-classic-matchers.yml'), { onWarning: (m) => warnings.push(m) });
    assert.ok(warnings.length > 0);
    await assert.rejects(loadConfigFile(join(dir, 'ok-classic-matchers.yml'), { matcherMode: 'utf8-strict' }), ConfigError);
  });

  it('loads the bundled examples/alertmanager.yml (amtool 0.25 accepts it too)', async () => {
    const { config } = await loadConfigFile(new URL('../../examples/alertmanager.yml', import.meta.url).pathname);
    assert.equal(config.route?.receiver, 'local-webhook');
    assert.equal(config.receivers?.[0]?.webhook_configs?.[0]?.url?.reveal(), 'http://127.0.0.1:5001/alerts');
  });

  it('keeps the file text for the config hash', async () => {
    const loaded = await loadConfigFile(join(dir, 'ok-minimal.yml'));
    assert.match(loaded.source, /^# The smallest valid configuration/);
    assert.equal(loaded.path, join(dir, 'ok-minimal.yml'));
  });
});
