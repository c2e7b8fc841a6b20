import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { loadConfigFile } from './load.ts';
import { configToYaml } from './marshal.ts';

const dir = new URL('../../test/fixtures/config/marshal/', import.meta.url).pathname;

// The *.am-0.25.yml files are `config.original` from a real Alertmanager 0.25 `/api/v2/status`.
async function marshalled(name: string): Promise<string> {
  return configToYaml((await loadConfigFile(`${dir}${name}.yml`)).config);
}

describe('configToYaml (Alertmanager Config.String())', () => {
  for (const name of ['strings', 'full-route', 'opsgenie', 'inhibit-rules']) {
    it(`${name}.yml prints as Alertmanager's /api/v2/status config.original`, async () => {
      const expected = readFileSync(`${dir}${name}.am-0.25.yml`, 'utf8');
      assert.equal(await marshalled(name), expected);
    });
  }

  it('completes the headers of the email configs a route uses, as Alertmanager builds their notifiers', async () => {
    const expected = readFileSync(`${dir}email-headers.am-0.25.yml`, 'utf8');
    // 0.34 gives every email config the global smtp_tls_config; 0.25 left a zero one out.
    const ours = (await marshalled('email-headers')).replaceAll('    tls_config:\n      insecure_skip_verify: false\n', '');
    assert.equal(ours, expected);
    assert.match(expected, /Subject: Custom\n/);
    assert.doesNotMatch(expected.slice(expected.indexOf('- name: unused')), /headers:/);
  });

  it('prints secrets as <secret>', async () => {
    const out = await marshalled('opsgenie');
    assert.match(out, /^ {2}opsgenie_api_key: <secret>$/m);
    assert.match(out, /^ {4}api_key: <secret>$/m);
    assert.doesNotMatch(out, /other/);
  });

  it('leaves out the keys 0.28+ prints with their defaults (amtool 0.25 rejects them), but prints set values', async () => {
    const { loadConfigString } = await import('./load.ts');
    const text = (global: string, labels: string): string =>
      `global:\n${global}route:\n  receiver: r\nreceivers:\n- name: r\n${labels}`;
    const plain = configToYaml((await loadConfigString(text('  resolve_timeout: 5m\n', ''), { filename: 'a.yml', baseDir: dir })).config);
    assert.doesNotMatch(plain, /smtp_tls_config|slack_app_url|rocketchat_api_url|labels/);
    const set = configToYaml(
      (
        await loadConfigString(
          text('  slack_app_url: https://slack.example/api/chat.postMessage\n  rocketchat_api_url: https://chat.example/\n', '  labels:\n    team: db\n'),
          { filename: 'b.yml', baseDir: dir },
        )
      ).config,
    );
    assert.match(set, /^ {2}slack_app_url: https:\/\/slack\.example\/api\/chat\.postMessage$/m);
    assert.match(set, /^ {2}rocketchat_api_url: https:\/\/chat\.example\/$/m);
    assert.match(set, /^ {4}team: db$/m);
  });

  it('reads its own output back to the same configuration text', async () => {
    const first = await marshalled('full-route');
    const { loadConfigString } = await import('./load.ts');
    const again = await loadConfigString(first, { filename: 'again.yml', baseDir: dir });
    assert.equal(configToYaml(again.config), first);
  });
});
