import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { formatGoUrl, parseGoRequestUri, parseGoUrl, parseHttpUrl } from './go-url.ts';

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

// Outcomes of Go 1.19's net/url for the same inputs ('' where it accepts the URL).
describe('parseGoUrl and parseGoRequestUri (Go net/url.Parse and ParseRequestURI)', () => {
  const cases: Array<[string, string, string]> = [
    ['not a url', '', 'parse "not a url": invalid URI for request'],
    ['/graph?g0.expr=up', '', ''],
    ['*', '', ''],
    ['//host/x', '', ''],
    ['x#y', '', 'parse "x#y": invalid URI for request'],
    ['http://%41/', 'parse "http://%41/": invalid URL escape "%41"', 'parse "http://%41/": invalid URL escape "%41"'],
    ['http://%c3%a9/', '', ''],
    ['http://%25/', '', ''],
    ['https:// #@:[::1]', 'parse "https:// ": invalid character " " in host name', 'parse "https:// #@:[::1]": invalid port ":1]" after host'],
    ['http://u%zz@h/', 'parse "http://u%zz@h/": invalid URL escape "%zz"', 'parse "http://u%zz@h/": invalid URL escape "%zz"'],
    ['/%4é', 'parse "/%4é": invalid URL escape "%4\\xc3"', 'parse "/%4é": invalid URL escape "%4\\xc3"'],
    ['http://h/#%zz', 'parse "http://h/#%zz": invalid URL escape "%zz"', 'parse "http://h/#%zz": invalid URL escape "%zz"'],
    ['mailto:a@b', '', ''],
    ['', '', 'parse "": empty url'],
  ];
  const outcome = (parse: (raw: string) => unknown, raw: string): string => {
    try {
      parse(raw);
      return '';
    } catch (err) {
      return (err as Error).message;
    }
  };
  for (const [input, parsed, requested] of cases) {
    it(JSON.stringify(input), () => {
      assert.equal(outcome(parseGoUrl, input), parsed);
      assert.equal(outcome(parseGoRequestUri, input), requested);
    });
  }
});
