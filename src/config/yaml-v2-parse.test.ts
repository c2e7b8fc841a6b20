import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { isNode } from 'yaml';
import { loadConfigString } from './load.ts';
import { ConfigError } from './errors.ts';
import { parseYamlV2 } from './yaml-v2-parse.ts';

const js = (text: string): unknown => {
  const { doc } = parseYamlV2(text);
  assert.ok(doc !== undefined);
  assert.deepEqual(doc.errors, []);
  return doc.toJS();
};

describe('parseYamlV2: flow collections continued on shallow lines, as yaml.v2 reads them', () => {
  it('reads a sequence continued at its key’s indentation as the deeper-indented one', () => {
    const shallow = 'route:\n  group_by: [alertname, cluster,\n  service]\n  receiver: team\nreceivers:\n- name: team\n';
    const deep = 'route:\n  group_by: [alertname, cluster,\n    service]\n  receiver: team\nreceivers:\n- name: team\n';
    assert.deepEqual(js(shallow), js(deep));
    assert.deepEqual(js(shallow), { route: { group_by: ['alertname', 'cluster', 'service'], receiver: 'team' }, receivers: [{ name: 'team' }] });
  });

  it('reads entries and closing brackets at column 0, comments and nested maps among them', () => {
    const text = [
      'route: {receiver: team,',
      'group_by: [alertname,',
      '# the cluster too',
      'cluster],',
      'group_wait: 10s}',
      'inhibit_rules:',
      '- equal: [',
      '    alertname,',
      ']',
      '  source_matchers: [a="1"]',
      '',
    ].join('\n');
    assert.deepEqual(js(text), {
      route: { receiver: 'team', group_by: ['alertname', 'cluster'], group_wait: '10s' },
      inhibit_rules: [{ equal: ['alertname'], source_matchers: ['a="1"'] }],
    });
  });

  it('folds a quoted scalar continued inside the collection as it would be folded deeper', () => {
    assert.deepEqual(js('a:\n  b: ["x\n  y", z]\n'), { a: { b: ['x y', 'z'] } });
  });

  it('gives positions in the source’s columns and leaves a valid text as it is', () => {
    const text = 'route:\n  group_by: [alertname,\n  service]\n';
    const { doc, lineCounter, text: parsed } = parseYamlV2(text);
    const service = doc?.getIn(['route', 'group_by', 1], true);
    assert.ok(isNode(service));
    assert.deepEqual(lineCounter.linePos(service.range?.[0] ?? -1), { line: 3, col: 3 });
    assert.notEqual(parsed, text);
    const valid = 'route:\n  group_by: [alertname,\n     service]\n';
    assert.equal(parseYamlV2(valid).text, valid);
  });

  it('keeps the error where a collection left open first ended', () => {
    for (const text of ['route:\n  group_by: [a, b\nreceivers: []\n', 'route:\n  group_by: [a,\nreceivers:\n- name: x\n', 'a: [b,\n---\nc: d\n']) {
      const { doc, text: parsed } = parseYamlV2(text);
      assert.equal(parsed, text, JSON.stringify(text));
      assert.equal(doc?.errors[0]?.code, 'BAD_INDENT', JSON.stringify(text));
    }
  });

  it('rejects repeated keys only when asked, as UnmarshalStrict does', () => {
    const text = 'a: [1,\n2]\na: 3\n';
    assert.deepEqual(parseYamlV2(text).doc?.errors, []);
    assert.equal(parseYamlV2(text, { uniqueKeys: true }).doc?.errors[0]?.code, 'DUPLICATE_KEY');
  });

  it('reads no document from an empty or comment-only text', () => {
    assert.equal(parseYamlV2('').doc, undefined);
    assert.equal(parseYamlV2('# nothing\n').doc, undefined);
  });
});

describe('a configuration with a flow collection continued on shallow lines', () => {
  const opts = { filename: 'alertmanager.yml', baseDir: '/etc/am' };

  it('loads with the values Alertmanager reads', async () => {
    const { config } = await loadConfigString(
      'route:\n  receiver: team\n  group_by: [alertname, cluster,\n  service]\n  routes:\n  - receiver: db\n    matchers: [severity="critical",\n  team="db"]\nreceivers:\n- name: team\n- name: db\n',
      opts,
    );
    assert.deepEqual(config.route?.group_by, ['alertname', 'cluster', 'service']);
    assert.deepEqual(
      config.route?.routes?.[0]?.matchers?.map((m) => `${m.name}${m.type}${m.value}`),
      ['severity=critical', 'team=db'],
    );
  });

  it('reports a later error at its line and source column', async () => {
    const err = await loadConfigString('route:\n  receiver: team\n  group_by: [alertname,\n  service]\n  group_wait: 5x\nreceivers:\n- name: team\n', opts).then(
      () => assert.fail('expected a ConfigError'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof ConfigError);
    assert.equal(err.line, 5);
    assert.match(err.amMessage, /unknown unit "x" in duration "5x"/);
  });
});
