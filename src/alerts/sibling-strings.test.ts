import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Alert } from './alert.ts';
import { SiblingStrings } from './sibling-strings.ts';

const alert = (labels: Record<string, string>, annotations: Record<string, string>): Alert => ({
  fingerprint: 'f',
  labels,
  annotations,
  startsAt: 1,
  endsAt: 2,
  generatorURL: 'u',
  updatedAt: 1,
  timeout: false,
});

test('sharing keeps every label and annotation, in order, __proto__ included', () => {
  const sharing = new SiblingStrings();
  sharing.share(alert(JSON.parse('{"alertname":"A","__proto__":"p","b":"x"}') as Record<string, string>, { summary: 'one' }));
  const labels = JSON.parse('{"b":"2","__proto__":"p","alertname":"A"}') as Record<string, string>;
  const shared = sharing.share(alert(labels, { summary: 'same text', extra: 'e' }));
  assert.deepEqual(Object.entries(shared.labels), [['b', '2'], ['__proto__', 'p'], ['alertname', 'A']]);
  assert.equal(Object.getPrototypeOf(shared.labels), Object.prototype);
  assert.deepEqual(shared.annotations, { summary: 'same text', extra: 'e' });
  const frozen = Object.freeze({ alertname: 'A' });
  assert.equal(sharing.share(alert(frozen, {})).labels, frozen);
});

test('values missing from the sibling or different from it stay as they are', () => {
  const sharing = new SiblingStrings();
  sharing.share(alert({ alertname: 'A', job: 'node' }, { runbook: 'r1' }));
  const next = sharing.share(alert({ alertname: 'A', job: 'other', instance: 'i' }, { runbook: 'r1', summary: 's' }));
  assert.deepEqual(next.labels, { alertname: 'A', job: 'other', instance: 'i' });
  assert.deepEqual(next.annotations, { runbook: 'r1', summary: 's' });
});

test('after clear, a new alert has no sibling to share with', () => {
  const writes: string[] = [];
  const recording = (values: Record<string, string>): Record<string, string> =>
    new Proxy(values, {
      set(target, name, value: string) {
        writes.push(String(name));
        target[String(name)] = value;
        return true;
      },
    });
  const sharing = new SiblingStrings();
  sharing.share(alert({ alertname: 'A', job: 'node' }, {}));
  sharing.share(alert(recording({ alertname: 'A', job: 'node' }), {}));
  assert.deepEqual(writes, ['alertname', 'job'], 'equal values are taken from the sibling');
  writes.length = 0;
  sharing.clear();
  sharing.share(alert(recording({ alertname: 'A', job: 'node' }), {}));
  assert.deepEqual(writes, []);
});
