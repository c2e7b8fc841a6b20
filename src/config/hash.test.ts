import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { configHash } from './hash.ts';

describe('configHash', () => {
  it('equals alertmanager_config_hash from a real Alertmanager 0.25 /metrics', () => {
    // prometheus-alertmanager 0.25 loaded with this file reported 1.15059153887241e+14.
    const file = new URL('../../test/fixtures/config/marshal/full-route.yml', import.meta.url);
    assert.equal(configHash(readFileSync(file, 'utf8')), 115059153887241);
  });

  it('hashes strings and bytes alike, in 48 bits', () => {
    assert.equal(configHash('a'), configHash(Buffer.from('a')));
    assert.ok(configHash('') < 2 ** 48);
  });
});
