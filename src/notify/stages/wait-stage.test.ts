import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SystemClock } from '../../common/clock.ts';
import { silentNotifyLogger } from '../logger.ts';
import { alert, flushContext } from '../test-fixtures.ts';
import { noWait, WaitStage } from './wait-stage.ts';

const clock = new SystemClock();
const a = alert({ alertname: 'A1' });

test('no wait without a cluster', async () => {
  assert.deepEqual(await new WaitStage(noWait, clock).exec({ flush: flushContext(), logger: silentNotifyLogger }, [a]), [a]);
});

test('waits the position delay, then passes the alerts on', async () => {
  const started = Date.now();
  assert.deepEqual(await new WaitStage(() => 40, clock).exec({ flush: flushContext(), logger: silentNotifyLogger }, [a]), [a]);
  assert.ok(Date.now() - started >= 35);
});

test('an aborted flush ends the wait with its reason', async () => {
  const ac = new AbortController();
  // A stage that waits answers with a promise.
  const pending = new WaitStage(() => 60_000, clock).exec({ flush: flushContext({ signal: ac.signal }), logger: silentNotifyLogger }, [a]) as Promise<unknown>;
  ac.abort(new Error('group stopped'));
  await assert.rejects(pending, /group stopped/);
});
