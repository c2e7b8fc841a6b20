import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { formatGoUrl, parseGoUrl, parseHttpUrl } from './go-url.ts';

// Messages as printed by amtool check-config 0.25 for the same inputs.
describe('parseHttpUrl (Go net/url + Alertmanager ParseURL)', () => {
  const cases: [string, string][] = [
    ['ftp://example.com/hook', 'unsupported scheme "ftp" for URL'],
    ['http:///path', 'missing host for URL'],
    ['not a url', 'unsupported scheme "" for URL'],
    ['a:b/c:d', 'unsupported scheme "a" for URL'],
    ['http://exa mple.com/', 'parse "http://exa mple.com/": invalid character " " in host name'],
    ['http://a:b/', 'parse "http://a:b/": invalid port ":b" after host'],
    ['://x', 'parse "://x": missing protocol scheme'],
  ];
  for (const [input, message] of cases) {
    it(`${JSON.stringify(input)} → ${message}`, () => {
      assert.throws(() => parseHttpUrl(input), { message });
    });
  }

  it('accepts http(s) URLs and prints them back as Go does', () => {
    for (const u of ['http://127.0.0.1:5001/hook', 'https://user:pw@example.com/a?b=c#d', 'HTTPS://Example.com']) {
      const parsed = parseHttpUrl(u);
      assert.equal(formatGoUrl(parsed), u.replace('HTTPS:', 'https:'));
    }
    assert.equal(parseGoUrl('https://example.com/v2/enqueue').path, '/v2/enqueue');
  });
});
