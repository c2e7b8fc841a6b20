/** A task run every `intervalMs`, never overlapping itself; errors go to the registered handler. */
export interface PeriodicTask {
  onError(handler: (err: unknown) => void): void;
  stop(): void;
}

/** Runs `task` every `intervalMs` (not at all when it is 0), waiting for one run to end before timing the next. */
export function every(intervalMs: number, task: () => Promise<void>): PeriodicTask {
  let onError: (err: unknown) => void = () => {};
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const schedule = (): void => {
    if (stopped || intervalMs <= 0) return;
    timer = setTimeout(() => {
      task()
        .catch((err: unknown) => onError(err))
        .finally(schedule);
    }, intervalMs);
    timer.unref();
  };
  schedule();
  return {
    onError(handler) {
      onError = handler;
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
