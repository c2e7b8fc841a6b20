/**
 * Prometheus rule templates: annotations rendered by the real `promtool test rules` (Prometheus
 * 2.42) for a series m{instance="web:80",job="j"} = 123456.5, and hand-derived results for the
 * functions newer than 2.42 (toDuration, urlQueryEscape, negative parseDuration).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Sample, expandRuleTemplate } from './rule-functions.ts';

const input = { labels: { instance: 'web:80', job: 'j' }, value: 123456.5, ruleName: 'T', evalTime: new Date(60_000) };
const expand = (text: string, extra: Partial<Parameters<typeof expandRuleTemplate>[1]> = {}): string =>
  expandRuleTemplate(text, { ...input, ...extra });

test('annotations render as promtool test rules renders them', () => {
  const cases: Array<[string, string]> = [
    ['{{ if gt $value 100.0 }}high{{ else }}low{{ end }}', 'high'],
    ['{{ $labels.instance }} {{ $value }} {{ $labels.missing }}|{{ $externalLabels.cluster }}|{{ $externalURL }}', 'web:80 123456.5 ||'],
    ['{{ humanize $value }} {{ humanize 1234567 }} {{ humanize 0.000123 }} {{ humanize 0 }} {{ humanize "1e30" }}', '123.5k 1.235M 123u 0 1e+06Y'],
    ['{{ humanize1024 1048576 }} {{ humanize1024 1 }} {{ humanize1024 1536.5 }}', '1Mi 1 1.5ki'],
    ['{{ humanizeDuration 90061.5 }} {{ humanizeDuration 0.0015 }} {{ humanizePercentage 0.12345 }}', '1d 1h 1m 1s 1.5ms 12.35%'],
    ['{{ humanizeTimestamp 1435065584.128 }} {{ toTime 1435065584 }}', '2015-06-23 13:19:44.128 +0000 UTC 2015-06-23 13:19:44 +0000 UTC'],
    ['{{ stripPort "host:9090" }} {{ stripPort "[::1]:80" }} {{ stripPort "noport" }} {{ stripDomain "a.b.c:80" }} {{ stripDomain "10.0.0.1:9" }} {{ stripDomain "x.y" }}', 'host ::1 noport a:80 10.0.0.1:9 x'],
    ['{{ title "hello wORLD" }} {{ toUpper "a" }} {{ toLower "B" }} {{ match "a+" "caat" }} {{ reReplaceAll "(a)" "<$1>" "banana" }}', 'Hello WORLD A b true b<a>n<a>n<a>'],
    ['{{ .Value }} {{ printf "%.2f" $value }} {{ $value | humanize }}', '123456.5 123456.50 123.5k'],
  ];
  for (const [text, want] of cases) assert.equal(expand(text), want, text);
});

test('errors become <error expanding template: ...> like Prometheus', () => {
  assert.equal(
    expand('{{ .Nope }}'),
    '<error expanding template: error executing template __alert_T: template: __alert_T:1:115: executing "__alert_T" at <.Nope>: '
      + "can't evaluate field Nope in type struct { Labels map[string]string; ExternalLabels map[string]string; ExternalURL string; Value interface {} }>",
  );
  assert.match(expand('{{ parseDuration "5x" }}'), /error calling parseDuration: unknown unit "x" in duration "5x">$/);
  assert.match(expand('{{ .Labels'), /^<error expanding template: error parsing template __alert_T: template: __alert_T:1: /);
});

test('functions newer than Prometheus 2.42', () => {
  assert.equal(expand('{{ parseDuration "1h30m" }} {{ parseDuration "-5m" }} {{ toDuration 90.5 }} {{ urlQueryEscape "a b&c" }}'), '5400 -300 1m30.5s a+b%26c');
  assert.equal(expand('{{ graphLink "up == 0" }} {{ tableLink "rate(x[5m])" }}'), '/graph?g0.expr=up+%3D%3D+0&g0.tab=0 /graph?g0.expr=rate%28x%5B5m%5D%29&g0.tab=1');
  assert.equal(expand('{{ externalURL }}|{{ pathPrefix }}|{{ $externalLabels.c }}', { externalURL: 'http://p:9090/pre%20fix/', externalLabels: { c: 'eu' } }), 'http://p:9090/pre%20fix/|/pre fix/|eu');
  assert.equal(expand('{{ now }}'), '60');
});

test('query results: first, label, value, strvalue, sortByLabel', () => {
  const samples = [new Sample({ i: 'b', __value__: 's' }, 2), new Sample({ i: 'a' }, 1)];
  const query = (): Sample[] => [...samples];
  assert.equal(
    expand('{{ with query "x" }}{{ (first .) | value }} {{ range sortByLabel "i" . }}{{ label "i" . }}{{ end }} {{ (first .) | strvalue }}{{ end }}', { query }),
    // sortByLabel sorts the result in place (Go's sort.Stable on the slice), so `first` then sees "a".
    '2 ab ',
  );
  assert.match(expand('{{ first (query "none") }}', { query: () => [] }), /first\(\) called on vector with no elements>$/);
});
