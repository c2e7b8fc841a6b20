import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { loadConfigFile } from './load.ts';
import { configToYaml } from './marshal.ts';

const dir = new URL('../../test/fixtures/config/marshal/', import.meta.url).pathname;

/**
 * The *.am-0.25.yml files are `config.original` from a real Alertmanager 0.25 `/api/v2/status`.
 * 0.34 prints a few more defaults; they are removed here, each one named:
 * global smtp_tls_config, slack_app_url and rocketchat_api_url (DefaultGlobalConfig since 0.28/0.30)
 * and every receiver's `labels: {name: …}` (Receiver.UnmarshalYAML since 0.33).
 */
function without034Additions(yaml: string): string {
  return yaml
    .replace(/^ {2}smtp_tls_config:\n {4}insecure_skip_verify: false\n/m, '')
    .replace(/^ {2}slack_app_url: https:\/\/slack\.com\/api\/chat\.postMessage\n/m, '')
    .replace(/^ {2}rocketchat_api_url: https:\/\/open\.rocket\.chat\/\n/m, '')
    .replace(/^ {2}labels:\n {4}name: .*\n/gm, '');
}

async function marshalled(name: string): Promise<string> {
  return configToYaml((await loadConfigFile(`${dir}${name}.yml`)).config);
}

describe('configToYaml (Alertmanager Config.String())', () => {
  for (const name of ['strings', 'full-route', 'opsgenie', 'inhibit-rules']) {
    it(`${name}.yml prints as Alertmanager's /api/v2/status config.original`, async () => {
      const expected = readFileSync(`${dir}${name}.am-0.25.yml`, 'utf8');
      assert.equal(without034Additions(await marshalled(name)), expected);
    });
  }

  it('prints secrets as <secret> and keeps the 0.34 defaults', async () => {
    const out = await marshalled('opsgenie');
    assert.match(out, /^ {2}opsgenie_api_key: <secret>$/m);
    assert.match(out, /^ {4}api_key: <secret>$/m);
    assert.doesNotMatch(out, /other/);
    assert.match(out, /^ {2}slack_app_url: https:\/\/slack\.com\/api\/chat\.postMessage$/m);
  });

  it('reads its own output back to the same configuration text', async () => {
    const first = await marshalled('full-route');
    const { loadConfigString } = await import('./load.ts');
    const again = await loadConfigString(first, { filename: 'again.yml', baseDir: dir });
    assert.equal(configToYaml(again.config), first);
  });
});
