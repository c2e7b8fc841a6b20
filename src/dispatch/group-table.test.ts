import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RouteConfig } from '../config/types.ts';
import type { LabelSet } from '../labels/label-set.ts';
import type { AggregationGroup } from './aggregation-group.ts';
import { GroupTable } from './group-table.ts';
import { compileRoute } from './route.ts';

function tableFor(groupBy: string[]): { table: GroupTable; group: (labels: LabelSet) => AggregationGroup } {
  const route = compileRoute({ receiver: 'r', continue: false, group_by: groupBy } as RouteConfig);
  // The table reads only a group's labels, which are the group_by subset of an alert's labels.
  return { table: new GroupTable(route), group: (labels) => ({ labels: route.groupLabels(labels) }) as AggregationGroup };
}

const held = (table: GroupTable): AggregationGroup[] => {
  const out: AggregationGroup[] = [];
  table.forEach((g) => out.push(g));
  return out;
};

test('alerts find the group of their group-label values; a missing label differs from every value', () => {
  const { table, group } = tableFor(['alertname', 'team']);
  const a = group({ alertname: 'A', team: 'db', instance: '1' });
  const noTeam = group({ alertname: 'A' });
  const dashTeam = group({ alertname: 'A', team: '-' });
  for (const g of [a, noTeam, dashTeam]) table.set(g);
  assert.equal(table.get({ alertname: 'A', team: 'db', instance: '2' }), a);
  assert.equal(table.get({ alertname: 'A', instance: '2' }), noTeam);
  assert.equal(table.get({ alertname: 'A', team: '-' }), dashTeam);
  assert.equal(table.get({ alertname: 'B', team: 'db' }), undefined);
  assert.equal(table.get({ alertname: 'A', team: 'web' }), undefined);
  assert.equal(held(table).length, 3);
});

test('a value that runs into the next label does not collide with another split', () => {
  const { table, group } = tableFor(['a', 'b']);
  const first = group({ a: 'x1', b: '2' });
  table.set(first);
  assert.equal(table.get({ a: 'x', b: '12' }), undefined);
  assert.equal(table.get({ a: 'x1', b: '2' }), first);
});

test('delete drops only the group held, and the levels it leaves empty', () => {
  const { table, group } = tableFor(['alertname', 'team']);
  const old = group({ alertname: 'A', team: 'db' });
  const replacement = group({ alertname: 'A', team: 'db' });
  const sibling = group({ alertname: 'A', team: 'web' });
  table.set(old);
  table.set(sibling);
  table.set(replacement);
  table.delete(old);
  assert.equal(table.get({ alertname: 'A', team: 'db' }), replacement, 'a replaced group is not the one held');
  table.delete(replacement);
  assert.equal(table.get({ alertname: 'A', team: 'db' }), undefined);
  assert.deepEqual(held(table), [sibling]);
  table.delete(sibling);
  assert.deepEqual(held(table), []);
  table.set(old);
  assert.deepEqual(held(table), [old], 'a level emptied and dropped is made again');
});

test('group_by [] puts every alert in one group; group_by [...] one per label set', () => {
  const none = tableFor([]);
  const all = none.group({ alertname: 'A' });
  none.table.set(all);
  assert.equal(none.table.get({ alertname: 'B', x: '1' }), all);
  none.table.delete(all);
  assert.deepEqual(held(none.table), []);

  const every = tableFor(['...']);
  const one = every.group({ alertname: 'A', x: '1' });
  every.table.set(one);
  assert.equal(every.table.get({ x: '1', alertname: 'A' }), one);
  assert.equal(every.table.get({ alertname: 'A' }), undefined);
  every.table.delete(one);
  assert.deepEqual(held(every.table), []);
});
