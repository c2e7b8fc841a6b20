/**
 * Loops over large inputs in slices, yielding to the event loop between them, so that one large
 * notification (a group of 10,000 alerts) does not hold up the API, the ingest and the other
 * groups' notifications for the whole of its work. An input done within its first slice costs
 * neither a promise nor a turn.
 */

/** How long one slice may run before the loop yields. */
export const SLICE_MS = 8;
// The clock is read once per this many steps.
const STEPS_PER_CHECK = 64;

/**
 * Calls `step(i)` for each `i` in [0, count), in order, yielding (`setImmediate`) whenever a
 * slice has run `sliceMs`. Returns undefined when every step ran at once; otherwise a promise
 * that resolves after the last step or rejects with what a step threw, after which no step runs.
 * A step of the first slice that throws throws to the caller, as a plain loop would.
 */
export function forEachSliced(count: number, step: (index: number) => void, sliceMs = SLICE_MS): Promise<void> | undefined {
  const first = runSlice(step, 0, count, sliceMs);
  if (first === count) return undefined;
  return new Promise((resolve, reject) => {
    let next = first;
    const resume = (): void => {
      try {
        next = runSlice(step, next, count, sliceMs);
      } catch (error) {
        reject(error);
        return;
      }
      if (next === count) resolve();
      else setImmediate(resume);
    };
    setImmediate(resume);
  });
}

// Runs steps from `from` until the slice's time is up; returns the next step to run.
function runSlice(step: (index: number) => void, from: number, count: number, sliceMs: number): number {
  const until = performance.now() + sliceMs;
  let i = from;
  while (i < count) {
    const end = Math.min(count, i + STEPS_PER_CHECK);
    for (; i < end; i++) step(i);
    if (performance.now() >= until) break;
  }
  return i;
}
