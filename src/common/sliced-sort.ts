/**
 * Sorts large arrays in slices, yielding to the event loop between them: ordering the 100,000
 * alerts of one group takes a few hundred milliseconds, which one turn must not hold.
 */
import { SLICE_MS } from './sliced-loop.ts';
import { TurnTimer } from './turn-timer.ts';

/**
 * Runs sorted by the built-in sort, then merged. A slice reads the clock every 64 steps, so a step
 * must stay cheap: with runs of 256 alerts, a run's sort took about a quarter of a millisecond
 * in a profile, so 64 of them held the loop some 15 ms where a slice was to end after 8.
 */
const RUN = 32;

/**
 * Resolves with a new array of `items` in `compare` order, stable like `Array.prototype.sort`:
 * runs of 32 sorted one per step, then merged pairwise, one item per step, yielding whenever a
 * slice has run `sliceMs`. Rejects with what `compare` throws.
 */
export async function sortInSlices<T>(items: readonly T[], compare: (a: T, b: T) => number, sliceMs = SLICE_MS): Promise<T[]> {
  let from = items.slice();
  // One timer for both phases, so that the merging does not start a slice of its own in the turn
  // where the runs ended.
  const turn = new TurnTimer(sliceMs);
  for (let start = 0; start < from.length; start += RUN) {
    sortRun(from, start, Math.min(start + RUN, from.length), compare);
    if (turn.spent()) await turn.next();
  }
  if (from.length <= RUN) return from;
  let to = new Array<T>(from.length);
  for (let width = RUN; width < from.length; width *= 2) {
    for (let left = 0; left < from.length; left += 2 * width) {
      const mid = Math.min(left + width, from.length);
      const end = Math.min(left + 2 * width, from.length);
      let i = left;
      let j = mid;
      for (let k = left; k < end; k++) {
        // Ties take the left run's item first: that keeps the sort stable.
        if (j >= end || (i < mid && compare(from[i] as T, from[j] as T) <= 0)) to[k] = from[i++] as T;
        else to[k] = from[j++] as T;
        if (turn.spent()) await turn.next();
      }
    }
    [from, to] = [to, from];
  }
  return from;
}

function sortRun<T>(items: T[], start: number, end: number, compare: (a: T, b: T) => number): void {
  const run = items.slice(start, end).sort(compare);
  for (let k = 0; k < run.length; k++) items[start + k] = run[k] as T;
}
