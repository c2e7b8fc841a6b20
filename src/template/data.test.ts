/**
 * Template data as Alertmanager's `Template.Data` builds it, the KV / Pairs / Strings methods of
 * 0.34, and its JSON (the webhook body core) as Alertmanager 0.25 sent it (reference §4.3).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KV, buildTemplateData, buildTemplateDataInSlices, quoteMeta, toKV } from './data.ts';
import type { AlertInput, TemplateDataInput } from './data.ts';
import { goJsonMarshal } from './go-json.ts';
import { GoTime } from './go-time.ts';
import { loadTemplates } from './alertmanager-templates.ts';

const NOW = new Date('2026-11-21T00:30:00Z');

test('webhook JSON of one firing alert matches Alertmanager 0.25 (plus the 0.34 fields)', () => {
  const data = buildTemplateData({
    receiver: 'wh', groupLabels: { alertname: 'A1' }, externalURL: 'http://host:9093', now: NOW,
    alerts: [{
      labels: { alertname: 'A1', instance: 'i1', severity: 'warning' }, annotations: { summary: 's' },
      startsAt: GoTime.fromUnixNano(1795220981451541418n), endsAt: new Date('2026-11-21T00:34:41Z'),
    }],
  });
  assert.equal(goJsonMarshal(data), '{"receiver":"wh","status":"firing","alerts":[{"status":"firing","labels":{"alertname":"A1","instance":"i1","severity":"warning"},'
    + '"annotations":{"summary":"s"},"startsAt":"2026-11-21T00:29:41.451541418Z","endsAt":"0001-01-01T00:00:00Z","generatorURL":"",'
    + '"fingerprint":"a0aface951a9e05e"}],"notification_reason":"","groupLabels":{"alertname":"A1"},"commonLabels":{"alertname":"A1","instance":"i1","severity":"warning"},'
    + '"commonAnnotations":{"summary":"s"},"routeLabels":{},"externalURL":"http://host:9093"}');
});

test('status, EndsAt, common labels and annotations follow Template.Data', () => {
  const data = buildTemplateData({
    receiver: 'team.a+(b)', groupLabels: { job: 'x' }, externalURL: '', now: NOW,
    alerts: [
      { labels: { alertname: 'A', job: 'x', i: '1' }, annotations: { s: 'same', e: '' }, startsAt: NOW, endsAt: new Date('2026-11-21T00:20:00Z') },
      { labels: { alertname: 'A', job: 'x', i: '2' }, annotations: { s: 'same' }, startsAt: NOW, endsAt: new Date('2026-11-21T00:30:00Z') },
    ],
  });
  assert.equal(data.Receiver, 'team\\.a\\+\\(b\\)');
  assert.equal(data.Status, 'resolved');
  assert.deepEqual(Array.from(data.Alerts, (a) => [a.Status, a.EndsAt.IsZero()]), [['resolved', false], ['resolved', false]]);
  assert.deepEqual(Object.keys(data.CommonLabels), ['alertname', 'job']);
  // A missing annotation equals an empty one in Go's comparison.
  assert.deepEqual({ ...data.CommonAnnotations }, { s: 'same', e: '' });
  const firing = buildTemplateData({ receiver: 'r', groupLabels: {}, externalURL: '', now: NOW, alerts: [{ labels: { a: '1' }, startsAt: NOW, endsAt: new Date('2026-11-21T00:30:00.001Z') }] });
  assert.equal(firing.Status, 'firing');
  assert.equal(firing.Alerts[0]?.EndsAt.IsZero(), true);
  assert.equal(firing.Alerts.Firing().length, 1);
  assert.equal(firing.Alerts.Resolved().length, 0);
});

test('KV methods (0.34): SortedPairs puts alertname first, String, Remove, Names, Values, Strings.Join', () => {
  const kv = toKV({ zeta: 'z', alertname: 'A', beta: 'b' });
  const t = loadTemplates([]);
  const out = t.executeText('{{ .SortedPairs.Names }}|{{ . }}|{{ .SortedPairs }}|{{ (.Remove (stringSlice "beta")).Names.Join "," }}|{{ .Values.Join "+" }}|{{ .missing }}|{{ len . }}', kv);
  assert.equal(out, '[alertname beta zeta]|alertname=A, beta=b, zeta=z|alertname=A, beta=b, zeta=z|alertname,zeta|A+b+z||3');
  assert.equal(new KV().String(), '');
  // "__proto__" is a valid label name and an ordinary entry.
  assert.equal(toKV(JSON.parse('{"__proto__":"p","a":"1"}') as Record<string, string>).String(), '__proto__=p, a=1');
  assert.equal(quoteMeta('a.b*c'), 'a\\.b\\*c');
  // Every metacharacter Go escapes, twice in a row; a plain name comes back as it is.
  assert.equal(quoteMeta('\\.+*?()|[]{}^$\\.+*?()|[]{}^$'), '\\\\\\.\\+\\*\\?\\(\\)\\|\\[\\]\\{\\}\\^\\$'.repeat(2));
  assert.equal(quoteMeta('team-db_pager'), 'team-db_pager');
});

test('data built in slices equals data built at once', async () => {
  const alerts = Array.from({ length: 3_000 }, (_, i): AlertInput => ({
    labels: { alertname: 'A', job: 'x', i: String(i) },
    annotations: i % 7 === 0 ? { s: 'same' } : { s: 'same', d: String(i % 2) },
    startsAt: NOW,
    endsAt: i % 3 === 0 ? new Date('2026-11-21T00:20:00Z') : undefined,
    generatorURL: `http://prom/${i}`,
  }));
  const input: TemplateDataInput = { receiver: 'team', groupLabels: { job: 'x' }, routeLabels: { t: '1' }, notificationReason: 'first notification', externalURL: 'http://am', now: NOW, alerts };
  const sliced = await buildTemplateDataInSlices(input);
  const whole = buildTemplateData(input);
  assert.deepEqual(sliced, whole);
  // Times included, which deepEqual does not see into.
  assert.equal(goJsonMarshal(sliced), goJsonMarshal(whole));
});
