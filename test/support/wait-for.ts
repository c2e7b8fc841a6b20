import { setTimeout as sleep } from 'node:timers/promises';

/** Polls `condition` every 100ms until it holds; throws `Timed out waiting for <what>` otherwise. */
export async function waitFor(what: string, timeoutMs: number, condition: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(100);
  }
}
