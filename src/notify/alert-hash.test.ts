import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hashAlert } from './alert-hash.ts';
import { xxhash64Hex } from './xxhash64.ts';

// Vectors computed with cespare/xxhash (Go) from Debian's golang-github-cespare-xxhash-dev.
test('xxhash64 matches cespare/xxhash Sum64 across the short, 4-, 8- and 32-byte paths', () => {
  const vectors: [string, string][] = [
    ['', 'ef46db3751d8e999'],
    ['a', 'd24ec4f1a98c6e5b'],
    ['abc', '44bc2cf5ad770999'],
    ['0123456789abcdef0123456789abcde', '1fdfc63febacfde7'],
    ['0123456789abcdef0123456789abcdef', '642a94958e71e6c5'],
    ['xyz€'.repeat(50), 'f76c4c4c72a87dbe'],
    ['hello, world 12345', '62df506043f9c9ff'],
  ];
  const enc = new TextEncoder();
  for (const [input, want] of vectors) assert.equal(xxhash64Hex(enc.encode(input)), want, JSON.stringify(input));
});

test('hashAlert matches Alertmanager hashAlert (sorted name 0xff value 0xff)', () => {
  assert.equal(hashAlert({}), 'ef46db3751d8e999');
  assert.equal(hashAlert({ severity: 'warning', alertname: 'A1', instance: 'i1' }), '8a0e91e6a9272c45');
  assert.equal(hashAlert({ alertname: 'A2' }), 'f3446d393bffd6a0');
  assert.equal(hashAlert({ a: 'ünïcödé', Z: '1', _b: '' }), '1db05bb15353a32b');
  // Names already in order take another path.
  assert.equal(hashAlert({ alertname: 'A1', instance: 'i1', severity: 'warning' }), '8a0e91e6a9272c45');
  assert.equal(hashAlert({ Z: '1', _b: '', a: 'ünïcödé' }), '1db05bb15353a32b');
});

test('hashAlert handles label sets larger than its initial buffer', () => {
  const big: Record<string, string> = {};
  for (let i = 0; i < 200; i++) big[`label_${i}`] = 'v'.repeat(20);
  assert.equal(hashAlert(big), hashAlert({ ...big }));
  assert.match(hashAlert(big), /^[0-9a-f]{16}$/);
});
