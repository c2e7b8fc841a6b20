/**
 * Counts the turns of the event loop (a `setImmediate` chain) until stopped: a task that runs in
 * slices lets it advance, one that holds the loop does not.
 */
export interface TurnCounter {
  /** Stops counting and returns the turns that ran. */
  stop(): number;
}

export function countTurns(): TurnCounter {
  let turns = 0;
  let counting = true;
  const tick = (): void => {
    if (!counting) return;
    turns++;
    setImmediate(tick);
  };
  setImmediate(tick);
  return {
    stop: () => {
      counting = false;
      return turns;
    },
  };
}
