import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { MemoryAlertStore } from '../alerts/memory-alert-store.ts';
import { loadConfigFile, loadConfigString } from '../config/load.ts';
import type { InhibitRuleConfig } from '../config/types.ts';
import { FakeClock, settle } from '../common/fake-clock.ts';
import { alertAt } from '../dispatch/fixtures.ts';
import { fingerprint } from '../labels/label-set.ts';
import type { LabelSet } from '../labels/label-set.ts';
import { Inhibitor } from './inhibitor.ts';

const H = 3_600_000;
const fixture = fileURLToPath(new URL('testdata/inhibit.yml', import.meta.url));
const fixtureRules = (await loadConfigFile(fixture)).config.inhibit_rules ?? [];

async function rulesFrom(yaml: string): Promise<InhibitRuleConfig[]> {
  const loaded = await loadConfigString(`route: {receiver: r}\nreceivers: [{name: r}]\ninhibit_rules:\n${yaml}`, {
    filename: 'inline.yml',
    baseDir: '/tmp',
  });
  return loaded.config.inhibit_rules ?? [];
}

async function started(rules: readonly InhibitRuleConfig[], alerts: { labels: LabelSet; endsAt?: number }[]) {
  const clock = new FakeClock();
  const store = new MemoryAlertStore({ clock });
  await store.put(alerts.map((a) => alertAt(a.labels, clock.now(), a.endsAt === undefined ? {} : { endsAt: a.endsAt })));
  const inhibitor = new Inhibitor({ store, rules, clock });
  inhibitor.start();
  await inhibitor.loaded();
  const mutes = (labels: LabelSet) => inhibitor.mutes(labels, fingerprint(labels));
  return { clock, store, inhibitor, mutes };
}

describe('inhibition (expectations from prometheus-alertmanager 0.25 GET /api/v2/alerts on testdata/inhibit.yml)', async () => {
  const clock = new FakeClock();
  const now = clock.now();
  const posted: { labels: LabelSet; endsAt?: number }[] = [
    { labels: { alertname: 'test1', severity: 'warning' } },
    { labels: { alertname: 'test1', severity: 'critical' } },
    { labels: { alertname: 'test2', severity: 'warning' } },
    { labels: { system: 'foo', severity: 'critical' } },
    { labels: { alertname: 'InstanceDown', job: 'j', zone: 'aa' } },
    { labels: { alertname: 'InstanceDown', job: 'j', zone: 'ab' } },
    { labels: { alertname: 'JobDown', job: 'j', zone: 'aa' } },
    { labels: { alertname: 'InstanceDown', job: 'j2' } },
    { labels: { alertname: 'JobDown', job: 'j2' } },
    { labels: { kind: 'both', g: '1', n: 'a' } },
    { labels: { kind: 'both', g: '1', n: 'b' } },
    { labels: { x: 'src', alertname: 'S' } },
    { labels: { y: 't', alertname: 'T' } },
    { labels: { alertname: 'JobDown', job: 'j3' }, endsAt: now - 60_000 },
    { labels: { alertname: 'InstanceDown', job: 'j3' } },
    { labels: { kind2: 'src', g: '2' }, endsAt: now + 1 * H },
    { labels: { kind2: 'both', g: '2' }, endsAt: now + 2 * H },
  ];
  const { mutes } = await started(fixtureRules, posted);
  const cases: [string, LabelSet, string[]][] = [
    ['critical inhibits warning with equal alertname', { alertname: 'test1', severity: 'warning' }, ['4d68350aea315959']],
    ['a source lacking an equal label only inhibits targets lacking it too', { alertname: 'test2', severity: 'warning' }, []],
    ['the source is not inhibited', { alertname: 'test1', severity: 'critical' }, []],
    ['equal over two labels', { alertname: 'InstanceDown', job: 'j', zone: 'aa' }, ['273c83edc962ce0e']],
    ['a different equal value', { alertname: 'InstanceDown', job: 'j', zone: 'ab' }, []],
    ['a label missing on both sides is equal', { alertname: 'InstanceDown', job: 'j2' }, ['6958f753e0d244e0']],
    ['alerts matching both sides do not inhibit each other', { kind: 'both', g: '1', n: 'a' }, []],
    ['an equal label absent everywhere', { y: 't', alertname: 'T' }, ['650032b04b9fb9a7']],
    ['a resolved source inhibits nothing', { alertname: 'InstanceDown', job: 'j3' }, []],
    ['an alert matching no target', { alertname: 'JobDown', job: 'j' }, []],
  ];
  for (const [name, labels, want] of cases) {
    it(name, () => assert.deepEqual(mutes(labels), want));
  }

  it('0.34: only the source with the latest endsAt counts, so a two-sided one shadows a one-sided one', () => {
    // 0.25 scanned every source and answered ['e6b7b3c91b4f7c06'] (kind2="src") here.
    assert.deepEqual(mutes({ kind2: 'both', g: '2' }), []);
  });
});

