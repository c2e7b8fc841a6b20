import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError } from './errors.ts';
import { loadConfigFile } from './load.ts';

// Expected verdicts come from the real `amtool check-config` 0.25 (or, for files marked
// `# since: 0.34`, from Alertmanager 0.34's source); see scripts/derive-config-verdicts.mjs.
const dir = new URL('../../test/fixtures/config/', import.meta.url).pathname;
const verdicts = JSON.parse(readFileSync(join(dir, 'verdicts.json'), 'utf8')) as Record<
  string,
  { verdict: 'ok' | 'error'; message?: string }
>;

describe('config corpus against amtool check-config', () => {
  it('has a verdict for every file and at least 60 files', () => {
    const files = readdirSync(dir).filter((f) => f.endsWith('.yml')).sort();
    assert.deepEqual(files, Object.keys(verdicts).sort());
    assert.ok(files.length >= 60);
  });

  for (const [file, expected] of Object.entries(verdicts)) {
    it(`${file}: ${expected.verdict === 'ok' ? 'loads' : expected.message?.split('\n')[0]}`, async () => {
      let outcome: ConfigError | undefined;
      try {
        await loadConfigFile(join(dir, file));
      } catch (err) {
        if (!(err instanceof ConfigError)) throw err;
        outcome = err;
      }
      if (expected.verdict === 'ok') {
        assert.equal(outcome?.message, undefined);
        return;
      }
      assert.ok(outcome, `expected: ${expected.message}`);
      const message = expected.message as string;
      // "yaml: line N: …" and "line N: …" errors must agree on the line as well.
      assert.ok(
        outcome.amMessage.includes(message),
        `Alertmanager: ${JSON.stringify(message)}\nours:         ${JSON.stringify(outcome.amMessage)}`,
      );
      const line = /line (\d+):/.exec(message)?.[1];
      if (line !== undefined && !message.startsWith('yaml: line')) assert.equal(outcome.line, Number(line));
      assert.equal(outcome.file, join(dir, file));
    });
  }
});
