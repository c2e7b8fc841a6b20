import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { everyTurn, FakeClock } from '../common/fake-clock.ts';
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

  it('shares a signal between at most 64 flushes', () => {
    const { signals, t0 } = setup();
    const handed = Array.from({ length: 130 }, () => signals.acquire(t0 + 10 * S));
    const distinct = [...new Set(handed)];
    assert.deepEqual(
      distinct.map((shared) => handed.filter((h) => h === shared).length),
      [64, 64, 2],
    );
  });

  it('at a deadline, aborts the signals one per turn of the event loop', async () => {
    const { clock, signals, t0 } = setup();
    const handed = new Set(Array.from({ length: 300 }, () => signals.acquire(t0 + 10 * S)));
    assert.equal(handed.size, 5);
    let turn = 0;
    const stopCounting = everyTurn(() => turn++);
    const abortedIn: number[] = [];
    for (const shared of handed) shared.signal.addEventListener('abort', () => abortedIn.push(turn));
    await clock.advance(10 * S);
    while (abortedIn.length < handed.size) await nextTurn();
    stopCounting();
    assert.equal(new Set(abortedIn).size, 5, `aborted in turns ${abortedIn.join(', ')}`);
    for (const shared of handed) assert.equal((shared.signal.reason as Error).name, 'TimeoutError');
  });

  it("keeps a deadline's timer while any of its signals is held", async () => {
    const { clock, signals, t0 } = setup();
    const first = signals.acquire(t0 + 10 * S);
    for (let i = 1; i < 64; i++) signals.acquire(t0 + 10 * S);
    const second = signals.acquire(t0 + 10 * S);
    assert.notEqual(second, first);
    for (let i = 0; i < 64; i++) signals.release(first);
    assert.equal(clock.pending, 1);
    await clock.advance(10 * S);
    assert.equal(second.signal.aborted, true);
    assert.equal(first.signal.aborted, false, 'a signal given back by all its flushes is not aborted');
    signals.release(second);
    assert.equal(clock.pending, 0);
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