describe('inhibitor', () => {
  it('follows the store: a new source inhibits, its resolution lifts it (TestInhibiting)', async () => {
    const rules = await rulesFrom(`  - source_matchers: [alertname="JobDown"]
    target_matchers: [alertname="InstanceDown"]
    equal: [job, zone]`);
    const { clock, store, mutes } = await started(rules, [{ labels: { alertname: 'InstanceDown', job: 'j', zone: 'aa' } }]);
    const target = { alertname: 'InstanceDown', job: 'j', zone: 'aa' };
    assert.deepEqual(mutes(target), []);
    const source = { alertname: 'JobDown', job: 'j', zone: 'aa' };
    await store.put([alertAt(source, clock.now())]);
    await settle();
    assert.deepEqual(mutes(target), [fingerprint(source)]);
    await store.put([alertAt(source, clock.now(), { endsAt: clock.now() + 1000 })]);
    await settle();
    await clock.advance(999);
    assert.deepEqual(mutes(target), [fingerprint(source)]);
    await clock.advance(1);
    assert.deepEqual(mutes(target), [], 'resolved at now: endsAt is not after now');
  });

  it('reads the time from its clock: a source whose endsAt passes stops inhibiting without any update', async () => {
    const rules = await rulesFrom(`  - source_matchers: [a="s"]
    target_matchers: [a="t"]`);
    const { clock, mutes } = await started(rules, [{ labels: { a: 's' }, endsAt: new FakeClock().now() + 5000 }]);
    assert.equal(mutes({ a: 't' }).length, 1);
    await clock.advance(5000);
    assert.deepEqual(mutes({ a: 't' }), []);
  });

  it('falls back to another firing source with the same equal labels when the latest one resolves early', async () => {
    const rules = await rulesFrom(`  - source_matchers: [a="s"]
    target_matchers: [a="t"]
    equal: [g]`);
    const { clock, store, mutes } = await started(rules, [
      { labels: { a: 's', g: '1', n: '1' }, endsAt: new FakeClock().now() + 2 * H },
      { labels: { a: 's', g: '1', n: '2' }, endsAt: new FakeClock().now() + 1 * H },
    ]);
    assert.deepEqual(mutes({ a: 't', g: '1' }), [fingerprint({ a: 's', g: '1', n: '1' })]);
    // n=1 resolves now (same activity range, so the store merges to the later update's endsAt).
    await clock.advance(1000);
    await store.put([alertAt({ a: 's', g: '1', n: '1' }, clock.now() - 1000, { endsAt: clock.now(), updatedAt: clock.now() })]);
    await settle();
    assert.deepEqual(mutes({ a: 't', g: '1' }), [fingerprint({ a: 's', g: '1', n: '2' })]);
  });

  it('lets the first rule with a firing source win, in config order', async () => {
    const rules = await rulesFrom(`  - source_matchers: [s="1"]
    target_matchers: [t="x"]
  - source_matchers: [s="2"]
    target_matchers: [t="x"]`);
    const { mutes } = await started(rules, [{ labels: { s: '2' } }, { labels: { s: '1' } }]);
    assert.deepEqual(mutes({ t: 'x' }), [fingerprint({ s: '1' })]);
  });

  it('tries later rules when an earlier rule only has a two-sided source', async () => {
    const rules = await rulesFrom(`  - source_matchers: [k="v"]
    target_matchers: [k="v"]
  - source_matchers: [s="1"]
    target_matchers: [k="v"]`);
    const { mutes } = await started(rules, [{ labels: { k: 'v', n: 'other' } }, { labels: { s: '1' } }]);
    assert.deepEqual(mutes({ k: 'v' }), [fingerprint({ s: '1' })]);
  });

  it('lets silenced alerts inhibit: it sees every stored alert', async () => {
    const rules = await rulesFrom(`  - source_match: {severity: critical}
    target_match_re: {severity: "warn.*"}`);
    const { mutes } = await started(rules, [{ labels: { severity: 'critical' } }]);
    assert.equal(mutes({ severity: 'warning' }).length, 1);
    assert.deepEqual(mutes({ severity: 'xwarning' }), [], 'legacy regexes are anchored');
  });

  it('loads an empty rule without inhibiting anything (TestEmptyInhibitionRule)', async () => {
    const rules = await rulesFrom('  -\n');
    const { mutes } = await started(rules, [{ labels: { a: '1' } }, { labels: { a: '2' } }]);
    assert.deepEqual(mutes({ a: '1' }), []);
  });

  it('collects resolved sources and reports counts', async () => {
    const rules = await rulesFrom(`  - name: r1
    source_matchers: [a="s"]
    target_matchers: [a="t"]
    equal: [g]`);
    const { clock, inhibitor } = await started(rules, [
      { labels: { a: 's', g: '1' }, endsAt: new FakeClock().now() + 1000 },
      { labels: { a: 's', g: '2' }, endsAt: new FakeClock().now() + 1 * H },
      { labels: { a: 'x' } },
    ]);
    assert.deepEqual(inhibitor.stats(), { rules: 1, sources: [{ name: 'r1', count: 2 }] });
    await clock.advance(15 * 60_000);
    assert.deepEqual(inhibitor.stats().sources, [{ name: 'r1', count: 1 }]);
  });

  it('stops following the store', async () => {
    const rules = await rulesFrom(`  - source_matchers: [a="s"]
    target_matchers: [a="t"]`);
    const { clock, store, inhibitor, mutes } = await started(rules, []);
    inhibitor.stop();
    await store.put([alertAt({ a: 's' }, clock.now())]);
    await settle();
    assert.deepEqual(mutes({ a: 't' }), []);
    assert.equal(clock.pending, 0);
  });
});
