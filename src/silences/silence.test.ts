import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eq, re } from './fixtures.ts';
import { currentSilenceState, silenceState } from './silence.ts';
import { silenceProtoSize } from './silence-size.ts';

const S = { startsAt: 1000, endsAt: 2000 };

test('silenceState: pending before start, active from start through end inclusive, expired after', () => {
  assert.deepEqual(
    [999, 1000, 1500, 2000, 2001].map((t) => silenceState(S, t)),
    ['pending', 'active', 'active', 'active', 'expired'],
  );
});

test('currentSilenceState (API view) already reports expired at endsAt', () => {
  assert.deepEqual(
    [999, 1000, 1999, 2000].map((t) => currentSilenceState(S, t)),
    ['pending', 'active', 'active', 'expired'],
  );
});

// Reference sizes printed by Go's (*silencepb.MeshSilence).Size() from Alertmanager 0.25.
test('silenceProtoSize equals the protobuf size Alertmanager limits', () => {
  const silence = {
    id: '0b30a100-4c60-4715-85be-beddc57c8741',
    matchers: [eq('alertname', 'HighLatency'), re('instance', 'web-1|web-2'), { name: 'env', value: '', isRegex: false, isEqual: false }],
    startsAt: 1763690000123,
    endsAt: 1763693600000,
    updatedAt: 1763690000123,
    createdBy: 'jürgen',
    comment: 'maintenance window',
    expiresAt: 1763693600000 + 120 * 3_600_000,
  };
  assert.equal(silenceProtoSize(silence), 174);
  assert.equal(silenceProtoSize({ ...silence, id: '', comment: '' }), 115);
});
