import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FakeClock } from '../../common/fake-clock.ts';
import type { NflogReceiver, NotificationLog } from './notification-log.ts';

export interface NotificationLogContractOptions {
  readonly clock: FakeClock;
  readonly retentionMs: number;
}

/**
 * Builds a fresh, empty log. `reopen`, when the implementation persists, closes the log and opens
 * a new one over the same state (a restart).
 */
export type NotificationLogFactory = (options: NotificationLogContractOptions) => Promise<{
  readonly log: NotificationLog;
  readonly reopen?: () => Promise<NotificationLog>;
}>;

const MIN = 60_000;
const HOUR = 60 * MIN;
const RETENTION = 120 * HOUR;
const WEBHOOK0: NflogReceiver = { receiver: 'team', integration: 'webhook', index: 0 };
const WEBHOOK1: NflogReceiver = { receiver: 'team', integration: 'webhook', index: 1 };
const GK = '{}:{alertname="A1"}';

/**
 * The behaviour every `NotificationLog` must show (Alertmanager's `nflog.Log`). Run it from each
 * implementation's test file with a factory.
 */
export function runNotificationLogContract(name: string, factory: NotificationLogFactory): void {
  describe(`NotificationLog contract: ${name}`, () => {
    const open = async (): Promise<{ clock: FakeClock } & Awaited<ReturnType<NotificationLogFactory>>> => {
      const clock = new FakeClock(Date.UTC(2026, 0, 1));
      return { clock, ...(await factory({ clock, retentionMs: RETENTION })) };
    };

    test('query finds nothing before a log and the entry after it', async () => {
      const { clock, log } = await open();
      assert.equal(await log.query(GK, WEBHOOK0), undefined);
      await log.log({ groupKey: GK, receiver: WEBHOOK0, firingAlerts: ['a', 'b'], resolvedAlerts: ['c'], expiryMs: 8 * HOUR });
      const e = await log.query(GK, WEBHOOK0);
      assert.ok(e);
      assert.equal(e.groupKey, GK);
      assert.deepEqual(e.receiver, WEBHOOK0);
      assert.equal(e.timestamp, clock.now());
      assert.deepEqual(e.firingAlerts, ['a', 'b']);
      assert.deepEqual(e.resolvedAlerts, ['c']);
      assert.deepEqual(e.receiverData, {});
      await log.close();
    });

    test('entries are keyed by group key, receiver, integration and index', async () => {
      const { log } = await open();
      await log.log({ groupKey: GK, receiver: WEBHOOK0, firingAlerts: ['a'], resolvedAlerts: [], expiryMs: HOUR });
      assert.equal(await log.query(GK, WEBHOOK1), undefined);
      assert.equal(await log.query('{}:{alertname="A2"}', WEBHOOK0), undefined);
      assert.equal(await log.query(GK, { ...WEBHOOK0, receiver: 'other' }), undefined);
      assert.equal(await log.query(GK, { ...WEBHOOK0, integration: 'email' }), undefined);
      await log.close();
    });

    test('an empty group key is an error', async () => {
      const { log } = await open();
      await assert.rejects(log.query('', WEBHOOK0), RangeError);
      await log.close();
    });

    test('expiry is min(retention, expiry), or the retention when expiry is 0', async () => {
      const { clock, log } = await open();
      const now = clock.now();
      await log.log({ groupKey: GK, receiver: WEBHOOK0, firingAlerts: ['a'], resolvedAlerts: [], expiryMs: 8 * HOUR });
      await log.log({ groupKey: GK, receiver: WEBHOOK1, firingAlerts: ['a'], resolvedAlerts: [], expiryMs: 0 });
      await log.log({ groupKey: 'long', receiver: WEBHOOK0, firingAlerts: ['a'], resolvedAlerts: [], expiryMs: 1000 * HOUR });
      assert.equal((await log.query(GK, WEBHOOK0))?.expiresAt, now + 8 * HOUR);
      assert.equal((await log.query(GK, WEBHOOK1))?.expiresAt, now + RETENTION);
      assert.equal((await log.query('long', WEBHOOK0))?.expiresAt, now + RETENTION);
      await log.close();
    });

    test('a later log replaces the entry; one older than the stored entry is ignored', async () => {
      const { clock, log } = await open();
      await log.log({ groupKey: GK, receiver: WEBHOOK0, firingAlerts: ['a'], resolvedAlerts: [], expiryMs: HOUR });
      clock.jump(MIN);
      await log.log({ groupKey: GK, receiver: WEBHOOK0, firingAlerts: ['b'], resolvedAlerts: ['a'], expiryMs: HOUR });
      assert.deepEqual((await log.query(GK, WEBHOOK0))?.firingAlerts, ['b']);
      clock.jump(-2 * MIN);
      await log.log({ groupKey: GK, receiver: WEBHOOK0, firingAlerts: ['skewed'], resolvedAlerts: [], expiryMs: HOUR });
      assert.deepEqual((await log.query(GK, WEBHOOK0))?.firingAlerts, ['b']);
      await log.close();
    });

    test('gc removes entries whose expiry is not after now', async () => {
      const { clock, log } = await open();
      await log.log({ groupKey: GK, receiver: WEBHOOK0, firingAlerts: ['a'], resolvedAlerts: [], expiryMs: HOUR });
      await log.log({ groupKey: GK, receiver: WEBHOOK1, firingAlerts: ['a'], resolvedAlerts: [], expiryMs: 2 * HOUR });
      clock.jump(HOUR - 1);
      assert.equal(await log.gc(), 0);
      clock.jump(1);
      assert.equal(await log.gc(), 1);
      assert.equal(await log.query(GK, WEBHOOK0), undefined);
      assert.ok(await log.query(GK, WEBHOOK1));
      await log.close();
    });

    test('receiver data round-trips and is a copy', async () => {
      const { log } = await open();
      const data = {
        threadTs: { kind: 'string', value: '123.456' },
        n: { kind: 'int', value: 42 },
        ratio: { kind: 'double', value: 0.5 },
      } as const;
      const firing = ['a'];
      await log.log({ groupKey: GK, receiver: WEBHOOK0, firingAlerts: firing, resolvedAlerts: [], receiverData: data, expiryMs: HOUR });
      firing.push('mutated');
      const e = await log.query(GK, WEBHOOK0);
      assert.deepEqual(e?.receiverData, data);
      assert.deepEqual(e?.firingAlerts, ['a']);
      await log.close();
    });

    test('entries survive a restart; expired ones do not come back', async (t) => {
      const { clock, log, reopen } = await open();
      if (reopen === undefined) {
        t.skip('implementation is not persistent');
        await log.close();
        return;
      }
      await log.log({ groupKey: GK, receiver: WEBHOOK0, firingAlerts: ['a'], resolvedAlerts: ['b'], expiryMs: HOUR });
      await log.log({ groupKey: GK, receiver: WEBHOOK1, firingAlerts: ['c'], resolvedAlerts: [], expiryMs: 3 * HOUR });
      clock.jump(2 * HOUR);
      const again = await reopen();
      assert.equal(await again.query(GK, WEBHOOK0), undefined);
      assert.deepEqual((await again.query(GK, WEBHOOK1))?.firingAlerts, ['c']);
      await again.close();
    });
  });
}
