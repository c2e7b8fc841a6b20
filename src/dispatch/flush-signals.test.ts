import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { FakeClock } from '../common/fake-clock.ts';
import { FlushSignals } from './flush-signals.ts';

const S = 1000;

function setup(): { clock: FakeClock; signals: FlushSignals; t0: number } {
  const clock = new FakeClock();
  return { clock, signals: new FlushSignals(clock), t0: clock.now() };
}

function reason(signal: AbortSignal): string {
  return (signal.reason as Error).message;
}

describe('FlushSignals', () => {
  it('shares one signal between flushes with the same deadline, not between others', () => {
    const { signals, t0 } = setup();
    const a = signals.acquire(t0 + 10 * S);
    assert.equal(signals.acquire(t0 + 10 * S), a);
    assert.notEqual(signals.acquire(t0 + 11 * S), a);
  });

  it('aborts at the deadline while a flush holds the signal', async () => {
    const { clock, signals, t0 } = setup();
    const { signal } = signals.acquire(t0 + 10 * S);
    await clock.advance(10 * S - 1);
    assert.equal(signal.aborted, false);
    await clock.advance(1);
    assert.equal(signal.aborted, true);
    assert.equal(reason(signal), 'flush deadline exceeded');
    assert.equal((signal.reason as Error).name, 'TimeoutError');
  });

  it('cancels the deadline once the last holder releases, and hands out a fresh signal afterwards', async () => {
    const { clock, signals, t0 } = setup();
    const first = signals.acquire(t0 + 10 * S);
    signals.acquire(t0 + 10 * S);
    signals.release(first);
    signals.release(first);
    assert.equal(clock.pending, 0);
    await clock.advance(10 * S);
    assert.equal(first.signal.aborted, false);
    assert.notEqual(signals.acquire(t0 + 20 * S), first);
  });

  it('gives a flush due at a deadline already expired a signal of its own, aborted at once', async () => {
    const { clock, signals, t0 } = setup();
    const expired = signals.acquire(t0 + 10 * S);
    await clock.advance(10 * S);
    const late = signals.acquire(t0 + 10 * S);
    assert.notEqual(late, expired);
    signals.release(expired);
    assert.equal(signals.acquire(t0 + 10 * S), late, 'releasing the expired signal leaves the new one in place');
    await clock.advance(0);
    assert.equal(late.signal.aborted, true);
  });

  it('stop aborts held signals and every later one', () => {
    const { clock, signals, t0 } = setup();
    const held = signals.acquire(t0 + 10 * S);
    signals.stop();
    assert.equal(held.signal.aborted, true);
    assert.equal(reason(held.signal), 'aggregation group stopped');
    assert.equal(clock.pending, 0);
    const later = signals.acquire(t0 + 30 * S);
    assert.equal(later.signal.aborted, true);
    assert.equal(reason(later.signal), 'aggregation group stopped');
  });

  it('lets every request of the flushes sharing a signal listen without a leak warning', async () => {
    const { signals, t0 } = setup();
    const warnings: Error[] = [];
    const onWarning = (w: Error): number => warnings.push(w);
    process.on('warning', onWarning);
    try {
      const { signal } = signals.acquire(t0 + 10 * S);
      for (let i = 0; i < 50; i++) signal.addEventListener('abort', () => undefined);
      await nextTurn();
    } finally {
      process.off('warning', onWarning);
    }
    assert.deepEqual(warnings, []);
  });
});
