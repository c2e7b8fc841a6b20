import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { NflogEntry } from '../nflog/notification-log.ts';
import type { NotificationReason } from '../notification-reason.ts';
import { needsUpdate } from './needs-update.ts';

const NOW = Date.UTC(2026, 0, 1, 12);
const REPEAT = 4 * 3_600_000;

function entry(firing: string[], resolved: string[], age = 60_000): NflogEntry {
  return {
    groupKey: 'g',
    receiver: { receiver: 'r', integration: 'webhook', index: 0 },
    timestamp: NOW - age,
    firingAlerts: firing,
    resolvedAlerts: resolved,
    receiverData: {},
    expiresAt: NOW + REPEAT,
  };
}

interface Row {
  readonly name: string;
  readonly entry: NflogEntry | undefined;
  readonly firing: string[];
  readonly resolved: string[];
  /** Expected reason with send_resolved true, then false. */
  readonly want: [NotificationReason, NotificationReason];
}

const rows: Row[] = [
  { name: 'rule 1: no entry, something fires', entry: undefined, firing: ['a'], resolved: [], want: ['first notification', 'first notification'] },
  { name: 'rule 1: no entry, only resolved alerts', entry: undefined, firing: [], resolved: ['a'], want: ['none', 'none'] },
  { name: 'rule 1: no entry, no alerts', entry: undefined, firing: [], resolved: [], want: ['none', 'none'] },
  { name: 'rule 2: new firing alert, entry had none firing', entry: entry([], ['a']), firing: ['b'], resolved: [], want: ['first notification', 'first notification'] },
  { name: 'rule 2: new firing alert joins firing ones', entry: entry(['a'], []), firing: ['a', 'b'], resolved: [], want: ['new alerts added', 'new alerts added'] },
  { name: 'rule 2: a resolved alert fires again', entry: entry(['a'], ['b']), firing: ['a', 'b'], resolved: [], want: ['new alerts added', 'new alerts added'] },
  { name: 'rule 3: all resolved after firing (send_resolved ignored)', entry: entry(['a'], []), firing: [], resolved: ['a'], want: ['all alerts resolved', 'all alerts resolved'] },
  { name: 'rule 3: nothing fired before, nothing fires now', entry: entry([], ['a']), firing: [], resolved: ['a', 'b'], want: ['none', 'none'] },
  { name: 'rule 3: old entry, nothing fires: no repeat', entry: entry([], ['a'], 2 * REPEAT), firing: [], resolved: ['a'], want: ['none', 'none'] },
  { name: 'rule 4: one of two resolved', entry: entry(['a', 'b'], []), firing: ['a'], resolved: ['b'], want: ['some alerts resolved', 'none'] },
  { name: 'rule 4: already notified resolved set', entry: entry(['a'], ['b']), firing: ['a'], resolved: ['b'], want: ['none', 'none'] },
  { name: 'rule 5: repeat interval elapsed', entry: entry(['a'], [], REPEAT + 1), firing: ['a'], resolved: [], want: ['repeat interval elapsed', 'repeat interval elapsed'] },
  { name: 'rule 5: exactly the repeat interval is not elapsed', entry: entry(['a'], [], REPEAT), firing: ['a'], resolved: [], want: ['none', 'none'] },
  { name: 'rule 5 with a new resolved alert, send_resolved false', entry: entry(['a', 'b'], [], REPEAT + 1), firing: ['a'], resolved: ['b'], want: ['some alerts resolved', 'repeat interval elapsed'] },
  { name: 'rule 6: fewer firing alerts (subset), recent entry', entry: entry(['a', 'b'], []), firing: ['a'], resolved: [], want: ['none', 'none'] },
  { name: 'rule 6: nothing changed', entry: entry(['a'], []), firing: ['a'], resolved: [], want: ['none', 'none'] },
];

for (const row of rows) {
  for (const [i, sendResolved] of [true, false].entries()) {
    test(`needsUpdate ${row.name} (send_resolved: ${sendResolved})`, () => {
      const got = needsUpdate({
        entry: row.entry,
        firing: row.firing,
        resolved: row.resolved,
        sendResolved,
        repeatIntervalMs: REPEAT,
        now: NOW,
      });
      assert.equal(got, row.want[i]);
    });
  }
}
