import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveExternalUrl, resolveRoutePrefix } from './route-prefix.ts';

test('the external URL defaults to http://<hostname>:<port>', () => {
  assert.deepEqual(resolveExternalUrl('', 9093, () => 'am-0'), { href: 'http://am-0:9093', path: '' });
});

test('a given external URL loses its trailing slash', () => {
  assert.deepEqual(resolveExternalUrl('https://example.com/am/', 1), { href: 'https://example.com/am', path: '/am' });
  assert.deepEqual(resolveExternalUrl('http://example.com:9999/', 1), { href: 'http://example.com:9999', path: '' });
});

test('only http and https are accepted', () => {
  assert.throws(() => resolveExternalUrl('ftp://x/', 1), /invalid "ftp" scheme, only 'http' and 'https' are supported/);
  assert.throws(() => resolveExternalUrl('not a url', 1), /failed to determine external URL/);
});

test('the route prefix comes from the flag, else the external URL path', () => {
  const ext = resolveExternalUrl('http://x/a/b/', 1);
  assert.equal(resolveRoutePrefix('', ext), '/a/b');
  assert.equal(resolveRoutePrefix('/', ext), '/');
  assert.equal(resolveRoutePrefix('custom/', ext), '/custom');
  assert.equal(resolveRoutePrefix('', resolveExternalUrl('', 1, () => 'h')), '/');
});
