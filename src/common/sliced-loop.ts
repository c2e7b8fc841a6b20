/**
 * Loops over large inputs in slices, yielding to the event loop between them, so that one large
 * notification (a group of 10,000 alerts) does not hold up the API, the ingest and the other
 * groups' notifications for the whole of its work. An input done within its first slice costs
 * neither a promise nor a turn.
 */
import { TurnTimer } from './turn-timer.ts';

/**
 * How long one slice may run before the loop yields. A flush runs several sliced loops in a row
 * (muting, dedup hashes, handing alerts to the render worker), each starting its own slice, so a
 * turn can hold several. With 8 ms slices, a notification due while a 10,000-alert group was
 * flushed waited 39-52 ms (three runs); with 4 ms, 30-41 ms.
 */
export const SLICE_MS = 4;

/**
 * Calls `step(i)` for each `i` in [0, count), in order, yielding whenever a slice has run
 * `sliceMs` (paced by a `TurnTimer`). Returns undefined when every step ran at once; otherwise a
 * promise that resolves after the last step or rejects with what a step threw, after which no
 * step runs. A step of the first slice that throws throws to the caller, as a plain loop would.
 */
export function forEachSliced(count: number, step: (index: number) => void, sliceMs = SLICE_MS): Promise<void> | undefined {
  const turn = new TurnTimer(sliceMs);
  let i = 0;
  while (i < count) {
    step(i++);
    if (i < count && turn.spent()) return rest(turn, i, count, step);
  }
  return undefined;
}

async function rest(turn: TurnTimer, from: number, count: number, step: (index: number) => void): Promise<void> {
  await turn.next();
  for (let i = from; i < count; ) {
    step(i++);
    if (i < count && turn.spent()) await turn.next();
  }
}
